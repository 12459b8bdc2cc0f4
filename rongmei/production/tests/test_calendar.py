"""统一日历里的“稿件”与“发布排期”图层：月 / 周视图里的关键日期、稿件、发布排期，旧网址跳转，权限、隔离与查询数。"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rongmei.production.models import ContentItem, Revision

pytestmark = pytest.mark.django_db


def url(name, ws="test-ws", **kw):
    return reverse(name, kwargs={"ws": ws, **kw})


def week(client, day: str, ws="test-ws", extra=""):
    return client.get(url("workcal:month", ws=ws) + f"?view=week&date={day}{extra}")


def month(client, year: int, mon: int, extra=""):
    return client.get(url("workcal:month") + f"?view=month&date={year}-{mon:02d}-01{extra}")


def cell(page: str, day: str) -> str:
    """周视图 / 月视图中某天格子的 HTML。"""
    m = re.search(rf'<td[^>]*data-date="{day}"[^>]*>(.*?)</td>', page, re.S)
    assert m, f"页面上没有 {day}"
    return m.group(1)


@pytest.fixture
def account(workspace, platforms):
    from rongmei.workspaces.models import OfficialAccount

    return OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="规自北京公众号")


@pytest.fixture
def make_pub(workspace, personas, account):
    from rongmei.publishing.models import Publication

    n = [0]

    def make(when: dt.datetime, title="国庆假期出行提示", state="planned", ws=None, acct=None):
        n[0] += 1
        ws = ws or workspace
        item = ContentItem.objects.create(workspace=ws, title=title, author=personas["editor"], status="approved",
                                          approved_at=timezone.now())
        rev = Revision.objects.create(item=item, number=1, title=title, body="正文", created_by=personas["editor"])
        return Publication.objects.create(workspace=ws, item=item, revision=rev, account=acct or account,
                                          planned_at=when, state=state, idempotency_key=f"cal-test-{n[0]}")

    return make


def at(y, m, d, hh=9, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


def test_week_view_runs_monday_to_sunday_with_holidays(client, personas):
    client.force_login(personas["editor"])
    resp = week(client, "2025-10-01")
    assert resp.status_code == 200
    page = resp.content.decode()
    days = re.findall(r'<td[^>]*data-date="([\d-]+)"', page)
    assert days == [f"2025-09-{d}" for d in (29, 30)] + [f"2025-10-0{d}" for d in range(1, 6)]
    assert "国庆节" in cell(page, "2025-10-01")
    assert "2025-10-11" not in page  # 下一周的调休上班日不在本周
    labels = re.findall(r'data-testid="day-label">([^<]+)<', page)
    assert labels == ["工作日", "工作日", "法定节假日", "法定节假日", "法定节假日", "法定节假日", "法定节假日"]
    # 上一周 / 下一周
    assert "?view=week&date=2025-09-22" in page and "?view=week&date=2025-10-06" in page
    # 同一周内任意一天得到同一周
    assert re.findall(r'<td[^>]*data-date="([\d-]+)"', week(client, "2025-10-05").content.decode()) == days


def test_week_view_shows_makeup_workday_and_toggle(client, personas):
    client.force_login(personas["editor"])
    page = week(client, "2025-10-07").content.decode()
    assert "国庆节调休上班" in cell(page, "2025-10-11")
    labels = re.findall(r'data-testid="day-label">([^<]+)<', page)
    assert labels[5] == "调休上班" and labels[6] == "休息日"
    assert 'data-testid="to-month"' in page and "?view=month&date=2025-10-07" in page
    mpage = month(client, 2025, 10).content.decode()
    assert 'data-testid="to-week"' in mpage and "?view=week&date=2025-10-01" in mpage


def test_old_editorial_calendar_urls_redirect(client, personas):
    client.force_login(personas["editor"])
    resp = client.get(url("production:calendar_week") + "?week=2025-10-01")
    assert resp.status_code == 302 and resp.url == url("workcal:month") + "?view=week&date=2025-10-01"
    resp = client.get(url("production:calendar") + "?year=2025&month=10")
    assert resp.status_code == 302 and resp.url == url("workcal:month") + "?view=month&date=2025-10-01"
    resp = client.get(url("publishing:calendar") + "?view=day&date=2025-10-03&account=7")
    assert resp.status_code == 302 and resp.url == url("workcal:month") + "?view=day&date=2025-10-03&account=7"
    client.force_login(personas["contributor"])  # 跳转也判权限
    assert client.get(url("production:calendar")).status_code == 403


def test_bad_week_date_is_404(client, personas):
    client.force_login(personas["editor"])
    assert week(client, "2025-13-01").status_code == 404


def test_plan_from_key_date_in_week_view(client, personas):
    client.force_login(personas["editor"])
    page = week(client, "2025-10-01").content.decode()
    links = re.findall(r'href="([^"]+)"[^>]*data-testid="plan-from-date"', cell(page, "2025-10-01"))
    assert links, "国庆节旁应有“＋”"
    form = client.get(links[0].replace("&amp;", "&"))
    assert form.status_code == 200
    body = form.content.decode()
    assert 'value="2025-10-01"' in body and 'value="国庆节"' in body
    assert "plan-on-day" in page
    # 没有写稿权限的角色看不到“＋”
    client.force_login(personas["reviewer"])
    page = week(client, "2025-10-01").content.decode()
    assert "plan-from-date" not in page and "plan-on-day" not in page


def test_items_by_deadline_and_publish_time_in_week(client, personas, make_item):
    make_item(title="国庆海报", kind="poster", deadline=dt.date(2025, 9, 30))
    make_item(title="节日推文", planned_publish_at=at(2025, 10, 2, 8))
    client.force_login(personas["editor"])
    page = week(client, "2025-10-01").content.decode()
    assert "国庆海报" in cell(page, "2025-09-30") and "截止</span>" in cell(page, "2025-09-30")
    assert "节日推文" in cell(page, "2025-10-02") and "计划发布</span> 08:00" in cell(page, "2025-10-02")


def test_layers_can_be_switched_off(client, personas, make_item, make_pub):
    make_item(title="国庆海报", kind="poster", deadline=dt.date(2025, 10, 3))
    make_pub(at(2025, 10, 3, 18, 30), title="假期出行提示")
    client.force_login(personas["editor"])
    both = cell(week(client, "2025-10-01").content.decode(), "2025-10-03")
    assert "国庆海报" in both and "假期出行提示" in both and "国庆节" in both
    only_pubs = cell(week(client, "2025-10-01", extra="&layers=1&layer=publications").content.decode(), "2025-10-03")
    assert "假期出行提示" in only_pubs and "国庆海报" not in only_pubs and "国庆节" not in only_pubs
    only_dates = cell(week(client, "2025-10-01", extra="&layers=1&layer=keydates").content.decode(), "2025-10-03")
    assert "国庆节" in only_dates and "国庆海报" not in only_dates and "假期出行提示" not in only_dates


def test_scheduled_publication_in_week_and_month(client, personas, make_pub):
    pub = make_pub(at(2025, 10, 3, 18, 30), title="假期出行提示")
    make_pub(at(2025, 10, 3, 11), title="已发的稿", state="failed")
    client.force_login(personas["editor"])
    page = week(client, "2025-10-01").content.decode()
    day = cell(page, "2025-10-03")
    assert "假期出行提示" in day and "规自北京公众号" in day and "18:30" in day
    assert "bg-blue-lt" in day and "计划" in day and "bg-red-lt" in day and "失败" in day
    assert reverse("publishing:detail", kwargs={"ws": "test-ws", "pk": pub.pk}) in day
    assert 'draggable=true' in day  # 编辑可以拖到另一天改期
    assert "假期出行提示" not in cell(page, "2025-10-02")

    mday = cell(month(client, 2025, 10).content.decode(), "2025-10-03")
    assert "18:30 规自北京公众号" in mday and "计划" in mday and "假期出行提示" in mday
    assert "规自北京公众号" not in cell(month(client, 2025, 10).content.decode(), "2025-10-04")


def test_month_view_shows_first_three_then_count(client, personas, make_pub):
    for h in range(8, 13):
        make_pub(at(2025, 10, 9, h), title=f"稿{h}")
    client.force_login(personas["editor"])
    day = cell(month(client, 2025, 10).content.decode(), "2025-10-09")
    assert day.count('data-testid="cal-pub"') == 3
    assert "另有 2 项" in day and "?view=day&date=2025-10-09" in day


def test_calendar_query_count_does_not_grow_with_publications(client, personas, make_pub, workspace, platforms,
                                                              make_item, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rongmei.workspaces.models import OfficialAccount

    pages = [url("workcal:month") + "?view=week&date=2025-10-08", url("workcal:month") + "?view=month&date=2025-10-01"]
    client.force_login(personas["editor"])
    make_pub(at(2025, 10, 8, 9))
    few = []
    for page in pages:
        client.get(page)  # 先热身（会话、缓存）
        with CaptureQueriesContext(connection) as ctx:
            client.get(page)
        few.append(len(ctx))

    accounts = [OfficialAccount.objects.create(workspace=workspace, platform=platforms["weibo"], name=f"微博{i}")
                for i in range(4)]
    for i in range(60):
        make_pub(at(2025, 10, 1 + i % 28, 8 + i % 10), title=f"排期{i}", acct=accounts[i % 4])
        if i % 3 == 0:
            make_item(title=f"稿件{i}", deadline=dt.date(2025, 10, 1 + i % 28))
    in_week = 1 + sum(1 for i in range(60) if 6 <= 1 + i % 28 <= 12)  # 10 月 6 日至 12 日
    for page, n in zip(pages, few, strict=True):
        client.get(page)  # 同样热身：写入后菜单角标的缓存已失效，先重算一次
        with django_assert_max_num_queries(n):
            resp = client.get(page)
        assert resp.status_code == 200
    resp = client.get(pages[0])
    assert resp.content.decode().count('data-testid="cal-pub"') == in_week


def test_calendar_permissions_and_isolation(client, personas, other_workspace, make_pub, platforms):
    from rongmei.workspaces.models import OfficialAccount

    make_pub(at(2025, 10, 2, 9), title="本区的稿")
    for role, user in personas.items():
        client.force_login(user)
        resp = week(client, "2025-10-01")
        assert resp.status_code == 200, role  # 日历人人可看；图层按权限
        sees_pubs = "本区的稿" in resp.content.decode()
        assert sees_pubs == (role not in {"contributor", "expert", "department", "applicant", "regional"}), role

    client.force_login(personas["editor"])
    assert week(client, "2025-10-01", ws="other-ws").status_code == 404
    # 别的工作区的发布不会出现在本工作区日历上
    other_acct = OfficialAccount.objects.create(workspace=other_workspace, platform=platforms["wechat"], name="别处号")
    make_pub(at(2025, 10, 2, 9), title="别处的稿", ws=other_workspace, acct=other_acct)
    page = week(client, "2025-10-01").content.decode()
    assert "别处的稿" not in page and "别处号" not in page
