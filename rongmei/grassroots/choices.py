"""基层网络的状态与类别（中文标签、颜色）。"""

from django.db import models


class UnitKind(models.TextChoices):
    LEAGUE = "league", "盟市"
    BANNER = "banner", "旗县"
    TOWNSHIP = "township", "乡镇（苏木）"
    DEPARTMENT = "department", "部门"
    OTHER = "other", "其他"


class MemberKind(models.TextChoices):
    CONTRIBUTOR = "contributor", "信息供稿员"
    COLLECTOR = "collector", "视频采集员"
    COMMISSIONER = "commissioner", "专职委员"


class ClueStatus(models.TextChoices):
    SUBMITTED = "submitted", "待处理"
    VERIFY = "verify", "待核实"
    ADOPTED = "adopted", "采用"
    REJECTED = "rejected", "不采用"


CLUE_STATUS_COLOURS = {
    ClueStatus.SUBMITTED: "blue",
    ClueStatus.VERIFY: "orange",
    ClueStatus.ADOPTED: "green",
    ClueStatus.REJECTED: "secondary",
}


class PortraitConsent(models.TextChoices):
    NO_PEOPLE = "none", "画面中没有可辨认的人"
    OBTAINED = "obtained", "已取得画面中人员同意"
    NOT_OBTAINED = "missing", "画面中有人，尚未取得同意"


class PointKind(models.TextChoices):
    ADOPTED = "adopted", "线索被采用"
    PUBLISHED = "published", "稿件已发布"
    BONUS = "bonus", "奖励"
    REVERSAL = "reversal", "冲销"


#: 默认积分：采用一条线索、据此发布一篇稿件（工作区可在基层网络设置中修改）
DEFAULT_POINTS = {PointKind.ADOPTED: 5, PointKind.PUBLISHED: 10}


class PlacementLevel(models.TextChoices):
    MUNICIPAL = "municipal", "市级"
    PROVINCIAL = "provincial", "省级"
    CENTRAL = "central", "中央级"
    NATIONAL = "national", "国家级"


#: 合同事实（facts-v1）里的媒体级别：中央级媒体按国家级主流媒体计
FACT_LEVEL = {
    PlacementLevel.MUNICIPAL: "municipal",
    PlacementLevel.PROVINCIAL: "provincial",
    PlacementLevel.CENTRAL: "national",
    PlacementLevel.NATIONAL: "national",
}


class ExchangeState(models.TextChoices):
    PLANNED = "planned", "计划中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class ExchangeDirection(models.TextChoices):
    OUT = "out", "我方推荐对方"
    IN = "in", "对方推荐我方"
    BOTH = "both", "互相推荐"


class Audience(models.TextChoices):
    CONTRIBUTOR = "contributor", "基层信息供稿员"
    COLLECTOR = "collector", "基层视频采集员"
    ALL = "all", "全体基层人员"


class SessionMode(models.TextChoices):
    OFFLINE = "offline", "线下"
    ONLINE = "online", "线上"


class Attendance(models.TextChoices):
    ENROLLED = "enrolled", "已报名"
    ATTENDED = "attended", "已签到"
    ABSENT = "absent", "缺席"


class Method(models.TextChoices):
    EVENT = "event", "现场活动扫码关注"
    QUIZ = "quiz", "线上答题"
    DRAW = "draw", "抽奖"
    EXCHANGE = "exchange", "互推互粉"
    CONTENT = "content", "优质内容转发"
    OFFLINE = "offline", "线下宣传物料"


class FollowEventKind(models.TextChoices):
    SUBSCRIBE = "subscribe", "关注"
    UNSUBSCRIBE = "unsubscribe", "取消关注"
    SCAN = "scan", "已关注用户扫码"
    ACTIVE = "active", "互动（留言、点菜单）"


class DrawState(models.TextChoices):
    COMMITTED = "committed", "已公布种子哈希"
    DRAWN = "drawn", "已开奖"


class RuleBasis(models.TextChoices):
    RANK_TOP = "rank_top", "月度名次在前 N 名"
    RANK_BOTTOM = "rank_bottom", "月度名次在后 N 名"
    PROGRESS_AT_LEAST = "progress_gte", "净增完成率达到 N%"
    FLAGGED = "flagged", "触发任一质量护栏"
    FAST_UNFOLLOW = "fast_unfollow", "触发“7 天内取关”护栏"
    NEVER_ACTIVE = "never_active", "触发“关注后从无互动”护栏"


#: 需要填 N 的规则依据
RULE_NEEDS_N = {RuleBasis.RANK_TOP, RuleBasis.RANK_BOTTOM, RuleBasis.PROGRESS_AT_LEAST}


class RuleEffect(models.TextChoices):
    REWARD = "reward", "奖励"
    PENALTY = "penalty", "约束"


class ChannelPlatform(models.TextChoices):
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    KUAISHOU = "kuaishou", "快手"
    TOUTIAO = "toutiao", "今日头条"
    BAIJIAHAO = "baijiahao", "百家号"
    CHANNELS = "channels", "微信视频号"
    OTHER = "other", "其他平台"


class MaterialKind(models.TextChoices):
    FILE = "file", "课件资料"
    VIDEO = "video", "培训视频"
