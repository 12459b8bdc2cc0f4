from django.db import models


class PubState(models.TextChoices):
    """发布队列行的状态（日历按此着色）。"""

    PLANNED = "planned", "计划"
    QUEUED = "queued", "排队"
    PUBLISHING = "publishing", "发布中"
    PUBLISHED = "published", "已发布"
    FAILED = "failed", "失败"
    MANUAL = "manual", "待人工发布"
    UNCERTAIN = "uncertain", "待人工核实"
    WITHDRAWN = "withdrawn", "已撤回"


PUB_STATE_COLOURS = {
    PubState.PLANNED: "blue",
    PubState.QUEUED: "cyan",
    PubState.PUBLISHING: "yellow",
    PubState.PUBLISHED: "green",
    PubState.FAILED: "red",
    PubState.MANUAL: "purple",
    PubState.UNCERTAIN: "orange",
    PubState.WITHDRAWN: "secondary",
}

# 还没发出、排期检查要计入的状态
ACTIVE_STATES = (PubState.PLANNED, PubState.QUEUED, PubState.PUBLISHING, PubState.MANUAL, PubState.UNCERTAIN,
                 PubState.PUBLISHED)
# 哪些状态可以改期、撤回、立即发布、重新发布、登记结果：见 workflow.TRANSITIONS（唯一的一处）

# 发布方式（发布记录、导出清单）
METHOD_API = "接口发布"
METHOD_MANUAL = "手工登记"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "待甲方审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


CHANGE_STATUS_COLOURS = {ChangeStatus.PENDING: "orange", ChangeStatus.APPROVED: "green", ChangeStatus.REJECTED: "red"}

# 推荐发布时段（北京规自委合同“发布时间”条款；production.selectors.recommended_windows 存在时以其为准）
DEFAULT_WINDOWS: dict[str, list[tuple[int, int]]] = {
    "wechat": [(8, 9), (11, 12), (18, 19)],
    "weibo": [(9, 10), (16, 18), (21, 24)],
}
