"""入库分析：规范化、情感、近似重复成组（首发来源）、地域词、专题命中、去重；检索（FTS）；趋势与突增；专题改版重新匹配。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rongmei.opinion import selectors, services
from rongmei.opinion.analysis import spikes
from rongmei.opinion.choices import ReevalState, SourceKind
from rongmei.opinion.ingest import MentionInput
from rongmei.opinion.models import Mention, MentionGroup, TopicMatch

TZ = timezone.get_current_timezone()


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, 11, day, hour, tzinfo=TZ)


@pytest.fixture
def ingest(workspace):
    source = services.system_source(workspace=workspace, kind=SourceKind.IMPORT)

    def run(*items):
        return services.mentions_ingest(source=source, items=list(items))

    return run


def test_mention_is_normalized_segmented_classified_and_located(ingest, workspace):
    ingest(
        MentionInput(
            text="網友反映鄂爾多斯某旗殘疾人補貼遲遲未到賬，多次投訴無人處理，很失望。",
            source_name="微博",
            published_at=at(14),
        )
    )
    m = Mention.objects.get(workspace=workspace)
    assert "残疾人补贴" in m.norm_text  # 繁体转简体
    assert "补贴" in m.tokens.split()
    assert m.sentiment == "neg" and m.sentiment_reasons
    assert "鄂尔多斯" in m.regions
    assert m.group is not None and m.is_first and m.group.size == 1


def test_a_rolled_back_batch_does_not_leave_reposts_pointing_at_a_vanished_event(ingest, workspace):
    """进程内的近似重复索引只是缓存：写入它的事务回滚后，下一条转载不能归到库里已不存在的组。"""
    from django.db import transaction

    base = "网友反映：某旗残疾人两项补贴连续三个月没有发放，家属多次反映无人处理，残联回应称正在核查。"

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        ingest(MentionInput(text=base, source_name="新浪微博", published_at=at(14, 9), url="https://w.example/1"))
        raise Abort
    assert not MentionGroup.objects.filter(workspace=workspace).exists()
    ingest(MentionInput(text=base + "（转）", source_name="今日头条", published_at=at(14, 11), url="https://t.example/2"))
    m = Mention.objects.get(workspace=workspace)
    assert m.group is not None and m.group.size == 1 and m.is_first


def test_reposts_with_small_edits_become_one_event_with_its_first_source(ingest, workspace):
    base = (
        "网友投诉：某旗残疾人两项补贴连续三个月没有发放，家属多次反映无人处理，很失望，残联回应称正在核查。"
    )
    ingest(
        MentionInput(
            text=base + "（转）", source_name="今日头条", published_at=at(14, 11), url="https://t.example/2"
        )
    )
    ingest(
        MentionInput(text=base, source_name="新浪微博", published_at=at(14, 9), url="https://w.example/1"),
        MentionInput(
            text=base + "引发网友热议", source_name="抖音", published_at=at(14, 12), url="https://d.example/3"
        ),
        MentionInput(
            text="呼和浩特举办助残就业招聘会，五十家企业参加。", source_name="内蒙古日报", published_at=at(14)
        ),
    )
    groups = MentionGroup.objects.filter(workspace=workspace).order_by("-size")
    assert [g.size for g in groups] == [3, 1]
    event = groups[0]
    assert event.first_source_name == "新浪微博"  # 最早发布的一条是首发，哪怕它后到
    assert event.first_published_at == at(14, 9)
    assert event.negative == 3
    page = selectors.search(workspace, group_id=event.pk)
    assert len(page.mentions) == 3


def test_same_item_twice_is_stored_once(ingest, workspace):
    item = MentionInput(text="安源区招聘会", url="https://px.example/1")
    ingest(item)
    again = ingest(MentionInput(text="安源区招聘会（更新）", url="https://px.example/1"))
    assert again.count == 0 and again.duplicates == 1
    assert Mention.objects.filter(workspace=workspace).count() == 1


def test_bad_items_write_nothing(ingest, workspace):
    with pytest.raises(ValidationError) as info:
        ingest(MentionInput(text="好的一条"), MentionInput(text="", title=""))
    assert "第 2 条" in str(info.value)
    with pytest.raises(ValidationError):
        ingest(MentionInput(text="链接不对", url="ftp://x.example/1"))
    assert Mention.objects.filter(workspace=workspace).count() == 0


def test_topics_match_new_mentions_and_changes_reevaluate_history(
    ingest, workspace, analyst, django_capture_on_commit_callbacks
):
    topic = services.topic_create(
        workspace=workspace, actor=analyst, name="残疾人补贴", expression="(残疾人|残联) + 补贴 - 广告"
    )
    ingest(
        MentionInput(text="残联发布补贴新标准", published_at=at(10)),
        MentionInput(text="残疾人补贴代办广告", published_at=at(10)),
        MentionInput(text="无障碍设施改造完成", published_at=at(11)),
    )
    assert [tm.mention.text for tm in TopicMatch.objects.filter(topic=topic)] == ["残联发布补贴新标准"]

    with django_capture_on_commit_callbacks(execute=True):
        topic = services.topic_update(
            topic=topic, actor=analyst, expression="(残疾人|残联) + 补贴 | 无障碍", note="加上无障碍"
        )
    topic.refresh_from_db()
    assert topic.version == 2 and topic.reeval_state == ReevalState.DONE  # 测试里后台任务立即执行
    assert topic.reeval_done == topic.reeval_total == 3
    texts = sorted(tm.mention.text for tm in TopicMatch.objects.filter(topic=topic))
    assert texts == ["无障碍设施改造完成", "残疾人补贴代办广告", "残联发布补贴新标准"]
    assert set(TopicMatch.objects.filter(topic=topic).values_list("version", flat=True)) == {2}
    assert [v.version for v in selectors.topic_versions(topic)] == [2, 1]


def test_topic_syntax_error_is_refused_with_position(workspace, analyst):
    with pytest.raises(ValidationError) as info:
        services.topic_create(workspace=workspace, actor=analyst, name="坏", expression="(残联 | 补贴")
    assert "第 1 个字符处" in str(info.value) and "左括号" in str(info.value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("补贴", {"残联发布补贴新标准", "残疾人补贴代办广告"}),
        ("残疾人 补贴", {"残疾人补贴代办广告"}),
        ("补贴 -广告", {"残联发布补贴新标准"}),
        ("招聘会 | 无障碍", {"无障碍设施改造完成", "安源区举办招聘会"}),
        ('"设施改造"', {"无障碍设施改造完成"}),
    ],
)
def test_search_uses_the_full_text_index(ingest, workspace, query, expected):
    ingest(
        MentionInput(text="残联发布补贴新标准"),
        MentionInput(text="残疾人补贴代办广告"),
        MentionInput(text="无障碍设施改造完成"),
        MentionInput(text="安源区举办招聘会"),
    )
    page = selectors.search(workspace, query=query)
    assert not page.error
    assert {m.text for m in page.mentions} == expected


def test_search_errors_are_chinese(ingest, workspace):
    assert "第 1 个字符处" in selectors.search(workspace, query="(补贴").error
    assert "排除" in selectors.search(workspace, query="-广告").error


def test_search_is_scoped_to_the_workspace(ingest, workspace, other_workspace):
    ingest(MentionInput(text="残联发布补贴新标准"))
    assert selectors.search(other_workspace, query="补贴").mentions == []


def test_search_pages(ingest, workspace):
    ingest(*[MentionInput(text=f"第{i}条补贴信息", published_at=at(1 + i % 28)) for i in range(7)])
    first = selectors.search(workspace, query="补贴", limit=5)
    second = selectors.search(workspace, query="补贴", limit=5, offset=5)
    assert first.has_more and not second.has_more
    assert len(first.mentions) + len(second.mentions) == 7


def test_spikes_use_the_series_own_baseline():
    assert spikes([3, 4, 2, 3, 5, 3, 4, 3, 2, 4, 30]) == [10]
    assert spikes([30, 28, 33, 31, 29, 30, 35]) == []  # 一直很高不算突增
    assert spikes([0, 0, 0, 0, 3]) == []  # 太少不算
    assert spikes([5, 40]) == []  # 基线不足


def test_trend_volume_and_negative_share(ingest, workspace):
    ingest(
        *[
            MentionInput(text=f"安源区举办招聘会，{d}日第{i}场，企业踊跃参加", published_at=at(d))
            for d in range(1, 14)
            for i in range(2)
        ]
    )
    ingest(
        *[
            MentionInput(
                text=f"网友投诉招聘会虚假岗位，工资严重缩水，很失望 {i}", published_at=at(14, 9 + i % 8)
            )
            for i in range(20)
        ]
    )
    points = selectors.trend(workspace, dt.date(2025, 11, 1), dt.date(2025, 11, 14))
    assert len(points) == 14 and points[-1].total == 20 and points[-1].spike
    assert not any(p.spike for p in points[:-1])
    vol = selectors.volume(workspace, dt.date(2025, 11, 1), dt.date(2025, 11, 14))
    assert vol["total"] == 46
    assert vol["negative_share"] == vol["negative"] / 46 and vol["negative"] >= 20
    hourly = selectors.trend(workspace, dt.date(2025, 11, 14), dt.date(2025, 11, 14), hourly=True)
    assert len(hourly) == 24 and sum(p.total for p in hourly) == 20 and hourly[9].total == 3


def test_new_mentions_are_announced_after_commit(ingest, workspace, django_capture_on_commit_callbacks):
    from rongmei.opinion.signals import mentions_created

    got = []

    def receiver(sender, workspace, source, mention_ids, **kwargs):
        got.append((workspace.pk, sorted(mention_ids)))

    mentions_created.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ingest(MentionInput(text="网友投诉补贴未到账", url="https://x.example/1"))
        with django_capture_on_commit_callbacks(execute=True):
            ingest(MentionInput(text="网友投诉补贴未到账", url="https://x.example/1"))  # 重复：不再通知
    finally:
        mentions_created.disconnect(receiver)
    ids = list(Mention.objects.filter(workspace=workspace).values_list("pk", flat=True))
    assert got == [(workspace.pk, ids)]


def test_daily_trend_counts_by_beijing_date_at_midnight_boundaries(ingest, workspace):
    """按北京时间的日期分天（SQLite 上用自带的 date() 算，见 core.dbtime）：北京时间 0 点前后一秒分属两天，
    与逐条换算成本地日期再数的结果相同。"""
    from django.db.models.functions import TruncDate

    from rongmei.core.dbtime import LocalDate, fixed_offset_minutes

    utc = dt.UTC
    times = [dt.datetime(2025, 11, 13, 15, 59, 59, 999000, tzinfo=utc),  # 北京 11-13 23:59:59.999
             dt.datetime(2025, 11, 13, 16, 0, 0, tzinfo=utc),  # 北京 11-14 00:00
             dt.datetime(2025, 11, 14, 15, 59, 59, tzinfo=utc), dt.datetime(2025, 11, 12, 23, 30, tzinfo=utc)]
    ingest(*[MentionInput(text=f"招聘会第{i}场消息，欢迎参加{i}", published_at=t) for i, t in enumerate(times)])
    points = {p.at: p.total for p in selectors.trend(workspace, dt.date(2025, 11, 12), dt.date(2025, 11, 15))}
    expected = {dt.date(2025, 11, 12): 0, dt.date(2025, 11, 13): 2, dt.date(2025, 11, 14): 2, dt.date(2025, 11, 15): 0}
    assert points == expected
    assert fixed_offset_minutes("Asia/Shanghai") == 480 and fixed_offset_minutes("Europe/Berlin") is None
    fast = sorted(Mention.objects.annotate(d=LocalDate("published_at", tzinfo=TZ)).values_list("d", flat=True))
    slow = sorted(Mention.objects.annotate(d=TruncDate("published_at", tzinfo=TZ)).values_list("d", flat=True))
    assert fast == slow == sorted(timezone.localtime(t, TZ).date() for t in times)


def test_region_counts_on_the_overview_match_the_list_its_link_opens(ingest, workspace, client, personas):
    """“涉及地域”的条数数的是整个期间（不只最近若干条），点开是同一期间、同一地方的信息列表，条数一致；
    中文地名在 SQLite 上也筛得出来（原来按 JSON 文本匹配，库里存的是 \\u 转义，一条也找不到）。"""
    import re

    ingest(
        MentionInput(text="鄂尔多斯某旗残疾人补贴迟迟未到账，家属多次投诉。", source_name="微博", published_at=at(14)),
        MentionInput(text="鄂尔多斯市残联回应：补贴将于本周发放到位。", source_name="新闻网", published_at=at(15)),
        MentionInput(text="赤峰与鄂尔多斯两地同步开展无障碍设施排查。", source_name="新闻网", published_at=at(16)),
        MentionInput(text="赤峰某社区举办助残招聘会。", source_name="论坛", published_at=at(16, 15)),
        MentionInput(text="鄂尔多斯去年的旧闻：康复中心落成。", source_name="论坛", published_at=at(1) - dt.timedelta(days=40)),
    )
    assert selectors.top_regions(workspace, dt.date(2025, 11, 1), dt.date(2025, 11, 30)) == [("鄂尔多斯", 3), ("赤峰", 2)]
    client.force_login(personas["analyst"])
    html = client.get(f"/w/{workspace.slug}/opinion/?start=2025-11-01&end=2025-11-30").content.decode()
    links = {
        m.group(2): (m.group(1), int(m.group(3)))
        for m in re.finditer(r'href="([^"]+)" data-testid="region-link">(\S+) (\d+)条', html.replace("&amp;", "&"))
    }
    assert set(links) == {"鄂尔多斯", "赤峰"}
    for word, (href, n) in links.items():
        page = client.get(href).content.decode()
        assert page.count("data-mention=") == n, (word, href)
        assert "旧闻" not in page  # 期间之外的那条不在列表里


def test_upgrading_fills_the_region_rows_of_mentions_already_stored(ingest, workspace):
    """升级（迁移 0007）时，库里已有信息的地域词按 JSON 列补进地域词表，“涉及地域”与按地域筛选立即可用。"""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from rongmei.opinion.models import MentionRegion

    ingest(
        MentionInput(text="鄂尔多斯与赤峰两地开展无障碍排查。", source_name="新闻网", published_at=at(14)),
        MentionInput(text="鄂尔多斯残联发放补贴。", source_name="微博", published_at=at(15)),
    )
    written = sorted(MentionRegion.objects.values_list("mention_id", "region", "published_at", "workspace_id"))
    assert len(written) == 3
    MentionRegion.objects.all().delete()  # 升级前的库：只有 JSON 列
    migration = importlib.import_module("rongmei.opinion.migrations.0007_mention_regions")
    migration.backfill(apps, SimpleNamespace(connection=connection))
    assert sorted(MentionRegion.objects.values_list("mention_id", "region", "published_at", "workspace_id")) == written


def test_top_sources_and_regions_are_the_same_by_either_counting_path(ingest, workspace):
    """“主要来源”“涉及地域”平常逐个值按范围计数；不同的值太多时改用一条 GROUP BY——两条路给出同样的排名与条数。"""
    ingest(
        MentionInput(text="萍乡安源区残疾人补贴发放到位。", source_name="萍乡日报", published_at=at(14)),
        MentionInput(text="安源区网友反映补贴迟迟未到，很失望。", source_name="新浪微博", published_at=at(14, 12)),
        MentionInput(text="安源区举办助残招聘会。", source_name="萍乡日报", published_at=at(15)),
        MentionInput(text="北京海淀区无障碍设施排查整改。", source_name="人民网", published_at=at(16)),
        MentionInput(text="萍乡日报旧闻：安源康复中心落成。", source_name="萍乡日报", published_at=at(1) - dt.timedelta(days=40)),
    )
    start, end = dt.date(2025, 11, 1), dt.date(2025, 11, 30)
    sources = selectors.top_sources(workspace, start, end)
    assert [(s["source_name"], s["n"], s["negative"]) for s in sources] == [("萍乡日报", 2, 0), ("人民网", 1, 0), ("新浪微博", 1, 1)]
    assert selectors.top_sources(workspace, start, end, cap=0) == sources
    regions = selectors.top_regions(workspace, start, end)
    assert regions[0] == ("安源", 3) and dict(regions)["海淀"] == 1
    assert selectors.top_regions(workspace, start, end, cap=0) == regions
    assert selectors.top_sources(workspace, start, end, limit=1) == sources[:1]
