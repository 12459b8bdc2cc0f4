"""Issue 14 item 1: one upload must not lock the site. While an import is parsing its file, another
connection can still write (SQLite: the parse used to run inside an IMMEDIATE transaction, so every
other write failed with “database is locked”). The parser is wrapped to make that write mid-parse."""

from __future__ import annotations

import io
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from rongmei.contracts import services as contract_services
from rongmei.engines.exports.tests import builders as b
from rongmei.metrics import services as metric_services
from rongmei.proofread import services as proof_services

pytestmark = pytest.mark.django_db(transaction=True)


def _write_from_another_connection() -> str:
    """Create a user from a second thread (its own connection); returns "" or the error."""
    outcome: list[str] = []

    def work():
        try:
            get_user_model().objects.create(username=f"during-parse-{threading.get_ident()}")
            outcome.append("")
        except Exception as exc:
            outcome.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    return outcome[0] if outcome else "timeout"


def _spy(monkeypatch, module, name):
    seen: dict[str, object] = {}
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        seen["in_transaction"] = connection.in_atomic_block
        seen["other_write"] = _write_from_another_connection()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return seen


def test_facts_import_parses_outside_the_write_transaction(monkeypatch, personas, workspace):
    seen = _spy(monkeypatch, contract_services, "parse_jsonl")
    content = '{"type": "training", "date": "2025-03-01", "course": "培训", "hours": 2, "attendees": 30}\n'.encode()
    batch, created = contract_services.facts_import(actor=personas["manager"], workspace=workspace,
                                                    filename="事实.jsonl", content=content)
    assert created and batch.fact_count == 1
    assert seen == {"in_transaction": False, "other_write": ""}


def test_metrics_import_parses_outside_the_write_transaction(monkeypatch, personas, workspace, platforms, tmp_path):
    from rongmei.workspaces.models import OfficialAccount

    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="测试公众号")
    data = b.write_html_xls(tmp_path / "user_analysis.xls", b.WECHAT_USER_HEADERS, b.wechat_user_rows()).read_bytes()
    seen = _spy(monkeypatch, metric_services, "parse_export")
    batch, fresh = metric_services.metrics_import(actor=personas["manager"], account=account,
                                                  filename="user_analysis.xls", data=data)
    assert fresh and batch.rows_created
    assert seen == {"in_transaction": False, "other_write": ""}


def test_lexicon_import_parses_outside_the_write_transaction(monkeypatch, personas, workspace):
    seen = _spy(monkeypatch, proof_services, "_read_wordlist")
    result = proof_services.entries_import(actor=personas["manager"], workspace=workspace, category="fallen_official",
                                           upload=io.BytesIO("贾仁义\t2024-03-05\n".encode()), filename="名单.txt")
    assert result.created == 1
    assert seen == {"in_transaction": False, "other_write": ""}
