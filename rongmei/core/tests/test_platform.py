import json

import pytest
from django.conf import settings
from django.utils import timezone

from rongmei.core import services
from rongmei.core.models import JobRun, WorkerHeartbeat


def test_healthz_reports_database_and_worker(client, db):
    data = client.get("/healthz").json()
    assert data["database"]["status"] == "ok"
    assert data["worker"]["status"] == "unknown" and data["status"] == "degraded"
    services.heartbeat_record()
    data = client.get("/healthz").json()
    assert data["worker"]["status"] == "ok" and data["status"] == "ok"
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timezone.timedelta(minutes=10))
    assert client.get("/healthz").json()["worker"]["status"] == "stale"


def test_openapi_document_and_docs(client, personas):
    client.force_login(personas["editor"])
    spec = client.get("/api/openapi.json").json()
    assert spec["info"]["title"].startswith("rongmei")
    assert "/api/workspaces/{ws}/accounts" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


def test_jobs_are_listed_with_state_and_errors(personas, workspace, client, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import db_task

    @db_task(name="test.boom")
    def boom():
        raise RuntimeError("平台返回错误")

    from rongmei.core.tasks import selfcheck

    with django_capture_on_commit_callbacks(execute=True):
        services.job_enqueue(selfcheck, 21, label="自检", workspace=workspace)
        services.job_enqueue(boom, label="会失败的任务", workspace=workspace)
    ok = JobRun.objects.get(label="自检")
    bad = JobRun.objects.get(label="会失败的任务")
    assert ok.state == "succeeded" and ok.finished_at is not None
    assert bad.state == "failed" and "平台返回错误" in bad.error
    client.force_login(personas["tech"])
    html = client.get(f"/w/{workspace.slug}/jobs/").content.decode()
    assert "自检" in html and "平台返回错误" in html and "失败" in html
    client.force_login(personas["editor"])
    assert client.get(f"/w/{workspace.slug}/jobs/").status_code == 403
    assert client.get("/api/core/jobs").json() == []


def test_queue_storage_round_trip(db):
    """用配置的真实存储（SQLite 文件或 Redis）入队、出队、执行，而不是即时模式。"""
    import uuid

    from huey import RedisHuey, SqliteHuey

    name = f"rongmei-test-{uuid.uuid4().hex[:8]}"
    if settings.REDIS_URL:
        huey = RedisHuey(name, url=settings.REDIS_URL)
    else:
        huey = SqliteHuey(name, filename=str(settings.DATA_DIR / f"{name}.sqlite3"))

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5
    huey.storage.flush_all() if hasattr(huey.storage, "flush_all") else None


def test_cli_help_and_dispatch(capsys):
    from rongmei.cli import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "rongmei" in out and "backup" in out


def test_home_shows_only_my_workspaces(personas, workspace, other_workspace, client):
    from rongmei.workspaces.models import Membership

    Membership.objects.create(user=personas["analyst"], workspace=other_workspace, role="analyst")
    client.force_login(personas["analyst"])
    html = client.get("/").content.decode()
    assert workspace.name in html and other_workspace.name in html
    client.force_login(personas["editor"])
    resp = client.get("/")
    assert resp.status_code == 302 and resp["Location"].endswith(f"/w/{workspace.slug}/")


def test_no_cdn_in_pages(personas, workspace, client):
    client.force_login(personas["manager"])
    html = client.get(f"/w/{workspace.slug}/").content.decode()
    for marker in ("cdn.", "unpkg", "jsdelivr", "googleapis", "bootcdn"):
        assert marker not in html
    assert "/static/vendor/tabler/tabler.min.css" in html


def test_credentials_encryption_round_trip(settings):
    from rongmei.core import crypto

    token = crypto.encrypt("AppSecret-123")
    assert "AppSecret" not in token and crypto.decrypt(token) == "AppSecret-123"
    settings.CREDENTIALS_KEYS = ["x" * 43 + "="]
    with pytest.raises(ValueError, match="无法解密"):
        crypto.decrypt(token)


def test_healthz_json_is_chinese_readable(client, db):
    raw = client.get("/healthz").content.decode()
    assert "尚未收到后台 worker 心跳" in json.loads(raw)["worker"]["message"]


def test_notifications_in_app_and_email(personas, workspace, client, mailoutbox, django_capture_on_commit_callbacks):
    from rongmei.core.notifications import notify, users_with_role

    personas["manager"].email = "zhang@example.cn"
    personas["manager"].save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=users_with_role(workspace, "manager", "reviewer"), workspace=workspace,
               title="《春季招聘会》等待您审核", body="二审 人工复核", url="/w/test-ws/")
    assert len(mailoutbox) == 1 and "等待您审核" in mailoutbox[0].subject
    client.force_login(personas["reviewer"])
    html = client.get(f"/w/{workspace.slug}/").content.decode()
    assert 'data-testid="notifications">通知<span class="badge' in html
    assert "春季招聘会" in client.get("/notifications/").content.decode()
    client.post("/notifications/")
    assert 'data-testid="notifications">通知<span' not in client.get(f"/w/{workspace.slug}/").content.decode()
