"""发布测试夹具：账号、已通过的稿件（带封面图）、会话级假平台服务器、不等待的重试策略。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from rongmei.engines.platforms import RetryPolicy


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def fake(fake_platform, settings, monkeypatch):
    """The shared fake platform server (repository conftest), wired into the platform settings."""
    f, base_url = fake_platform, fake_platform.base_url
    f.scenario(publish_polls=0)
    settings.PLATFORM_BASE_URLS = {**settings.PLATFORM_BASE_URLS, "wechat": base_url, "weibo": base_url}
    from rongmei.publishing import credentials

    monkeypatch.setattr(credentials, "retry_policy",
                        lambda: RetryPolicy(max_attempts=3, sleep=lambda d: None, jitter=lambda d: d))
    return f


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def accounts(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    return {
        "wechat": OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="测试公众号"),
        "toutiao": OfficialAccount.objects.create(workspace=workspace, platform=platforms["toutiao"], name="测试头条号"),
        "weibo": OfficialAccount.objects.create(workspace=workspace, platform=platforms["weibo"], name="测试微博"),
    }


@pytest.fixture
def wechat_creds(accounts):
    from rongmei.publishing.services import credentials_save

    return credentials_save(actor=None, account=accounts["wechat"],
                            values={"appid": "wx1234567890abcdef", "secret": "s3cr3t-appsecret-value-0001"})


@pytest.fixture
def make_item(workspace, personas):
    from rongmei.production.models import Attachment, ContentItem, Revision

    def make(title: str = "北京城市副中心控规获批", kind: str = "article", status: str = "approved", ws=None):
        ws = ws or workspace
        item = ContentItem.objects.create(workspace=ws, title=title, kind=kind, author=personas["editor"],
                                          status=status, approved_at=timezone.now() if status == "approved" else None)
        rev = Revision.objects.create(item=item, number=1, title=title, body="第一段正文。\n\n第二段正文。",
                                      created_by=personas["editor"])
        item.current_revision = rev
        item.save(update_fields=["current_revision"])
        att = Attachment(item=item, name="cover.png", kind="image", size=10)
        att.file.save("cover.png", ContentFile(png_bytes()), save=True)
        return item

    return make


@pytest.fixture
def item(make_item):
    return make_item()


@pytest.fixture
def schedule(personas):
    from rongmei.publishing.services import publication_schedule

    def do(item, accounts, when=None, actor=None):
        when = when or timezone.now() - dt.timedelta(minutes=1)
        return publication_schedule(actor=actor or personas["editor"], workspace=item.workspace, item=item,
                                    accounts=accounts, planned_at=when)

    return do
