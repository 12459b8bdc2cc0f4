"""较大的导入文件转入后台：页面立即返回并显示进度，好文件导入、坏文件列出逐行原因且一行不写，暂存文件清理。"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rongmei.core.models import JobRun
from rongmei.engines.exports.tests import builders as b
from rongmei.metrics.choices import ImportJobState
from rongmei.metrics.models import DailyMetric, ImportJob


@pytest.fixture
def small_inline_limit(settings):
    settings.IMPORT_INLINE_MAX_BYTES = 100  # 测试里的样例文件都算“大文件”


def _post(client, workspace, account, name, data, capture):
    with capture(execute=True):  # 事务提交后才排队；测试里 Huey 立即执行
        return client.post(f"/w/{workspace.slug}/metrics/imports/new/",
                           {"account": account.pk, "layout": "", "file": SimpleUploadedFile(name, data)}, follow=True)


def test_large_file_is_imported_in_the_background(client, tmp_path, accounts, analyst, workspace, small_inline_limit,
                                                  django_capture_on_commit_callbacks):
    data = b.write_html_xls(tmp_path / "user_analysis.xls", b.WECHAT_USER_HEADERS, b.wechat_user_rows()).read_bytes()
    client.force_login(analyst)
    resp = _post(client, workspace, accounts["wechat"], "user_analysis.xls", data, django_capture_on_commit_callbacks)
    page = resp.content.decode()
    assert "已转入后台导入" in page
    job = ImportJob.objects.get(workspace=workspace)
    assert job.state == ImportJobState.DONE and job.batch is not None and job.batch.rows_created == 31 * 4
    assert not job.file  # 批次保存了自己的一份，暂存文件已删除
    assert DailyMetric.objects.filter(account=accounts["wechat"]).count() == 31 * 4
    listing = client.get(f"/w/{workspace.slug}/metrics/imports/").content.decode()
    assert "已完成" in listing and "新增 124 个数值" in listing
    assert JobRun.objects.filter(name="metrics.import_job", workspace=workspace).exists()


def test_bad_large_file_lists_row_problems_and_writes_nothing(client, tmp_path, accounts, analyst, workspace,
                                                             small_inline_limit, django_capture_on_commit_callbacks):
    rows = [b.WECHAT_USER_HEADERS, ["2026-10-01", 3, 1, 2, 100], ["2026-10-02", "x", 1, 2, 101]]
    data = b.write_xlsx(tmp_path / "bad.xlsx", {"Sheet1": rows}).read_bytes()
    client.force_login(analyst)
    _post(client, workspace, accounts["wechat"], "bad.xlsx", data, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get(workspace=workspace)
    assert job.state == ImportJobState.FAILED and any("第 3 行，列“新关注人数”" in p for p in job.problems)
    assert DailyMetric.objects.count() == 0
    listing = client.get(f"/w/{workspace.slug}/metrics/imports/").content.decode()
    assert "未导入" in listing and "第 3 行，列“新关注人数”" in listing


def test_progress_part_polls_only_while_running(client, accounts, analyst, workspace):
    job = ImportJob.objects.create(workspace=workspace, account=accounts["wechat"], token="t" * 32,
                                   filename="大文件.xlsx", size=30 * 1024 * 1024, created_by=analyst,
                                   state=ImportJobState.PARSING)
    client.force_login(analyst)
    part = client.get(f"/w/{workspace.slug}/metrics/imports/?part=jobs", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in part and "解析与校验中" in part and "进度 50%" in part
    assert "<html" not in part
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJobState.DONE)
    part = client.get(f"/w/{workspace.slug}/metrics/imports/?part=jobs", HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in part


def test_only_importers_may_queue(client, tmp_path, accounts, personas, workspace, small_inline_limit):
    data = b.write_html_xls(tmp_path / "u.xls", b.WECHAT_USER_HEADERS, b.wechat_user_rows()).read_bytes()
    client.force_login(personas["client_leader"])
    resp = client.post(f"/w/{workspace.slug}/metrics/imports/new/",
                       {"account": accounts["wechat"].pk, "file": SimpleUploadedFile("u.xls", data)})
    assert resp.status_code == 403 and not ImportJob.objects.exists()
