from django.apps import AppConfig


class ProofreadConfig(AppConfig):
    name = "rongmei.proofread"
    label = "proofread"
    verbose_name = "AI审校"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import checkers, home, labels, nav, warmup
        from rongmei.engines.proofing import CATEGORIES

        from . import permissions  # noqa: F401
        from .checker import factory
        from .permissions import ProofPerm
        from .services import engines_warm
        from .shapes import SHAPES
        from .widgets import pending_proposals_widget

        checkers.register("ai_proofread", "AI 审校", factory)
        labels.register("checker", {"ai_proofread": "AI 审校"})
        labels.register("proof_category", CATEGORIES)
        labels.register("proof_source", {"rules": "规则", "model": "大模型复核"})
        labels.register("field", {f.name: f.label for fields in SHAPES.values() for f in fields
                                  if f.name not in ("term", "title", "note", "date", "name")})
        labels.register("field", {"term": "词条", "rule": "规则", "category": "类别", "message": "说明",
                                  "start": "起始位置", "end": "结束位置", "text": "原文", "rulepack": "规则包",
                                  "source": "来源"})
        warmup.register("proofread.engine", engines_warm)
        nav.register(nav.NavItem("proofread", "在线审校", "proofread:check", ProofPerm.USE, icon="spell-check",
                                 order=20, group=nav.CONTENT,
                                 roles=nav.roles("manager", "editor", "reviewer", "designer", "video", "support",
                                                 "client_officer")))
        nav.register(nav.NavItem("lexicon", "审校词库", "proofread:lexicon", ProofPerm.VIEW_LEXICON, icon="book",
                                 order=50, badge=_pending_badge, group=nav.CONTENT,
                                 roles=nav.roles("manager", "editor", "reviewer")))
        home.register(home.Widget("proofread.proposals", ProofPerm.DECIDE_WHITELIST, pending_proposals_widget,
                                  order=40, size=home.THIRD))


def _pending_badge(request):
    from .permissions import ProofPerm
    from .selectors import pending_proposal_count

    if not request.can(ProofPerm.DECIDE_WHITELIST):
        return None
    return pending_proposal_count(request.workspace) or None
