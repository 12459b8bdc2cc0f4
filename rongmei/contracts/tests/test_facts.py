"""履约事实：手工录入、文件导入（整文件拒绝、重复导入不变）、事实注册表。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rongmei.contracts import selectors, services
from rongmei.contracts.models import Fact, FactImport
from rongmei.core import facts as fact_registry

from .factories import jsonl

pytestmark = pytest.mark.django_db


def test_manual_placement_counts_on_contract_page(client, workspace, personas):
    services.contract_from_template(actor=None, workspace=workspace, template_id="inner-mongolia-dpf-2025")
    client.force_login(personas["analyst"])
    url = reverse("contracts:fact_new", kwargs={"ws": workspace.slug})
    r = client.post(url, {"type": "placement", "date": "2025-03-01", "outlet": "人民网", "level": "national",
                          "url": "https://people.com.cn/x", "title": "残疾人就业新政"})
    assert r.status_code == 302
    fact = Fact.objects.get(workspace=workspace)
    assert fact.data == {"type": "placement", "date": "2025-03-01", "outlet": "人民网", "level": "national",
                         "url": "https://people.com.cn/x", "title": "残疾人就业新政"}
    state = selectors.evaluation_for(workspace, as_of=dt.date(2025, 6, 30))
    done = {o.id: o.pace.done for o in state.evaluation.obligations}
    assert done["national_placements"] == 1
    page = client.get(reverse("contracts:evidence", kwargs={"ws": workspace.slug, "ob": "national_placements"})
                      + "?as_of=2025-06-30").content.decode()
    assert "https://people.com.cn/x" in page and "人民网" in page


def test_manual_fact_missing_required_field_is_explained(client, workspace, personas):
    client.force_login(personas["manager"])
    r = client.post(reverse("contracts:fact_new", kwargs={"ws": workspace.slug}),
                    {"type": "training", "date": "2025-03-01", "course": "供稿员培训"})
    body = r.content.decode()
    assert r.status_code == 200 and "“hours”" in body and "培训必须填写此项" in body
    assert not Fact.objects.exists()


def test_manual_fact_delete_is_audited(client, workspace, personas):
    from rongmei.audit.models import AuditEvent

    f = services.fact_create(actor=personas["manager"], workspace=workspace, type="award", date="2025-04-01",
                             points=2, bonus="media")
    client.force_login(personas["analyst"])
    client.post(reverse("contracts:fact_delete", kwargs={"ws": workspace.slug, "pk": f.pk}))
    assert not Fact.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="contracts.fact").count() == 1


GOOD = jsonl(
    {"type": "publication", "date": "2025-01-03", "platform": "douyin", "kind": "short_video", "id": "V1",
     "url": "https://v.douyin.com/1"},
    {"type": "metric", "date": "2025-01-03", "platform": "douyin", "name": "plays", "value": 3120},
    {"type": "live_session", "date": "2025-01-05", "platform": "douyin", "minutes": 130, "viewers": 820},
)


def test_import_jsonl_then_same_file_again_changes_nothing(workspace, personas):
    batch, created = services.facts_import(actor=personas["analyst"], workspace=workspace, filename="a.jsonl",
                                           content=GOOD)
    assert created and batch.fact_count == 3 and Fact.objects.count() == 3
    assert Fact.objects.get(type="publication").data["id"] == "V1"
    again, created = services.facts_import(actor=personas["analyst"], workspace=workspace, filename="b.jsonl",
                                           content=GOOD)
    assert not created and again == batch
    assert Fact.objects.count() == 3 and FactImport.objects.count() == 1


def test_bad_row_rejects_whole_file_with_row_numbers(client, workspace, personas):
    bad = GOOD + jsonl({"type": "metric", "date": "2025-13-01", "platform": "douyin", "name": "plays", "value": 1},
                       {"type": "live_session", "date": "2025-01-06", "platform": "douyin", "minutes": 10})
    with pytest.raises(ValidationError) as exc:
        services.facts_import(actor=personas["analyst"], workspace=workspace, filename="bad.jsonl", content=bad)
    msgs = exc.value.messages
    assert any(m.startswith("第 4 行，字段“date”") for m in msgs)
    assert any(m.startswith("第 5 行，字段“viewers”") for m in msgs)
    assert not Fact.objects.exists() and not FactImport.objects.exists()
    client.force_login(personas["analyst"])
    r = client.post(reverse("contracts:facts_import", kwargs={"ws": workspace.slug}),
                    {"file": SimpleUploadedFile("bad.jsonl", bad)})
    assert "第 4 行" in r.content.decode() and not Fact.objects.exists()


def test_import_csv_and_xlsx(workspace, personas):
    from openpyxl import Workbook

    csv_bytes = ("type,date,outlet,level,url\nplacement,2025-02-01,新华网,national,https://x\n"
                 "placement,2025-02-02,江西日报,provincial,\n").encode("utf-8-sig")
    b, _ = services.facts_import(actor=None, workspace=workspace, filename="p.csv", content=csv_bytes)
    assert b.fmt == "csv" and b.fact_count == 2
    wb = Workbook()
    ws = wb.active
    ws.append(["type", "date", "course", "hours", "attendees"])
    ws.append(["training", dt.date(2025, 3, 1), "供稿员培训", 3, 40])
    ws.append(["training", "2025-03-02", "供稿员培训", "x", 40])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationError) as exc:
        services.facts_import(actor=None, workspace=workspace, filename="t.xlsx", content=buf.getvalue())
    assert exc.value.messages == ["第 3 行，列“hours”：“x”不是数字"]
    assert Fact.objects.count() == 2


def test_api_import_and_unsupported_type(client, workspace, personas):
    client.force_login(personas["analyst"])
    url = f"/api/contracts/{workspace.slug}/facts/import"
    r = client.post(url, {"file": SimpleUploadedFile("a.jsonl", GOOD)})
    assert r.status_code == 201 and r.json()["facts"] == 3
    r = client.post(url, {"file": SimpleUploadedFile("a.jsonl", GOOD)})
    assert r.status_code == 200 and r.json()["created"] is False
    r = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert r.status_code == 422 and "不支持的文件类型" in str(r.json())


def test_registry_source_provides_own_facts_with_refs(workspace):
    services.facts_import(actor=None, workspace=workspace, filename="a.jsonl", content=GOOD)
    assert "contracts" in fact_registry.sources()
    got = fact_registry.collect(workspace, dt.date(2025, 1, 1), dt.date(2025, 1, 4))
    mine = [f for f in got if f["source"] == "contracts"]
    assert len(mine) == 2 and all(f["ref"].startswith("contracts.fact:") for f in mine)


def test_other_sources_are_counted_and_invalid_ones_warned(workspace, monkeypatch):
    services.contract_from_template(actor=None, workspace=workspace, template_id="anyuan-employment")

    def fake(ws, start, end):
        yield {"type": "publication", "date": "2025-02-01", "platform": "douyin", "kind": "short_video",
               "ref": "production.item:42", "url": "https://v.douyin.com/42"}
        yield {"type": "publication", "date": "2025-02-02", "platform": "nowhere", "kind": "short_video"}

    monkeypatch.setitem(fact_registry._SOURCES, "zz_test", fake)
    state = selectors.evaluation_for(workspace, as_of=dt.date(2025, 3, 1))
    assert state.loaded.by_source["zz_test"] == 1
    assert {o.id: o.actual for o in state.evaluation.obligations}["dy_videos"] == 1
    assert any("无效" in w for w in state.evaluation.warnings)
    [fact] = selectors.evidence_facts(state, "dy_videos")
    assert fact.ref == "production.item:42" and fact.url == "https://v.douyin.com/42"


def test_facts_list_query_count(client, workspace, personas, django_assert_max_num_queries):
    services.facts_import(actor=personas["analyst"], workspace=workspace, filename="a.jsonl", content=GOOD)
    for i in range(5):
        services.fact_create(actor=personas["analyst"], workspace=workspace, type="award", date=f"2025-04-0{i + 1}",
                             points=1)
    client.force_login(personas["analyst"])
    with django_assert_max_num_queries(20):
        r = client.get(reverse("contracts:facts", kwargs={"ws": workspace.slug}))
    assert r.status_code == 200 and r.content.decode().count("<tr>") >= 8


def test_deleting_an_import_batch_removes_its_facts_but_not_snapshots(client, workspace, personas):
    from rongmei.contracts.models import Snapshot

    services.contract_from_template(actor=None, workspace=workspace, template_id="anyuan-employment")
    batch, _ = services.facts_import(actor=None, workspace=workspace, filename="a.jsonl", content=GOOD)
    snap = services.snapshot_create(actor=None, workspace=workspace, as_of=dt.date(2025, 1, 31))
    done_before = {o["id"]: o["actual"] for o in snap.result["obligations"]}["dy_videos"]
    assert done_before == 1
    client.force_login(personas["analyst"])
    r = client.post(reverse("contracts:import_delete", kwargs={"ws": workspace.slug, "pk": batch.pk}))
    assert r.status_code == 302 and not Fact.objects.exists() and not FactImport.objects.exists()
    state = selectors.evaluation_for(workspace, as_of=dt.date(2025, 1, 31))
    assert {o.id: o.actual for o in state.evaluation.obligations}["dy_videos"] == 0
    frozen = Snapshot.objects.get(pk=snap.pk)
    assert {o["id"]: o["actual"] for o in frozen.result["obligations"]}["dy_videos"] == 1
    assert len(frozen.facts) == 3
    client.force_login(personas["editor"])
    assert client.post(reverse("contracts:import_delete", kwargs={"ws": workspace.slug, "pk": 999})).status_code == 403


def test_fact_cache_follows_additions_and_deletions(workspace, personas):
    """缓存：新增只读新行，删除后整表重读；页面上的数字始终等于数据库里的事实。"""
    from rongmei.contracts import selectors

    services.facts_import(actor=personas["analyst"], workspace=workspace, filename="a.jsonl", content=GOOD)
    base = len(selectors._own_facts(workspace)[0])
    added = services.fact_create(actor=personas["analyst"], workspace=workspace, type="award", date="2025-04-01",
                                 points=1)
    facts = selectors._own_facts(workspace)[0]
    assert len(facts) == base + 1 and facts[-1].ref == f"contracts.fact:{added.pk}"
    services.fact_delete(actor=personas["analyst"], fact=added)
    assert len(selectors._own_facts(workspace)[0]) == base
    again = services.fact_create(actor=personas["analyst"], workspace=workspace, type="award", date="2025-04-02",
                                 points=2)
    facts = selectors._own_facts(workspace)[0]
    assert [f.ref for f in facts].count(f"contracts.fact:{again.pk}") == 1 and len(facts) == base + 1


def test_large_upload_is_imported_by_a_background_job(client, workspace, personas, settings, tmp_path,
                                                      monkeypatch, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rongmei.contracts.models import Fact as StoredFact
    from rongmei.core.models import JobRun, Notification

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(services, "BACKGROUND_IMPORT_BYTES", 10)
    client.force_login(personas["analyst"])
    url = reverse("contracts:facts_import", kwargs={"ws": workspace.slug})
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(url, {"file": SimpleUploadedFile("big.jsonl", GOOD)}, follow=True)
    assert "已转入后台导入" in resp.content.decode()
    job = JobRun.objects.get(name="contracts.facts_import")
    assert job.state == "succeeded" and job.workspace == workspace and job.actor == personas["analyst"]
    assert StoredFact.objects.filter(workspace=workspace).count() == len(GOOD.splitlines())
    assert Notification.objects.filter(user=personas["analyst"], title__startswith="已导入“big.jsonl”").exists()
    assert not any((tmp_path / "contracts" / "pending-imports").iterdir())  # 临时文件已删除


def test_background_import_errors_reach_the_uploader_and_nothing_is_imported(
        client, workspace, personas, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rongmei.contracts.models import Fact as StoredFact
    from rongmei.core.models import JobRun, Notification

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(services, "BACKGROUND_IMPORT_BYTES", 10)
    bad = GOOD + b'{"type":"metric","date":"2025-02-30","platform":"douyin","name":"plays","value":1}\n'
    client.force_login(personas["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:facts_import", kwargs={"ws": workspace.slug}),
                    {"file": SimpleUploadedFile("bad.jsonl", bad)})
    job = JobRun.objects.get(name="contracts.facts_import")
    assert job.state == "failed" and "2025-02-30" in job.error
    note = Notification.objects.get(user=personas["analyst"], title__contains="未导入")
    assert f"第 {len(GOOD.splitlines()) + 1} 行" in note.body
    assert not StoredFact.objects.filter(workspace=workspace).exists()


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_import_csv_saved_by_excel_in_gbk_or_utf16(workspace, personas, encoding):
    """WPS/Excel on a Chinese Windows saves CSV as GBK (or “Unicode text”, UTF-16): read like UTF-8."""
    csv_bytes = ("type,date,outlet,level,url\nplacement,2025-02-01,新华网,national,https://x\n"
                 "placement,2025-02-02,江西日报,provincial,\n").encode(encoding)
    batch, _ = services.facts_import(actor=personas["analyst"], workspace=workspace, filename="见报.csv",
                                     content=csv_bytes)
    assert batch.fact_count == 2
    assert sorted(f.data["outlet"] for f in Fact.objects.all()) == ["新华网", "江西日报"]


def test_malformed_gbk_csv_row_is_reported_and_nothing_is_imported(workspace, personas):
    csv_bytes = ("type,date,outlet,level,url\nplacement,2025-02-01,新华网,national,https://x\n"
                 "placement,2025-02-02,\"江西日报,provincial,\n").encode("gbk")
    with pytest.raises(ValidationError) as exc:
        services.facts_import(actor=personas["analyst"], workspace=workspace, filename="见报.csv", content=csv_bytes)
    assert exc.value.messages == ["第 3 行：CSV 格式错误（引号没有闭合）"]
    assert not Fact.objects.exists() and not FactImport.objects.exists()


def test_javascript_link_is_rejected_by_form_service_and_import(client, workspace, personas):
    client.force_login(personas["analyst"])
    r = client.post(reverse("contracts:fact_new", kwargs={"ws": workspace.slug}),
                    {"type": "placement", "date": "2025-03-01", "outlet": "人民网", "level": "national",
                     "url": "javascript:alert(1)"})
    assert r.status_code == 200 and "链接必须以 http:// 或 https:// 开头" in r.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.fact_create(actor=personas["analyst"], workspace=workspace, type="placement", date="2025-03-01",
                             outlet="人民网", level="national", url="javascript:alert(1)")
    assert "只接受以 http:// 或 https:// 开头的网址" in str(exc.value)
    bad = jsonl({"type": "publication", "date": "2025-01-03", "platform": "douyin", "kind": "short_video",
                 "url": "javascript:alert(1)"})
    with pytest.raises(ValidationError):
        services.facts_import(actor=personas["analyst"], workspace=workspace, filename="x.jsonl", content=bad)
    assert not Fact.objects.exists()


def test_facts_list_never_renders_a_script_link_from_old_data(client, workspace, personas):
    from rongmei.contracts.choices import FactOrigin

    Fact.objects.create(workspace=workspace, origin=FactOrigin.MANUAL, type="placement",
                        date=dt.date(2025, 3, 1), data={"type": "placement", "date": "2025-03-01", "outlet": "人民网",
                                                        "level": "national", "url": "javascript:alert(1)"})
    client.force_login(personas["analyst"])
    body = client.get(reverse("contracts:facts", kwargs={"ws": workspace.slug})).content.decode()
    assert "人民网" in body and 'href="javascript:' not in body


def test_audit_log_names_the_fact_type_in_chinese(client, workspace, personas):
    from rongmei.audit.models import AuditEvent
    from rongmei.contracts.models import FactLedger

    services.fact_create(actor=personas["analyst"], workspace=workspace, type="placement", date="2025-03-01",
                         outlet="人民网", level="national")
    event = AuditEvent.objects.get(action="create", object_type="contracts.fact")
    assert event.object_repr == "媒体采用 2025-03-01" and "placement" not in str(event)
    ledger = FactLedger.objects.get(workspace=workspace)
    assert str(ledger) == f"{workspace.name}：履约事实第 1 次变更"
