"""涨粉归因：假微信服务器生成单位带参数二维码，模拟用户扫码关注、已关注扫码、取消关注，事件经真实 HTTP 推送到
本系统的公众号回调（互动应用验签），按场景值记到单位；质量指标（7 天取关、关注后有互动）和护栏。"""

from __future__ import annotations

import datetime as dt

import pytest

from rongmei.grassroots import selectors, services
from rongmei.grassroots.choices import FollowEventKind, Method
from rongmei.grassroots.models import FollowEvent
from rongmei.interaction import ingest

TOKEN, APPID = "pushTOKEN2026", "wx1234567890abcdef"


@pytest.fixture
def fake(fake_platform, settings):
    settings.PLATFORM_BASE_URLS = {**settings.PLATFORM_BASE_URLS, "wechat": fake_platform.base_url}
    return fake_platform


@pytest.fixture
def wechat(workspace, platforms):
    from rongmei.publishing.services import credentials_save
    from rongmei.workspaces.models import OfficialAccount

    wx = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="内蒙古残联")
    credentials_save(actor=None, account=wx, values={"appid": APPID, "secret": "s3cr3t-appsecret-value-0001",
                                                     "token": TOKEN})
    return wx


@pytest.mark.django_db(transaction=True)
def test_scan_events_over_http_are_attributed_to_units(live_server, fake, wechat, workspace, personas, tree):
    ingest.register()
    c = services.campaign_save(actor=personas["manager"], workspace=workspace, name="关注提升", account=wechat,
                               goal=100000, start=dt.date(2025, 3, 1), deadline=dt.date(2025, 12, 31),
                               methods=[Method.EVENT, Method.QUIZ])
    town = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["town"], target=5000)
    other = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["other"], target=100)
    town = services.campaign_unit_qr(actor=personas["manager"], cu=town)
    other = services.campaign_unit_qr(actor=personas["manager"], cu=other)
    assert town.qr_ticket and town.qr_url.startswith("http://weixin.qq.com/q/")
    assert [c["status"] for c in fake.calls("/cgi-bin/qrcode/create")] == [200, 200]

    url = live_server.url + ingest.hook_path(wechat)
    for openid in ("oA", "oB", "oC"):
        assert fake.wechat_scan(url, ticket=town.qr_ticket, openid=openid, token=TOKEN, appid=APPID)["status"] == 200
    fake.wechat_scan(url, ticket=other.qr_ticket, openid="oD", token=TOKEN, appid=APPID)
    fake.wechat_scan(url, ticket=other.qr_ticket, openid="oA", token=TOKEN, appid=APPID)  # 已关注的人再扫：SCAN
    fake.wechat_scan(url, openid="oB", unsubscribe=True, token=TOKEN, appid=APPID)
    fake.wechat_push(url, token=TOKEN, appid=APPID, openid="oC", content="请问残疾人证怎么办？", msg_id="9001")
    bad = fake.wechat_scan(url, ticket=town.qr_ticket, openid="oFORGED", token="wrong-token", appid=APPID)
    assert bad["status"] == 403

    kinds = list(FollowEvent.objects.order_by("pk").values_list("openid", "kind", "scene_str"))
    assert kinds[:3] == [("oA", FollowEventKind.SUBSCRIBE, town.scene_str), ("oB", FollowEventKind.SUBSCRIBE,
                                                                                town.scene_str),
                         ("oC", FollowEventKind.SUBSCRIBE, town.scene_str)]
    assert ("oA", FollowEventKind.SCAN, other.scene_str) in kinds
    assert not FollowEvent.objects.filter(openid="oFORGED").exists()

    rows = {r.cu.unit.name: r for r in selectors.campaign_quality(c)}
    t, o = rows["可可以力更镇"], rows["包头市"]
    assert (t.new, t.unfollow_7, t.net) == (3, 1, 2)
    assert t.active == 2  # oA 再次扫码、oC 留言
    assert (o.new, o.unfollow_7) == (1, 0)
    # 护栏：乡镇 2 万人口，目标 5000 人超过 5%
    assert any("超过本单位常住人口" in f for f in t.flags) and not o.flags


@pytest.mark.django_db
def test_fast_unfollow_guardrail_names_the_rule(workspace, personas, tree, wechat):
    from django.utils import timezone

    c = services.campaign_save(actor=personas["manager"], workspace=workspace, name="关注提升", account=wechat,
                               goal=1000, start=dt.date(2025, 3, 1), deadline=dt.date(2025, 12, 31),
                               methods=[Method.EVENT])
    cu = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["other"], target=100)
    t0 = timezone.now() - dt.timedelta(days=20)
    for i in range(30):
        services.follow_event_receive(account=wechat, fields={
            "FromUserName": f"o{i}", "MsgType": "event", "Event": "subscribe",
            "EventKey": f"qrscene_{cu.scene_str}", "CreateTime": str(int(t0.timestamp()) + i)})
        if i < 20:
            services.follow_event_receive(account=wechat, fields={
                "FromUserName": f"o{i}", "MsgType": "event", "Event": "unsubscribe",
                "CreateTime": str(int(t0.timestamp()) + 3600 * 24 * 2 + i)})
    row = selectors.campaign_quality(c)[0]
    assert row.unfollow_7 == 20
    assert any("7 天内取关 20/30" in f and "被要求关注" in f for f in row.flags)
    assert any("关注后从无互动" in f for f in row.flags)
    assert selectors.campaign_quality(c, month=t0.date())[0].new + selectors.campaign_quality(
        c, month=(t0 + dt.timedelta(days=1)).date())[0].new >= 30  # 月度：只计当月首次关注的人
    assert selectors.campaign_quality(c, month=dt.date(2020, 1, 1))[0].new == 0
    # 给检查组的活动说明（Word）写明方法与触发的规则
    import io

    from docx import Document

    _name, data = services.campaign_report_docx(actor=personas["client_leader"], campaign=c)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "现场活动扫码关注" in text and "被要求关注" in text


def test_campaign_requires_declared_methods(db, workspace, personas, wechat):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.campaign_save(actor=personas["manager"], workspace=workspace, name="x", account=wechat, goal=10,
                               start=dt.date(2025, 1, 1), deadline=dt.date(2024, 1, 1), methods=[])
    assert "methods" in exc.value.message_dict and "deadline" in exc.value.message_dict
