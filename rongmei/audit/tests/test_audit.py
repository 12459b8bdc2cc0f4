import io

import pytest
from openpyxl import load_workbook

from rongmei.audit.choices import Action
from rongmei.audit.models import AppendOnlyError, AuditEvent
from rongmei.audit.services import record
from rongmei.core import context


def test_audit_is_append_only(db):
    ev = record(Action.OTHER, message="测试")
    ev.message = "篡改"
    with pytest.raises(AppendOnlyError):
        ev.save()
    with pytest.raises(AppendOnlyError):
        ev.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(message="x")
    assert AuditEvent.objects.get().message == "测试"


def test_job_context_is_recorded(db):
    with context.operation(source="job", actor_label="后台任务 demo", request_id="job-1"):
        ev = record(Action.UPDATE, message="任务写入")
    assert ev.source == "job" and ev.request_id == "job-1" and ev.actor_label == "后台任务 demo"


def test_web_request_id_is_recorded(personas, workspace, client):
    client.force_login(personas["manager"])
    resp = client.post(f"/w/{workspace.slug}/calendar/theme-days/new/",
                       {"name": "本地宣传日", "month": 9, "day": 9, "is_active": "on"}, HTTP_X_REQUEST_ID="req-42")
    assert resp.status_code == 302
    ev = AuditEvent.objects.get(action="create", object_type="workcal.themeday")
    assert ev.request_id == "req-42" and ev.source == "web" and ev.actor_id == personas["manager"].pk


def test_filter_and_export_to_excel(personas, workspace, client):
    with context.operation(actor_label="组长老张"):
        record(Action.APPROVE, workspace=workspace, message="终审通过《春季招聘会》")
        record(Action.PUBLISH, workspace=workspace, message="发布到抖音")
    record(Action.PUBLISH, message="其他工作区的事件")
    client.force_login(personas["manager"])
    page = client.get(f"/w/{workspace.slug}/audit/?action=publish").content.decode()
    assert "发布到抖音" in page and "终审通过" not in page and "其他工作区" not in page
    resp = client.get(f"/w/{workspace.slug}/audit/?format=xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "操作人", "来源", "动作")
    messages = [r[7] for r in rows[1:]]
    assert "终审通过《春季招聘会》" in messages and "其他工作区的事件" not in messages
    assert AuditEvent.objects.filter(action="export").exists()


def test_tech_can_view_but_not_export(personas, workspace, client):
    client.force_login(personas["tech"])
    assert client.get(f"/w/{workspace.slug}/audit/").status_code == 200
    assert client.get(f"/w/{workspace.slug}/audit/?format=xlsx").status_code == 403


def test_export_service_records_who_exported(personas, workspace):
    from rongmei.audit.selectors import events_for
    from rongmei.audit.services import events_export

    record(Action.PUBLISH, workspace=workspace, message="发布到抖音")
    data = events_export(actor=personas["manager"], workspace=workspace, events=events_for(workspace))
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert [r[7] for r in rows[1:]] == ["发布到抖音"]
    export = AuditEvent.objects.get(action="export")
    assert export.actor_id == personas["manager"].pk and export.message == "导出审计日志 1 条"


def test_hand_edited_invalid_date_filter_is_explained(client, workspace, personas):
    client.force_login(personas["manager"])
    body = client.get(f"/w/{workspace.slug}/audit/?from=2025-02-30&to=2025-03-31").content.decode()
    assert "开始日期“2025-02-30”不是有效的日期" in body
    assert 'name="to" value="2025-03-31"' in body
    ok = client.get(f"/w/{workspace.slug}/audit/?from=2025-02-01").content.decode()
    assert "不是有效的日期" not in ok


def test_export_survives_control_characters_and_keeps_formulas_as_text(personas, workspace, client):
    record(Action.PUBLISH, workspace=workspace, message="发布《春季\x0b招聘会》")
    record(Action.PUBLISH, workspace=workspace, message='=HYPERLINK("http://evil.example","点我")')
    client.force_login(personas["manager"])
    resp = client.get(f"/w/{workspace.slug}/audit/?format=xlsx")
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(resp.content)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "发布《春季招聘会》" in cells
    attack = cells['=HYPERLINK("http://evil.example","点我")']
    assert attack.data_type == "s" and attack.quotePrefix
