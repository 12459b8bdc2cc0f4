from enum import StrEnum

from rongmei.core.choices import Role
from rongmei.core.permissions import CLIENT_ROLES, INSIDE_ROLES, declare


class GrassrootsPerm(StrEnum):
    VIEW = "grassroots.view"  # 排行、媒体采用、培训进度、涨粉质量（乙方与甲方）
    SUBMIT = "grassroots.submit"  # 报送新闻线索
    MINE = "grassroots.mine"  # 看自己的线索与积分（单位管理员看本单位及下级）
    CLUE = "grassroots.clue"  # 打开一条线索（报送人看自己的，单位管理员看本单位子树，编辑看全部）
    TRIAGE = "grassroots.triage"  # 处理线索：采用、待核实、不采用
    PLACE = "grassroots.place"  # 登记媒体采用、互推
    TRAIN = "grassroots.train"  # 培训课程、场次、签到导入
    POINTS = "grassroots.points"  # 冲销积分、奖励积分
    CAMPAIGN = "grassroots.campaign"  # 看涨粉活动（单位管理员只读、只看本单位子树）
    MANAGE = "grassroots.manage"  # 单位树、基层人员、涨粉活动、答题抽奖
    EXPORT = "grassroots.export"  # 导出排行、采用清单、培训台账


declare(
    {
        GrassrootsPerm.VIEW: INSIDE_ROLES,
        GrassrootsPerm.SUBMIT: {Role.CONTRIBUTOR, Role.MANAGER, Role.EDITOR},
        GrassrootsPerm.MINE: {Role.CONTRIBUTOR},
        GrassrootsPerm.CLUE: {Role.CONTRIBUTOR, Role.MANAGER, Role.EDITOR},
        GrassrootsPerm.TRIAGE: {Role.MANAGER, Role.EDITOR},
        GrassrootsPerm.PLACE: {Role.MANAGER, Role.EDITOR, Role.ANALYST},
        GrassrootsPerm.TRAIN: {Role.MANAGER},
        GrassrootsPerm.POINTS: {Role.MANAGER},
        GrassrootsPerm.CAMPAIGN: INSIDE_ROLES | {Role.CONTRIBUTOR},
        GrassrootsPerm.MANAGE: {Role.MANAGER},
        GrassrootsPerm.EXPORT: {Role.MANAGER, Role.ANALYST} | CLIENT_ROLES,
    },
    {
        GrassrootsPerm.VIEW: "查看基层网络",
        GrassrootsPerm.SUBMIT: "报送新闻线索",
        GrassrootsPerm.MINE: "查看本人线索与积分",
        GrassrootsPerm.CLUE: "查看新闻线索",
        GrassrootsPerm.TRIAGE: "处理新闻线索",
        GrassrootsPerm.PLACE: "登记媒体采用与互推",
        GrassrootsPerm.TRAIN: "管理培训",
        GrassrootsPerm.POINTS: "冲销与奖励积分",
        GrassrootsPerm.CAMPAIGN: "查看涨粉活动",
        GrassrootsPerm.MANAGE: "管理基层网络",
        GrassrootsPerm.EXPORT: "导出基层网络台账",
    },
)
