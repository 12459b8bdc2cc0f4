from enum import StrEnum

from rongmei.core.permissions import declare
from rongmei.workspaces.choices import Role

ORGANISER = {Role.MANAGER, Role.CLIENT_OFFICER}


class CasePerm(StrEnum):
    VIEW = "cases.view"
    MANAGE = "cases.manage"
    APPLY = "cases.apply"
    CONFIRM_UNITS = "cases.confirm_units"
    REVIEW = "cases.review"
    SCORE = "cases.score"
    RESULTS = "cases.results"


declare(
    {
        CasePerm.VIEW: ORGANISER | {Role.CLIENT_LEADER, Role.APPLICANT, Role.REGIONAL, Role.EXPERT},
        CasePerm.MANAGE: ORGANISER,
        CasePerm.APPLY: {Role.APPLICANT},
        CasePerm.CONFIRM_UNITS: ORGANISER | {Role.REGIONAL},
        CasePerm.REVIEW: ORGANISER | {Role.REGIONAL},
        CasePerm.SCORE: {Role.EXPERT},
        CasePerm.RESULTS: ORGANISER | {Role.CLIENT_LEADER},
    },
    {
        CasePerm.VIEW: "查看典型案例征集",
        CasePerm.MANAGE: "发布征集、组织评审、决定评选结果",
        CasePerm.APPLY: "填写与提交本单位的申报",
        CasePerm.CONFIRM_UNITS: "确认申报单位注册",
        CasePerm.REVIEW: "地区初审与推荐排序",
        CasePerm.SCORE: "评审打分",
        CasePerm.RESULTS: "查看评审结果",
    },
)
