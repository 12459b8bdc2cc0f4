"""涨粉质量数字经关注人汇总用 SQL 计数：与手算的小例子一致；新事件到达后只重算涉及的用户，结果与整活动重算相同；
单位管理员只读地看本单位子树的活动数字；对外 H5 页面限流。"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from rongmei.grassroots import selectors, services, throttle
from rongmei.grassroots.choices import FollowEventKind, Method
from rongmei.grassroots.models import Follower, FollowerMark, FollowEvent

pytestmark = pytest.mark.django_db

SUB, UNSUB, ACT, SCAN = (FollowEventKind.SUBSCRIBE, FollowEventKind.UNSUBSCRIBE, FollowEventKind.ACTIVE,
                         FollowEventKind.SCAN)
T0 = dt.datetime(2025, 11, 2, 9)


@pytest.fixture
def campaign(workspace, personas, tree, platforms):
    from rongmei.workspaces.models import OfficialAccount

    wx = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="内蒙古残联")
    c = services.campaign_save(actor=personas["manager"], workspace=workspace, name="关注提升", account=wx,
                               goal=100000, start=dt.date(2025, 3, 1), deadline=dt.date(2025, 12, 31),
                               methods=[Method.EVENT])
    town = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["town"], target=500)
    other = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["other"], target=100)
    ch = services.channel_add(actor=personas["manager"], campaign=c, platform="douyin", name="内蒙古残联抖音号",
                              landing_url="https://www.douyin.com/user/nmgcl")
    return {"c": c, "town": town, "other": other, "ch": ch, "wx": wx}


def event(workspace, campaign, openid, kind, days, cu=None, imported=False):
    at = timezone.make_aware(T0 + dt.timedelta(days=days))
    where = {"channel": campaign["ch"]} if imported else {"account": campaign["wx"]}
    return FollowEvent.objects.create(workspace=workspace, openid=openid, kind=kind, at=at, campaign_unit=cu,
                                      scene_str=cu.scene_str if cu else "", **where)


def figures(c, month=None):
    return {r.cu.unit.name: (r.new, r.unfollow_7, r.unfollow_30, r.active)
            for r in selectors.campaign_quality(c, month=month)}


def test_sql_figures_match_a_hand_computed_case(workspace, campaign):
    c, town, other = campaign["c"], campaign["town"], campaign["other"]
    e = lambda *a, **k: event(workspace, campaign, *a, **k)  # noqa: E731
    e("oA", SUB, 0, town)
    e("oA", UNSUB, 3)  # 3 天取关：7 天、30 天内都算
    e("oB", SUB, 0, town)
    e("oB", ACT, 1)
    e("oB", UNSUB, 20)  # 20 天取关：只算 30 天内
    e("oC", SUB, -1)  # 自然关注（不经渠道码）不算
    e("oC", ACT, 0)  # 经渠道码关注之前的互动不算
    e("oC", SUB, 1, other)
    e("oD", SUB, 0, other)
    e("oD", SUB, 2, town)  # 再经别的单位关注：只算第一次（包头）
    e("oD", SCAN, 5)  # 再次扫码算互动
    e("oD", UNSUB, 40)  # 40 天后取关：30 天内都不算
    e("oE", UNSUB, -1)  # 关注之前的取关不算
    e("oE", SUB, 0, town)
    e("oF", SUB, 33, town)  # 12 月 5 日关注
    e("oA", SUB, 0, other, imported=True)  # 抖音的 oA 是另一个人
    e("oA", UNSUB, 7, imported=True)  # 整 7 天取关：算 7 天内

    # 手算：可可以力更镇 oA oB oE oF；包头市 oC oD 抖音oA
    assert figures(c) == {"可可以力更镇": (4, 1, 2, 1), "包头市": (3, 1, 1, 1)}
    assert figures(c, dt.date(2025, 11, 1)) == {"可可以力更镇": (3, 1, 2, 1), "包头市": (3, 1, 1, 1)}
    assert figures(c, dt.date(2025, 12, 1)) == {"可可以力更镇": (1, 0, 0, 0), "包头市": (0, 0, 0, 0)}
    assert Follower.objects.filter(campaign=c).count() == 7

    # 新事件到达：只重算涉及的用户；与整活动重算结果相同
    e("oE", UNSUB, 1)
    e("oG", SUB, 10, other)
    e("oG", ACT, 11)
    assert figures(c) == {"可可以力更镇": (4, 2, 3, 1), "包头市": (4, 1, 1, 2)}
    FollowerMark.objects.all().delete()
    Follower.objects.all().delete()
    assert figures(c) == {"可可以力更镇": (4, 2, 3, 1), "包头市": (4, 1, 1, 2)}

    # 删除事件（例如撤掉一个平台渠道）后整活动重算
    FollowEvent.objects.filter(channel=campaign["ch"]).delete()
    assert figures(c) == {"可可以力更镇": (4, 2, 3, 1), "包头市": (3, 0, 0, 2)}


def test_import_and_new_units_keep_the_summary_current(workspace, personas, tree, campaign):
    c, ch = campaign["c"], campaign["ch"]
    event(workspace, campaign, "oA", SUB, 0, campaign["town"])
    assert figures(c)["可可以力更镇"] == (1, 0, 0, 0)
    banner = services.campaign_unit_add(actor=personas["manager"], campaign=c, unit=tree["banner"], target=50)
    data = ("用户ID,来源渠道,关注时间,取关时间,互动时间\n"
            f"dy1,{banner.scene_str},2025-11-03 10:00,2025-11-05 10:00,\n"
            f"dy2,{banner.scene_str},2025-11-03 10:00,,2025-11-04 08:00\n").encode()
    services.follow_import(actor=personas["manager"], channel=ch, data=data, filename="抖音.csv")
    assert figures(c) == {"武川县": (2, 1, 1, 1), "可可以力更镇": (1, 0, 0, 0), "包头市": (0, 0, 0, 0)}


# ---------------------------------------------------------------- 单位管理员只读看本单位子树
def test_unit_admin_sees_own_subtree_read_only(client, workspace, personas, people, campaign):
    c, town = campaign["c"], campaign["town"]
    event(workspace, campaign, "oA", SUB, 0, town)
    event(workspace, campaign, "oB", SUB, 0, campaign["other"])
    page_url = reverse("grassroots:campaign", kwargs={"ws": workspace.slug, "pk": c.pk})

    client.force_login(people["gao_user"])  # 武川县单位管理员：下级的可可以力更镇在活动里，包头市不在他的范围
    listing = client.get(reverse("grassroots:campaigns", kwargs={"ws": workspace.slug}))
    assert listing.status_code == 200 and "关注提升" in listing.content.decode()
    r = client.get(page_url + "?month=2025-11")
    html = r.content.decode()
    assert r.status_code == 200
    assert "可可以力更镇" in html and "包头市" not in html
    assert "只读：只显示武川县及下级单位" in html
    assert 'data-testid="channel-form"' not in html and 'data-testid="codes-link"' not in html
    assert "添加单位或修改目标" not in html
    # 写操作与渠道码仍然不行
    assert client.get(reverse("grassroots:campaign_codes", kwargs={"ws": workspace.slug, "pk": c.pk})).status_code == 403
    assert client.post(page_url, {"unit": town.unit_id, "target": 9}).status_code == 200
    town.refresh_from_db()
    assert town.target == 500
    # 活动说明（Word）也只有本单位子树
    doc = client.get(reverse("grassroots:campaign_report", kwargs={"ws": workspace.slug, "pk": c.pk}))
    assert doc.status_code == 200
    from docx import Document

    text = "\n".join(cell.text for t in Document(io.BytesIO(doc.content)).tables for row in t.rows for cell in row.cells)
    assert "可可以力更镇" in text and "包头市" not in text
    # 接口读同一个选择器，同样只有本单位子树（名次是全活动的名次）
    api = client.get(f"/api/grassroots/{workspace.slug}/campaigns/{c.pk}/quality?month=2025-11").json()
    assert [(row["unit"], row["new"], row["rank"]) for row in api] == [("可可以力更镇", 1, 1)]
    # 入口：我的线索页有“本单位涨粉活动”
    mine = client.get(reverse("grassroots:mine", kwargs={"ws": workspace.slug})).content.decode()
    assert 'data-testid="unit-campaigns"' in mine


def test_unit_admin_cannot_open_campaigns_without_own_units_and_plain_contributor_is_refused(
        client, workspace, personas, people, campaign, tree):
    c = campaign["c"]
    # 老高的单位子树里没有单位参加的活动：列表里没有，打开是 404
    from rongmei.workspaces.models import OfficialAccount

    wx2 = OfficialAccount.objects.create(workspace=workspace, platform=campaign["wx"].platform, name="包头发布")
    c2 = services.campaign_save(actor=personas["manager"], workspace=workspace, name="包头专场", account=wx2,
                                goal=1000, start=dt.date(2025, 3, 1), deadline=dt.date(2025, 12, 31),
                                methods=[Method.EVENT])
    services.campaign_unit_add(actor=personas["manager"], campaign=c2, unit=tree["other"], target=100)
    client.force_login(people["gao_user"])
    listing = client.get(reverse("grassroots:campaigns", kwargs={"ws": workspace.slug})).content.decode()
    assert "关注提升" in listing and "包头专场" not in listing
    assert client.get(reverse("grassroots:campaign", kwargs={"ws": workspace.slug, "pk": c2.pk})).status_code == 404
    assert client.get(reverse("grassroots:campaign_report",
                              kwargs={"ws": workspace.slug, "pk": c2.pk})).status_code == 404
    # 不是单位管理员的供稿员：没有可看的单位——打开活动 404（同子树以外），列表为空并说明
    client.force_login(personas["contributor"])
    for name in ("campaign", "campaign_report"):
        assert client.get(reverse(f"grassroots:{name}", kwargs={"ws": workspace.slug, "pk": c.pk})).status_code == 404
    listing = client.get(reverse("grassroots:campaigns", kwargs={"ws": workspace.slug})).content.decode()
    assert "您不是单位管理员" in listing and "关注提升" not in listing
    # 组长看得到全部单位
    client.force_login(personas["manager"])
    html = client.get(reverse("grassroots:campaign", kwargs={"ws": workspace.slug, "pk": c.pk})).content.decode()
    assert "可可以力更镇" in html and "包头市" in html and "只读" not in html
    api = client.get(f"/api/grassroots/{workspace.slug}/campaigns/{c.pk}/quality").json()
    # 组长看到全部单位（同分时的先后按单位路径，路径里的编号在 PostgreSQL 上随测试顺序而变，这里不比先后）
    assert sorted(row["unit"] for row in api) == sorted(["可可以力更镇", "包头市"])
    client.force_login(personas["contributor"])
    assert client.get(f"/api/grassroots/{workspace.slug}/campaigns/{c.pk}/quality").status_code == 403


# ---------------------------------------------------------------- 对外 H5 页面限流
@pytest.fixture
def quiz(workspace, personas):
    now = timezone.now()
    return services.quiz_save(actor=personas["manager"], workspace=workspace, title="助残知识答题",
                              opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
                              questions=[{"q": "全国助残日是几月？", "options": ["五月", "六月"], "answer": 0}])


def test_h5_pages_refuse_too_many_requests(client, workspace, quiz, monkeypatch):
    monkeypatch.setattr(throttle, "PER_IP", 3)
    url = reverse("grassroots:h5_quiz", kwargs={"ws": workspace.slug, "token": quiz.token})
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200
    r = client.post(url, {"openid": "o-spam", "q0": "0"}, REMOTE_ADDR="10.0.0.1")
    assert r.status_code == 429
    assert "操作太频繁，请稍后再试" in r.content.decode()
    assert not quiz.entries.exists()  # 被拦下的提交没有写入
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200  # 别的手机不受影响
    signin = reverse("grassroots:signin", kwargs={"ws": workspace.slug, "token": "no-such-token"})
    assert client.get(signin, REMOTE_ADDR="10.0.0.1").status_code == 429  # 同一 IP 换链接也一样


def test_h5_token_limit_applies_across_phones(client, workspace, quiz, monkeypatch):
    monkeypatch.setattr(throttle, "PER_TOKEN", 2)
    url = reverse("grassroots:h5_quiz", kwargs={"ws": workspace.slug, "token": quiz.token})
    assert client.get(url, REMOTE_ADDR="10.0.1.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.1.2").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.1.3").status_code == 429


def reference(c, month=None):
    """原来逐条读事件的算法（写在测试里作对照）：与汇总 + SQL 求和的结果逐格相同。"""
    from django.db.models import Q

    from rongmei.engines import months

    cus = list(c.units.order_by("unit__path"))
    cu_ids = {cu.pk for cu in cus}
    first, gone, active = {}, {}, set()
    for ch, openid, kind, cu_id, at in (FollowEvent.objects.filter(Q(account_id=c.account_id) | Q(channel__campaign=c))
                                        .order_by("at", "pk").values_list("channel_id", "openid", "kind",
                                                                         "campaign_unit_id", "at")):
        who = (ch or 0, openid)
        if kind == SUB and cu_id in cu_ids and who not in first:
            first[who] = (cu_id, at)
        elif kind == UNSUB and who in first and who not in gone:
            gone[who] = at
        elif kind in (ACT, SCAN) and who in first:
            active.add(who)
    if month is not None:
        lo = timezone.make_aware(dt.datetime.combine(months.month_start(month), dt.time.min))
        hi = timezone.make_aware(dt.datetime.combine(months.next_month(month), dt.time.min))
        first = {k: v for k, v in first.items() if lo <= v[1] < hi}
    out = {cu.unit.name: [0, 0, 0, 0] for cu in cus}
    names = {cu.pk: cu.unit.name for cu in cus}
    for who, (cu_id, at) in first.items():
        row = out[names[cu_id]]
        row[0] += 1
        row[1] += who in gone and gone[who] - at <= dt.timedelta(days=7)
        row[2] += who in gone and gone[who] - at <= dt.timedelta(days=30)
        row[3] += who in active
    return {k: tuple(v) for k, v in out.items()}


def test_random_events_read_in_two_rounds_match_the_event_by_event_reference(workspace, campaign):
    import random

    rng = random.Random(17)
    c, units = campaign["c"], [campaign["town"], campaign["other"], None]

    def burst(n):
        for _ in range(n):
            kind = rng.choice([SUB, SUB, UNSUB, ACT, SCAN])
            event(workspace, campaign, f"u{rng.randint(1, 25)}", kind, rng.uniform(-20, 60) + rng.random() / 7,
                  cu=rng.choice(units) if kind == SUB else None, imported=rng.random() < 0.3)

    burst(120)
    for month in (None, dt.date(2025, 11, 1), dt.date(2025, 12, 1)):
        assert figures(c, month) == reference(c, month)
    burst(60)  # 第二轮：只重算涉及的用户
    for month in (None, dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2025, 12, 1)):
        assert figures(c, month) == reference(c, month)
