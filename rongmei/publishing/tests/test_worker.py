"""发布队列 + 任务 + 真实 HTTP 假平台：不重复发布、令牌刷新一次、错误有码有中文说明、暂停即不发。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rongmei.publishing import tasks, worker
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import PlatformToken, Publication

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """模拟 worker 进程被杀（不是普通异常，业务代码不会吞掉它）。"""


def test_due_publication_is_posted_once_with_url(fake, item, accounts, wechat_creds, schedule):
    (pub,) = schedule(item, [accounts["wechat"]])
    assert tasks.publish_due.call_local() == 1
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED
    assert pub.url.startswith("https://mp.weixin.qq.com/s/")
    assert pub.external_id and pub.attempts == 1
    assert pub.published_by.username == "t-editor"
    assert len(fake.posts("wechat")) == 1
    # 再跑一遍任务：已发布的不会再发
    tasks.publish_due.call_local()
    tasks.poll_publishing.call_local()
    tasks.publish_one.call_local(pub.pk, True)
    assert len(fake.posts("wechat")) == 1


def test_future_publication_waits(fake, item, accounts, wechat_creds, schedule):
    schedule(item, [accounts["wechat"]], when=timezone.now() + dt.timedelta(hours=2))
    assert tasks.publish_due.call_local() == 0
    assert fake.posts() == []


def test_worker_killed_after_submit_never_posts_twice(fake, item, accounts, wechat_creds, schedule, monkeypatch):
    (pub,) = schedule(item, [accounts["wechat"]])

    def die_after_submit(pk, cp):
        if "submit" in cp.get("steps", {}):
            raise WorkerKilled

    monkeypatch.setattr(worker, "_after_step", die_after_submit)
    with pytest.raises(WorkerKilled):
        worker.run(pub.pk)
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHING and "submit" in pub.checkpoint["steps"]
    assert len(fake.posts("wechat")) == 1
    monkeypatch.setattr(worker, "_after_step", lambda pk, cp: None)
    # 重启后的 worker：轮询任务接着查结果，不重发
    tasks.poll_publishing.call_local()
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED
    assert len(fake.posts("wechat")) == 1
    assert len(fake.calls("/cgi-bin/freepublish/submit")) == 1


def test_worker_killed_while_submit_pending_reconciles(fake, item, accounts, wechat_creds, schedule, monkeypatch):
    """断点写了“正在提交”就被杀（请求还没发出）：重跑时对账发现草稿还在，才提交，且只提交一次。"""
    (pub,) = schedule(item, [accounts["wechat"]])

    def die_when_pending(pk, cp):
        if cp.get("pending") == "submit":
            raise WorkerKilled

    monkeypatch.setattr(worker, "_after_step", die_when_pending)
    with pytest.raises(WorkerKilled):
        worker.run(pub.pk)
    assert fake.posts("wechat") == []
    monkeypatch.setattr(worker, "_after_step", lambda pk, cp: None)
    tasks.poll_publishing.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED
    assert len(fake.posts("wechat")) == 1
    assert len(fake.calls("/cgi-bin/draft/add")) == 1  # 草稿没有重建


def test_lost_response_goes_to_manual_check_not_retry(fake, item, accounts, wechat_creds, schedule):
    fake.scenario(fail=[{"path": "/cgi-bin/freepublish/submit", "mode": "drop_after", "code": 0}])
    (pub,) = schedule(item, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.UNCERTAIN
    assert "重复" in pub.error_message
    tasks.publish_due.call_local()
    tasks.poll_publishing.call_local()
    assert len(fake.posts("wechat")) == 1


def test_concurrent_worker_cannot_claim_locked_row(fake, item, accounts, wechat_creds, schedule):
    (pub,) = schedule(item, [accounts["wechat"]])
    now = timezone.now()
    assert worker.claim(pub.pk, now) is not None
    assert worker.run(pub.pk, now=now) is None  # 另一个 worker：被锁挡住
    assert fake.posts() == []


def test_token_expiring_between_calls_is_refreshed_once(fake, make_item, accounts, wechat_creds, schedule):
    first, second = make_item("第一篇"), make_item("第二篇")
    schedule(first, [accounts["wechat"]])
    tasks.publish_due.call_local()
    assert len(fake.calls("/cgi-bin/stable_token")) == 1
    fake.scenario(expire_tokens=True)
    (pub2,) = schedule(second, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub2.refresh_from_db()
    assert pub2.state == PubState.PUBLISHED
    assert len(fake.calls("/cgi-bin/stable_token")) == 2
    assert [c["code"] for c in fake.calls() if c.get("code") == 42001] == [42001]
    row = PlatformToken.objects.get()
    assert row.key == f"wechat:acc{accounts['wechat'].pk}"
    assert "FAKE" not in row.encrypted  # 令牌加密存储


def test_quota_error_keeps_item_queued_with_code_and_chinese(fake, item, accounts, wechat_creds, schedule,
                                                             client, personas):
    fake.fail("/cgi-bin/draft/add", 45009)
    (pub,) = schedule(item, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.QUEUED
    assert pub.error_code == "45009"
    assert "今日上限" in pub.error_message
    assert pub.next_attempt_at > timezone.now()
    assert fake.posts() == []
    client.force_login(personas["editor"])
    html = client.get(f"/w/{pub.workspace.slug}/publishing/{pub.pk}/").content.decode()
    assert "45009" in html and "今日上限" in html
    # 时间到了自动重试成功（草稿步骤重做，封面不重传）
    Publication.objects.filter(pk=pub.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED
    assert len(fake.calls("/cgi-bin/material/add_material")) == 1


def test_config_error_fails_visibly_and_notifies(fake, item, accounts, wechat_creds, schedule, personas):
    from rongmei.core.models import Notification

    fake.fail("/cgi-bin/draft/add", 40164)
    (pub,) = schedule(item, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.FAILED
    assert pub.error_code == "40164" and "白名单" in pub.error_message
    n = Notification.objects.filter(user=personas["editor"], kind="publishing.problem").get()
    assert "白名单" in n.body
    assert "s3cr3t" not in str(pub.last_response) and "s3cr3t" not in str(pub.checkpoint)


def test_missing_credentials_fail_with_explanation(fake, item, accounts, schedule):
    (pub,) = schedule(item, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.FAILED and pub.error_code == "no_credentials"
    assert "尚未设置" in pub.error_message


def test_paused_workspace_posts_nothing(fake, item, accounts, wechat_creds, schedule, personas):
    from rongmei.publishing.services import publication_publish_now, publishing_pause_set

    (pub,) = schedule(item, [accounts["wechat"]])
    publishing_pause_set(actor=personas["client_leader"], workspace=item.workspace, paused=True, reason="突发舆情")
    tasks.publish_due.call_local()
    publication_publish_now(actor=personas["editor"], publication=pub)
    tasks.publish_one.call_local(pub.pk, True)
    pub.refresh_from_db()
    assert pub.state == PubState.QUEUED and "暂停" in pub.hold_reason
    assert fake.posts() == [] and fake.calls() == []
    publishing_pause_set(actor=personas["manager"], workspace=item.workspace, paused=False)
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED and len(fake.posts()) == 1


def test_publishing_status_is_polled_until_done(fake, item, accounts, wechat_creds, schedule):
    fake.scenario(publish_polls=1)
    (pub,) = schedule(item, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHING and pub.next_attempt_at
    Publication.objects.filter(pk=pub.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    tasks.poll_publishing.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED and len(fake.posts()) == 1


def test_stuck_publication_is_reported_once(fake, item, accounts, wechat_creds, schedule, personas):
    from rongmei.core.models import Notification

    (pub,) = schedule(item, [accounts["wechat"]])
    old = (timezone.now() - dt.timedelta(hours=3)).timestamp()
    Publication.objects.filter(pk=pub.pk).update(state=PubState.PUBLISHING, checkpoint={
        "v": 1, "platform": "wechat", "started_at": old, "steps": {}, "state": "publishing"})
    assert tasks.detect_stuck.call_local() == 1
    assert tasks.detect_stuck.call_local() == 0
    pub.refresh_from_db()
    assert pub.is_stuck
    assert Notification.objects.filter(kind="publishing.stuck", user=personas["editor"]).count() == 1


def test_manual_platform_waits_then_reminds_and_records(fake, item, accounts, schedule, personas):
    from rongmei.core.models import Notification
    from rongmei.publishing.services import publication_record_manual

    (pub,) = schedule(item, [accounts["toutiao"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.MANUAL and pub.manual
    assert Notification.objects.filter(kind="publishing.manual", user=personas["editor"]).count() == 1
    assert tasks.manual_reminders.call_local() == 0  # 只提醒一次
    publication_record_manual(actor=personas["editor"], publication=pub, url="https://www.toutiao.com/article/1/",
                              published_at=timezone.now())
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED and pub.url.endswith("/1/")
    assert fake.calls() == []


def test_rich_text_goes_to_wechat_inline_styled_with_images_reuploaded(fake, item, accounts, wechat_creds, schedule):
    """编辑器里的富文本（含粘贴的图片）→ 公众号收到行内样式 HTML，图片换成 uploadimg 返回的平台地址。"""
    import base64

    from rongmei.production.choices import BodyFormat
    from rongmei.production.models import Revision

    from .conftest import png_bytes

    data = base64.b64encode(png_bytes()).decode()
    body = (f'<h2>工作成效</h2><p style="color:rgb(183, 28, 28)">全年培训 3,200 人。</p>'
            f'<p><img src="data:image/png;base64,{data}" alt="培训现场"></p><blockquote>引文</blockquote>')
    Revision.objects.filter(pk=item.current_revision_id).update(body=body, body_format=BodyFormat.HTML)
    (pub,) = schedule(item, [accounts["wechat"]])
    tasks.publish_due.call_local()
    pub.refresh_from_db()
    assert pub.state == PubState.PUBLISHED
    (post,) = fake.posts("wechat")
    content = post["content"]
    assert '<h2 style="margin:24px 0 16px;' in content
    assert '<p style="color:rgb(183, 28, 28);margin:0 0 16px;' in content
    assert "border-left:4px solid #b71c1c" in content
    assert 'src="http://mmbiz.qpic.cn/mmbiz_jpg/IMG' in content and "data:image" not in content
    assert len(fake.calls("/cgi-bin/media/uploadimg")) == 1


def test_large_body_images_are_shrunk_below_the_wechat_limit_and_the_original_kept():
    import io as _io

    from PIL import Image

    from rongmei.engines.platforms import MediaFile
    from rongmei.publishing.content import WECHAT_BODY_IMAGE_MAX, fit_for_wechat_body

    buf = _io.BytesIO()
    noisy = Image.effect_noise((3000, 2000), 120).convert("RGB")
    noisy.save(buf, format="PNG")
    original = MediaFile(filename="现场.png", content_type="image/png", data=buf.getvalue())
    assert len(original.data) > 3 * WECHAT_BODY_IMAGE_MAX
    fitted = fit_for_wechat_body(original)
    assert fitted.content_type == "image/jpeg" and fitted.filename == "现场.jpg"
    assert len(fitted.data) < WECHAT_BODY_IMAGE_MAX
    assert Image.open(_io.BytesIO(fitted.data)).width <= 1080
    small = MediaFile(filename="a.png", content_type="image/png", data=b"\x89PNG small")
    assert fit_for_wechat_body(small) is small
