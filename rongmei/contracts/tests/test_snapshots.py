"""考核快照：冻结、不可修改、导出 Excel/Word 的数字等于快照、命令行、从快照输入可复算。"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rongmei.contracts import services
from rongmei.contracts.models import Snapshot
from rongmei.engines.kpi import evaluate, fact_from_mapping, parse_contract
from rongmei.engines.kpi.facts import FactSet

from .factories import anyuan

pytestmark = pytest.mark.django_db


@pytest.fixture
def snap(workspace, personas):
    anyuan(workspace)
    return services.snapshot_create(actor=personas["client_officer"], workspace=workspace,
                                    as_of=dt.date(2025, 6, 30), period="h1", kind="midterm")


def test_snapshot_freezes_inputs_and_is_immutable(snap):
    assert snap.version.number == 1 and snap.engine_version == "kpi-2" and snap.period == "h1"
    assert snap.facts_count == len(snap.facts) > 100
    assert all(f["date"] <= "2025-06-30" for f in snap.facts)
    assert snap.result["score"] == snap.score
    snap.title = "改"
    with pytest.raises(ValidationError):
        snap.save()
    with pytest.raises(ValidationError):
        snap.delete()
    assert Snapshot.objects.get(pk=snap.pk).title != "改"


def test_snapshot_inputs_reproduce_the_result(snap):
    contract = parse_contract(snap.version.yaml_text).contract
    facts = []
    for i, d in enumerate(snap.facts, 1):
        d = dict(d)
        d["id"] = d.pop("ref")
        facts.append(fact_from_mapping(d, line=i)[0])
    ev = evaluate(contract, FactSet(facts), as_of=snap.as_of, period=snap.period)
    assert ev.score == snap.score and ev.payment_ratio == snap.payment_ratio


def test_xlsx_export_numbers_equal_snapshot(client, workspace, personas, snap):
    from openpyxl import load_workbook

    client.force_login(personas["analyst"])
    r = client.get(reverse("contracts:snapshot_download", kwargs={"ws": workspace.slug, "pk": snap.pk, "fmt": "xlsx"}))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    sheet = wb["评分表"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1] and isinstance(row[4], int | float)]
    assert [(row[1], round(row[4], 4)) for row in rows] == \
        [(i["name"], round(i["score"], 4)) for i in snap.result["indicators"]]
    ob_rows = {row[0]: row for row in wb["义务进度"].iter_rows(values_only=True) if row and row[0]}
    for o in snap.result["obligations"]:
        assert ob_rows[o["name"]][1] == pytest.approx(o["pace"]["done"])


def test_docx_export_contains_snapshot_numbers(client, workspace, personas, snap):
    from docx import Document

    client.force_login(personas["manager"])
    r = client.get(reverse("contracts:snapshot_download", kwargs={"ws": workspace.slug, "pk": snap.pk, "fmt": "docx"}))
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"总分 {snap.score:.2f}" in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for i in snap.result["indicators"]:
        assert f"{i['score']:,.2f}" in cells
    from rongmei.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", object_type="contracts.snapshot").exists()


def test_snapshot_pages_and_list_query_count(client, workspace, personas, snap, django_assert_max_num_queries):
    client.force_login(personas["client_leader"])
    with django_assert_max_num_queries(20):
        r = client.get(reverse("contracts:snapshots", kwargs={"ws": workspace.slug}))
    assert snap.title in r.content.decode() and 'data-testid="snapshot-form"' not in r.content.decode()
    r = client.get(reverse("contracts:snapshot", kwargs={"ws": workspace.slug, "pk": snap.pk}))
    assert f"{snap.score:.2f}" in r.content.decode() and 'data-testid="export-xlsx"' not in r.content.decode()


def test_web_freeze_form(client, workspace, personas):
    anyuan(workspace)
    client.force_login(personas["client_officer"])
    r = client.post(reverse("contracts:snapshots", kwargs={"ws": workspace.slug}),
                    {"kind": "final", "period": "annual", "as_of": "2025-09-30", "title": ""})
    assert r.status_code == 302
    s = Snapshot.objects.get()
    assert s.kind == "final" and s.created_by == personas["client_officer"] and "终验" in s.title


def test_api_snapshots_list_create_download(client, workspace, personas):
    anyuan(workspace)
    client.force_login(personas["manager"])
    base = f"/api/contracts/{workspace.slug}/snapshots"
    r = client.post(base, data={"as_of": "2025-06-30", "period": "h9"}, content_type="application/json")
    assert r.status_code == 422
    r = client.post(base, data={"as_of": "2025-06-30", "period": "h1"}, content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    assert [s["id"] for s in client.get(base).json()] == [pk]
    data = client.get(f"{base}/{pk}/download?format=json").json()
    assert data["result"]["score"] == r.json()["score"] and data["contract_yaml"].startswith("#")
    r = client.get(f"{base}/{pk}/download?format=docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_management_command(workspace, personas):
    anyuan(workspace)
    out = io.StringIO()
    call_command("contract_snapshot", "--workspace", workspace.slug, "--as-of", "2025-09-30", "--period", "h1",
                 stdout=out)
    s = Snapshot.objects.get()
    assert f"#{s.pk}" in out.getvalue() and "总分" in out.getvalue()
    from rongmei.audit.models import AuditEvent

    assert AuditEvent.objects.filter(object_type="contracts.snapshot", source="cli").exists()
    with pytest.raises(CommandError, match="没有冻结考核快照的权限"):
        call_command("contract_snapshot", "--workspace", workspace.slug, "--as-of", "2025-09-30",
                     "--user", personas["editor"].username)
    with pytest.raises(CommandError, match="不存在"):
        call_command("contract_snapshot", "--workspace", "nope", "--as-of", "2025-09-30")
    json.dumps(s.result)
