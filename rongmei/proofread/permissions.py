from enum import StrEnum

from rongmei.core.permissions import INSIDE_ROLES, OPERATOR_ROLES, declare
from rongmei.workspaces.choices import Role


class ProofPerm(StrEnum):
    USE = "proofread.use"
    VIEW_LEXICON = "proofread.view_lexicon"
    MANAGE_LEXICON = "proofread.manage_lexicon"
    PROPOSE_WHITELIST = "proofread.propose_whitelist"
    DECIDE_WHITELIST = "proofread.decide_whitelist"
    VIEW_RUNS = "proofread.view_runs"


declare(
    {
        ProofPerm.USE: INSIDE_ROLES,
        ProofPerm.VIEW_LEXICON: INSIDE_ROLES,
        ProofPerm.MANAGE_LEXICON: {Role.MANAGER, Role.REVIEWER},
        ProofPerm.PROPOSE_WHITELIST: OPERATOR_ROLES,
        ProofPerm.DECIDE_WHITELIST: {Role.MANAGER, Role.REVIEWER},
        ProofPerm.VIEW_RUNS: {Role.MANAGER, Role.REVIEWER, Role.CLIENT_LEADER},
    },
    {
        ProofPerm.USE: "使用在线审校",
        ProofPerm.VIEW_LEXICON: "查看审校词库",
        ProofPerm.MANAGE_LEXICON: "维护审校词库",
        ProofPerm.PROPOSE_WHITELIST: "申请加入白名单",
        ProofPerm.DECIDE_WHITELIST: "审批白名单申请",
        ProofPerm.VIEW_RUNS: "查看审校使用记录",
    },
)
