"""Issue 14 item 8 (and URL schemes of item 4): bad input gets a Chinese 4xx in the documented shape, never a 500."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from openpyxl import Workbook

from rongmei.accounts.services import token_create
from rongmei.engines import tabular


@pytest.fixture
def api(personas, workspace):
    _token, key = token_create(actor=personas["manager"], user=personas["manager"], name="测试", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _chinese_error(resp, status):
    assert resp.status_code == status, resp.content
    body = resp.json()
    assert set(body) <= {"detail", "errors"}
    assert isinstance(body["detail"], str) and any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])
    return body


def test_workcal_year_zero_is_a_chinese_422(api, workspace):
    body = _chinese_error(api.get(f"/api/workcal/{workspace.slug}/year/0"), 422)
    assert "路径参数" in body["errors"][0]["message"]
    assert api.get(f"/api/workcal/{workspace.slug}/year/2026").status_code == 200


def test_dashboard_range_from_year_two(api, client, personas, workspace):
    resp = api.get(f"/api/metrics/{workspace.slug}/dashboard?start=0002-01-01&end=0002-03-01")
    assert resp.status_code == 200 and resp.json()["start"] == "1990-01-01"
    client.force_login(personas["manager"])
    page = client.get(f"/w/{workspace.slug}/metrics/?start=0002-01-01&end=0002-03-01")
    assert page.status_code == 200 and "已调整" in page.content.decode()


def test_unparseable_and_invalid_bodies_follow_the_error_shape(api, workspace):
    url = f"/api/production/{workspace.slug}/items"
    body = _chinese_error(api.post(url, data=b"{not json", content_type="application/json"), 400)
    assert "JSON" in body["detail"]
    body = _chinese_error(api.post(url, data=b"\xff\xfe\x00", content_type="application/json"), 400)
    body = _chinese_error(api.post(url, data={"title": 1}, content_type="application/json"), 422)
    assert body["errors"] and all("message" in e for e in body["errors"])
    _chinese_error(Client().get(f"/api/production/{workspace.slug}/items"), 401)
    _chinese_error(api.get(f"/api/production/{workspace.slug}/items/999999"), 404)


def test_csrf_failure_page_is_chinese(personas, workspace):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["manager"])
    resp = browser.post(f"/w/{workspace.slug}/calendar/theme-days/new/", {"name": "x"})
    assert resp.status_code == 403
    text = resp.content.decode()
    assert "页面已过期" in text and "CSRF verification failed" not in text


def _xlsx_with_dtd() -> bytes:
    """A workbook whose shared strings declare entities (the “billion laughs” shape, kept tiny)."""
    book = Workbook()
    book.active["A1"] = "type"
    raw = io.BytesIO()
    book.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A1" t="inlineStr"><is><t>type</t></is></c>', b'<c r="A1" t="s"><v>0</v></c>')
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            dst.writestr(name, data)
        dst.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
                     f'<!ENTITY b "&a;&a;&a;&a;">]><sst xmlns="{main}" count="1" uniqueCount="1"><si><t>&b;</t></si>'
                     "</sst>")
    return out.getvalue()


def test_xlsx_with_a_dtd_is_refused_in_chinese(personas, workspace, client):
    with pytest.raises(tabular.TabularError, match="DTD"):
        tabular.read_table(_xlsx_with_dtd(), filename="a.xlsx")
    client.force_login(personas["manager"])
    resp = client.post(f"/w/{workspace.slug}/contracts/facts/import/",
                       {"file": ContentFile(_xlsx_with_dtd(), name="事实.xlsx")})
    assert resp.status_code in (200, 302)


def test_xlsx_bomb_is_refused_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 20_000
    with pytest.raises(tabular.TabularError, match="压缩"):
        tabular.read_table(data, filename="炸弹.xlsx")
    with pytest.raises(tabular.TabularError, match="解压后"):
        tabular.read_table(data, filename="炸弹.xlsx", limits=tabular.Limits(max_unpacked_bytes=1024 * 1024))


def test_non_utf8_facts_file(personas, workspace):
    from rongmei.contracts.services import facts_import

    gbk = '{"type": "training", "date": "2025-03-01", "course": "新媒体培训", "hours": 2, "attendees": 30}\n'
    batch, created = facts_import(actor=personas["manager"], workspace=workspace, filename="事实.jsonl",
                                  content=gbk.encode("gbk"))
    assert created and batch.fact_count == 1
    with pytest.raises(ValidationError):
        facts_import(actor=personas["manager"], workspace=workspace, filename="坏.jsonl",
                     content=b'{"type": "training"}\n\xff\xfe\xfd\x81\x00\x80')


def test_javascript_urls_refused_on_api_and_services(api, personas, workspace, platforms):
    resp = api.post(f"/api/workspaces/{workspace.slug}/accounts",
                    data={"platform": "weibo", "name": "某微博", "url": "javascript:alert(1)"},
                    content_type="application/json")
    assert resp.status_code in (400, 422) and "http" in resp.content.decode()


@override_settings(DEBUG=False)
def test_imported_file_links_work_without_debug(personas, workspace, client, other_workspace, platforms):
    from rongmei.metrics.models import ImportBatch

    batch = ImportBatch.objects.filter(workspace=workspace).first()
    if batch is None:
        from rongmei.workspaces.models import OfficialAccount, Platform

        account = OfficialAccount.objects.create(workspace=workspace, platform=Platform.objects.first(), name="号")
        batch = ImportBatch.objects.create(workspace=workspace, account=account, filename="导出.csv")
    batch.file.save("导出.csv", ContentFile("日期,平台\n".encode()), save=True)
    client.force_login(personas["manager"])
    page = client.get(f"/w/{workspace.slug}/metrics/imports/").content.decode()
    link = f"/w/{workspace.slug}/metrics/imports/{batch.pk}/file/"
    assert link in page and "/media/" not in page
    resp = client.get(link)
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith("日期".encode())
    outsider = Client()
    outsider.force_login(personas["manager"])
    assert outsider.get(link.replace(workspace.slug, other_workspace.slug)).status_code == 404
