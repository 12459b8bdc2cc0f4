"""审核流程与推荐发布时段的预设（来自合同与运营指南），安装后可在页面上修改。"""

from __future__ import annotations

import datetime as dt

from rongmei.workspaces.choices import Role

# (顺序, 名称, 类型, 审校形式, 角色, 一般内容可跳过, 时限工作日, 自动检查器, 要求[, 允许作者本人审核])
# 默认不允许作者审核自己的稿件（职责分离）；只有明确为“编辑自审”的环节允许。
CHAIN_PRESETS: dict[str, dict] = {
    "beijing5": {
        "name": "五级审校（一审 AI 审校 → 终审）",
        "reopen": 3,
        "stages": [
            (1, "一审", "proofread", "AI 审校", [Role.EDITOR, Role.REVIEWER], False, 1, "ai_proofread",
             "政治有害信息排查；落马官员信息检测；领导人语录引用检测；领导职务姓名信息核实；字词句错误提示"),
            (2, "二审", "proofread", "人工审校（复核）", [Role.REVIEWER], True, 1, "",
             "对 AI 审校结果进行复核；排版错误订正；多媒体元素、画面、音频、字幕检查"),
            (3, "三审", "review", "人工审校", [Role.MANAGER], False, 1, "",
             "政治风险复核，有害信息过滤；舆情风险内容警示；视频整体呈现效果；初审结果复核"),
            (4, "四审", "review", "复核", [Role.CLIENT_OFFICER], True, 1, "", "宣传中心执行人员复核"),
            (5, "终审", "review", "人工审校（发布确认）", [Role.CLIENT_LEADER], False, 2, "",
             "审核结果确认；政治导向把关；涉领导人等敏感信息把关；整体发布效果"),
        ],
    },
    "sanji4shen": {
        "name": "三级四审",
        "reopen": 1,
        "stages": [
            (1, "一审", "proofread", "编辑自审与校对", [Role.EDITOR], False, 1, "ai_proofread", "文字、事实、格式", True),
            (2, "二审", "review", "审核员审核", [Role.REVIEWER], False, 1, "", "内容合法性、真实性、准确性、保密性"),
            (3, "三审", "review", "组长审核", [Role.MANAGER], False, 1, "", "导向与整体效果"),
            (4, "四审", "review", "甲方审定", [Role.CLIENT_OFFICER, Role.CLIENT_LEADER], False, 2, "",
             "经甲方审定方可发布"),
        ],
    },
    "three_step": {
        "name": "编辑 → 审核 → 领导审批",
        "reopen": 1,
        "stages": [
            (1, "校对", "proofread", "编辑校对", [Role.EDITOR, Role.REVIEWER], False, 1, "", "准确、规范、可读"),
            (2, "审核", "review", "审核员审核", [Role.REVIEWER], False, 1, "", "合法性、真实性、准确性、保密性"),
            (3, "领导审批", "review", "部门负责人审批", [Role.CLIENT_LEADER], True, 2, "", "重要信息须经审批"),
        ],
    },
}

PRESET_LABELS = {key: value["name"] for key, value in CHAIN_PRESETS.items()}


def _t(h: int, m: int = 0) -> dt.time:
    return dt.time(h, m)


#: 推荐发布时段预设：seed 001（北京）与 seed 003（运营指南）
WINDOW_PRESETS: dict[str, list[tuple[str, dt.time, dt.time, bool, str]]] = {
    "beijing": [
        ("wechat", _t(8), _t(9), True, "工作日早间"),
        ("wechat", _t(11), _t(12), True, "工作日午间"),
        ("wechat", _t(18), _t(19), True, "工作日晚间"),
        ("weibo", _t(9), _t(10), False, "微博高峰"),
        ("weibo", _t(16), _t(18), False, "微博高峰"),
        ("weibo", _t(21), _t(23, 59), False, "微博高峰"),
    ],
    "guide": [
        ("wechat", _t(7), _t(9), False, "早间活跃"),
        ("wechat", _t(12), _t(14), False, "午间活跃"),
        ("wechat", _t(19), _t(22), False, "晚间活跃"),
    ],
}
