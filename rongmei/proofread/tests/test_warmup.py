"""引擎在进程启动时加载一次：预热之后，在线审校和送审的自动检查不再编译规则。"""

from __future__ import annotations

import pytest

from rongmei.core import warmup
from rongmei.engines.proofing import compiled
from rongmei.proofread import services

pytestmark = pytest.mark.django_db


def test_warmup_compiles_every_workspace_once_then_requests_reuse_it(workspace, other_workspace, personas,
                                                                   monkeypatch):
    compiled._cache.clear()
    services._data_cache.clear()
    took = warmup.run_all()
    assert "proofread.engine" in took

    def no_compile(*args, **kwargs):
        raise AssertionError("请求时又编译了一次规则")

    monkeypatch.setattr(compiled, "compile_rules", no_compile)
    run = services.proof_run(actor=personas["editor"], workspace=workspace, text="文中提到法轮功的有关情况。")
    assert any(f["text"] == "法轮功" for f in run.findings)
    services.engine_for(other_workspace).check("另一个工作区的稿件。")


def test_lexicon_change_recompiles_only_that_workspace(workspace, other_workspace, personas, monkeypatch):
    compiled._cache.clear()
    services._data_cache.clear()
    warmup.run_all()
    calls = []
    real = compiled.compile_rules
    monkeypatch.setattr(compiled, "compile_rules", lambda *a, **k: calls.append(1) or real(*a, **k))
    services.entry_create(actor=personas["manager"], workspace=workspace, category="sensitive",
                          data={"term": "测试禁词甲", "severity": "高"})
    found = services.engine_for(workspace).check("这里有测试禁词甲。")
    assert [f.text for f in found if f.category == "sensitive"] == ["测试禁词甲"]
    services.engine_for(other_workspace)
    assert len(calls) == 1  # 只有词条变了的工作区重新编译


def test_gunicorn_master_warms_before_forking(workspace, monkeypatch):
    """``rongmei serve`` 的 gunicorn 配置：preload 后在主进程预热，工作进程 fork 时已带着编译好的引擎。"""
    from rongmei import gunicorn_conf

    class Server:
        class log:  # 模仿 gunicorn 的 server.log
            messages: list[str] = []

            @classmethod
            def info(cls, msg, *args):
                cls.messages.append(msg % args)

    from django.db import connections

    closed = []
    # the master closes its connections before forking; inside this test's transaction that would end the
    # test's own connection on PostgreSQL, so record the call instead of making it
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    compiled._cache.clear()
    services._data_cache.clear()
    assert gunicorn_conf.preload_app is True
    gunicorn_conf.when_ready(Server)
    assert "proofread.engine" in Server.log.messages[0]
    assert closed  # no database connection is carried into the forked workers
    monkeypatch.setattr(compiled, "compile_rules", lambda *a, **k: (_ for _ in ()).throw(AssertionError("重编译")))
    services.engine_for(workspace).check("市民可登陆网站办理。")


def test_check_page_does_not_reload_the_engine_per_request(personas, workspace, client, monkeypatch):
    """在线审校页：词典与规则在进程里只加载、编译一次；连续三次提交都不再加载或编译（issue 15：原来每次请求都加载，172 字要 7.8 秒）。"""
    from django.urls import reverse

    from rongmei.engines.proofing import words

    warmup.run_all()
    loads = words.loads

    def no_compile(*args, **kwargs):
        raise AssertionError("请求时又编译了一次规则")

    monkeypatch.setattr(compiled, "compile_rules", no_compile)
    monkeypatch.setattr(words, "_build", no_compile)
    client.force_login(personas["editor"])
    url = reverse("proofread:check", kwargs={"ws": workspace.slug})
    for text, suggestion in (("台湾总统发表讲话。", "台湾地区领导人"), ("他高兴的说：“好！”", "地"),
                             ("我们要发扬拼博精神。", "拼搏")):
        html = client.post(url, {"text": text}).content.decode()
        assert f'data-suggestion="{suggestion}"' in html
    assert words.loads == loads <= 1
