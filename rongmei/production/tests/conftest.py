from __future__ import annotations

import pytest

from rongmei.core import checkers


class FakeChecker:
    """测试用的小检查器：把“登陆”标为错别字，建议“登录”。"""

    def check(self, text: str, *, workspace) -> list[dict]:
        out = []
        start = text.find("登陆")
        while start != -1:
            out.append({"start": start, "end": start + 2, "text": "登陆", "category": "错别字", "rule": "typo.denglu",
                        "severity": "中", "suggestion": "登录", "message": "“登陆”应为“登录”"})
            start = text.find("登陆", start + 2)
        return out


@pytest.fixture
def fake_checker():
    saved = dict(checkers._CHECKERS)
    checkers.register("ai_proofread", "AI 审校（测试）", FakeChecker)
    yield
    checkers._CHECKERS.clear()
    checkers._CHECKERS.update(saved)


@pytest.fixture
def no_checker():
    saved = dict(checkers._CHECKERS)
    checkers._CHECKERS.pop("ai_proofread", None)
    yield
    checkers._CHECKERS.clear()
    checkers._CHECKERS.update(saved)


@pytest.fixture
def chain(workspace, personas):
    from rongmei.production.services import chain_install_preset

    chain = chain_install_preset(actor=personas["manager"], workspace=workspace, preset="beijing5")
    # 这些测试里编辑小王既写稿又做一审（编辑自查）：明确把一审配置为允许作者自审。
    # 默认的职责分离（作者不能审自己的稿件）由 test_review_chain.py 测试。
    chain.stages.filter(order=1).update(allow_author=True)
    return chain


@pytest.fixture
def make_item(workspace, personas):
    from rongmei.production.services import item_create

    def make(title="关于优化营商环境的政策解读", body="市民可登陆网站办理不动产登记。", kind="article", **kw):
        return item_create(actor=kw.pop("actor", personas["editor"]), workspace=workspace, title=title, body=body,
                           kind=kind, **kw)

    return make
