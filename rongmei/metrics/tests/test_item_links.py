"""作品数据与发布记录、稿件的关联：取数时按平台作品 ID 关联，回填按链接关联；看板链接到稿件页并按稿件的形态/栏目统计。"""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rongmei.metrics import selectors, services
from rongmei.metrics.models import DailyMetric, ItemStat

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _published(workspace, account, author, *, title, kind, column, external_id="", url=""):
    from rongmei.production.models import Column, ContentItem, Revision
    from rongmei.publishing.models import Publication

    col, _ = Column.objects.get_or_create(workspace=workspace, name=column)
    item = ContentItem.objects.create(workspace=workspace, title=title, kind=kind, column=col, author=author)
    rev = Revision.objects.create(item=item, number=1, title=title, body="正文")
    when = dt.datetime(2025, 3, 10, 9, 30, tzinfo=BEIJING)
    pub = Publication.objects.create(workspace=workspace, item=item, revision=rev, account=account, planned_at=when,
                                     state="published", idempotency_key=f"k-{title}", external_id=external_id,
                                     url=url, published_at=when)
    return item, pub


class FakeClient:
    def __init__(self, rows):
        self.rows = rows

    def fetch_metrics(self, start, end, **kwargs):
        return self.rows


def test_fetch_links_item_stat_to_publication_by_platform_id(accounts, workspace, personas):
    acc = accounts["wechat"]
    item, pub = _published(workspace, acc, personas["editor"], title="春耕一线", kind="short_video", column="乡村振兴",
                           external_id="2247483650_1")
    today = dt.date(2025, 3, 20)
    rows = [SimpleNamespace(metric="read_user", value=880, external_id="2247483650_1", date=dt.date(2025, 3, 12),
                            dimension=""),
            SimpleNamespace(metric="read_user", value=40, external_id="other-1", date=dt.date(2025, 3, 12),
                            dimension="")]
    services.metrics_fetch(account=acc, start=dt.date(2025, 3, 11), end=dt.date(2025, 3, 12),
                           client=FakeClient(rows), today=today)
    linked = ItemStat.objects.get(account=acc, item_ref="2247483650_1")
    assert linked.publication_id == pub.pk and linked.content_item_id == item.pk
    assert linked.kind_label == "短视频"
    assert linked.column_label == "乡村振兴"
    assert ItemStat.objects.get(account=acc, item_ref="other-1").content_item_id is None


def test_backfill_links_by_url_and_dashboard_links_to_item_page(client, accounts, workspace, personas):
    acc = accounts["douyin"]
    now = timezone.now()
    published = dt.datetime(2025, 3, 5, 20, 0, tzinfo=BEIJING)
    stat = ItemStat.objects.create(workspace=workspace, account=acc, item_ref="https://v.douyin.com/abc123/",
                                   url="https://v.douyin.com/abc123/", title="抖音标题（平台改写）",
                                   published_at=published, published_hour=20, kind="短视频", column="旧栏目",
                                   plays=5000, as_of=now)
    ItemStat.objects.create(workspace=workspace, account=acc, item_ref="x|2025-03-06", title="未发布过的作品",
                            published_at=published + dt.timedelta(days=1), published_hour=20, kind="短视频",
                            column="旧栏目", plays=100, as_of=now)
    item, pub = _published(workspace, acc, personas["editor"], title="稿件里的标题", kind="live",
                           column="民生直击", url="https://v.douyin.com/abc123")
    assert services.item_stats_link(actor=personas["manager"], workspace=workspace) == 1
    assert services.item_stats_link(actor=personas["manager"], workspace=workspace) == 0  # 可重复运行
    stat.refresh_from_db()
    assert stat.publication_id == pub.pk and stat.content_item_id == item.pk

    client.force_login(personas["analyst"])
    url = reverse("metrics:dashboard", kwargs={"ws": workspace.slug}) + "?start=2025-03-01&end=2025-03-31"
    resp = client.get(url)
    html = resp.content.decode()
    detail = reverse("production:item_detail", kwargs={"ws": workspace.slug, "pk": item.pk})
    assert f'href="{detail}"' in html and "稿件里的标题" in html
    row = html[html.index(f'data-item-stat="{stat.pk}"'):]
    row = row[:row.index("</tr>")]
    assert item.get_kind_display() in row and "民生直击" in row and "旧栏目" not in row
    charts = {c.key: c for c in resp.context["data"]["charts"]}
    kinds = dict(zip(charts["kinds"].categories, charts["kinds"].series["作品数"], strict=True))
    columns = dict(zip(charts["columns"].categories, charts["columns"].series["作品数"], strict=True))
    assert kinds == {"直播": 1, "短视频": 1}
    assert columns == {"民生直击": 1, "旧栏目": 1}
    # 链接可以打开
    assert client.get(detail).status_code == 200


def test_backfill_command_and_permission(accounts, workspace, personas):
    from django.core.exceptions import PermissionDenied

    acc = accounts["wechat"]
    item, pub = _published(workspace, acc, personas["editor"], title="公众号稿", kind="article", column="要闻",
                           external_id="mid-77")
    ItemStat.objects.create(workspace=workspace, account=acc, item_ref="mid-77", as_of=timezone.now())
    with pytest.raises(PermissionDenied):
        services.item_stats_link(actor=personas["editor"], workspace=workspace)
    call_command("metrics_link_items", workspace.slug)
    assert ItemStat.objects.get(item_ref="mid-77").content_item_id == item.pk


def test_account_summaries_from_monthly_rollups_equal_raw_rows(accounts, workspace):
    rng = random.Random(7)
    for acc in accounts.values():
        for i in range(75):
            day = dt.date(2025, 1, 20) + dt.timedelta(days=i)
            for name in ("plays", "likes", "followers_gained"):
                services.metric_enter(actor=None, account=acc, date=day, name=name, value=rng.randint(0, 500))
    for start, end in ((dt.date(2025, 2, 1), dt.date(2025, 2, 28)), (dt.date(2025, 1, 25), dt.date(2025, 3, 10)),
                       (dt.date(2025, 2, 3), dt.date(2025, 2, 20)), (dt.date(2025, 1, 1), dt.date(2025, 3, 31))):
        got = {s["account"].pk: (s["plays"], s["likes"], s["followers_gained"])
               for s in selectors.account_summaries(workspace, start, end)}
        for acc in accounts.values():
            raw = DailyMetric.objects.filter(account=acc, current=True, channel="", date__gte=start, date__lte=end)
            want = tuple(sum(raw.filter(name=n).values_list("value", flat=True))
                         for n in ("plays", "likes", "followers_gained"))
            assert got[acc.pk] == want, (start, end)
