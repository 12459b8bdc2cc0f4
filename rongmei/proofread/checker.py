"""审核链的自动检查器（``rongmei.core.checkers`` 中登记为 ``ai_proofread``）。"""

from __future__ import annotations

from rongmei.core import clock

from .services import engine_for


class WorkspaceProofChecker:
    """``check(text, *, workspace) -> list[dict]``：用带工作区词条与白名单的引擎检查，结果为 ``Finding.to_dict()``。"""

    key = "ai_proofread"
    label = "AI 审校"

    def check(self, text: str, *, workspace) -> list[dict]:
        return [f.to_dict() for f in engine_for(workspace).check(text or "", date=clock.today())]


def factory() -> WorkspaceProofChecker:
    return WorkspaceProofChecker()
