"""RSS/Atom 订阅经真实 HTTP：ETag 条件请求（第二次 304）、HTTP 500 的退避、格式错误（中文说明、不写入）、超大条目、
重复抓取不重复入库、地址只收 http/https。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rongmei.core import clock
from rongmei.opinion import services
from rongmei.opinion.adapters import FetchError
from rongmei.opinion.analysis import MAX_TEXT
from rongmei.opinion.choices import SourceHealth, SourceKind
from rongmei.opinion.models import Mention, Source
from rongmei.opinion.tasks import run_fetch_sources

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>内蒙古日报</title><link>https://www.nmgrb.example/</link>
<item><title>自治区残疾人两项补贴标准提高</title><link>https://www.nmgrb.example/a/1.html</link>
<guid>nmgrb-1</guid><pubDate>Fri, 14 Nov 2025 09:30:00 +0800</pubDate>
<description><![CDATA[<p>记者从自治区残联获悉，<b>残疾人两项补贴</b>标准自明年起提高。</p>]]></description></item>
<item><title>呼和浩特无障碍设施改造完成</title><link>https://www.nmgrb.example/a/2.html</link>
<guid>nmgrb-2</guid><pubDate>Fri, 14 Nov 2025 10:00:00 +0800</pubDate>
<description>呼和浩特市完成公共场所无障碍设施改造 120 处。</description></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>萍乡新闻网</title><id>urn:pxnews</id><updated>2025-11-14T08:00:00Z</updated>
<entry><title>安源区举办春风行动招聘会</title><id>urn:pxnews:1</id><link href="https://px.example/1"/>
<updated>2025-11-14T08:00:00Z</updated><author><name>记者 李华</name></author>
<content type="html">&lt;p&gt;56 家企业提供岗位 1200 个。&lt;/p&gt;</content></entry></feed>""".encode()


@pytest.fixture
def feed(workspace, analyst, feed_server):
    def make(path="/rss.xml", body=RSS, status=200, headers=None, name="内蒙古日报订阅"):
        feed_server.routes[path] = (
            status,
            {"Content-Type": "application/rss+xml; charset=utf-8", **(headers or {})},
            body,
        )
        return services.source_create(
            workspace=workspace,
            actor=analyst,
            name=name,
            kind=SourceKind.FEED,
            url=feed_server.url(path),
            interval_minutes=30,
        )

    return make


def test_rss_items_become_mentions_and_second_fetch_is_a_304(feed, feed_server, analyst, workspace):
    source = feed(headers={"ETag": '"v1"', "Last-Modified": "Fri, 14 Nov 2025 02:00:00 GMT"})
    result = services.source_fetch(source=source, actor=analyst)
    assert result.count == 2
    m = Mention.objects.get(workspace=workspace, url="https://www.nmgrb.example/a/1.html")
    assert m.title == "自治区残疾人两项补贴标准提高"
    assert "<b>" not in m.text and "残疾人两项补贴标准自明年起提高" in m.text
    assert m.source_name == "内蒙古日报"
    assert m.published_at == dt.datetime(2025, 11, 14, 1, 30, tzinfo=dt.UTC)
    assert m.tokens and "补贴" in m.tokens.split()
    assert len(m.content_hash) == 64
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.health == SourceHealth.OK
    assert (source.last_items, source.last_new, source.items_total) == (2, 2, 2)

    again = services.source_fetch(source=source, actor=analyst)
    assert again.count == 0
    path, headers = feed_server.requests[-1]
    assert headers.get("If-None-Match") == '"v1"'
    assert headers.get("If-Modified-Since") == "Fri, 14 Nov 2025 02:00:00 GMT"
    assert Mention.objects.filter(workspace=workspace).count() == 2
    source.refresh_from_db()
    assert source.last_success_at is not None and source.last_new == 0


def test_refetch_without_etag_does_not_duplicate(feed, analyst, workspace):
    source = feed()
    services.source_fetch(source=source, actor=analyst)
    second = services.source_fetch(source=source, actor=analyst)
    assert second.count == 0 and second.duplicates == 2
    assert Mention.objects.filter(workspace=workspace).count() == 2


def test_atom_feed(feed, analyst, workspace):
    source = feed(path="/atom.xml", body=ATOM, headers={"Content-Type": "application/atom+xml"})
    services.source_fetch(source=source, actor=analyst)
    m = Mention.objects.get(workspace=workspace)
    assert (m.title, m.author, m.url) == ("安源区举办春风行动招聘会", "记者 李华", "https://px.example/1")
    assert "1200" in m.text


def test_http_500_records_error_and_backs_off_exponentially(feed, analyst, workspace):
    source = feed(path="/broken.xml", status=500, body=b"oops")
    for n in (1, 2, 3):
        before = clock.now()
        with pytest.raises(FetchError) as info:
            services.source_fetch(source=source, actor=analyst)
        assert "HTTP 500" in info.value.message and "对方服务器内部错误" in info.value.message
        source.refresh_from_db()
        assert source.consecutive_failures == n
        assert source.health == SourceHealth.ERROR
        wait = source.next_fetch_at - before
        assert (
            dt.timedelta(minutes=30 * 2 ** (n - 1))
            <= wait
            < dt.timedelta(minutes=30 * 2 ** (n - 1), seconds=30)
        )
    assert Mention.objects.filter(workspace=workspace).count() == 0
    assert services.backoff(30, 20) == dt.timedelta(hours=24)


def test_recovery_clears_the_error_state(feed, feed_server, analyst):
    source = feed(path="/flaky.xml", status=500, body=b"")
    with pytest.raises(FetchError):
        services.source_fetch(source=source, actor=analyst)
    feed_server.routes["/flaky.xml"] = (200, {"Content-Type": "application/rss+xml"}, RSS)
    services.source_fetch(source=source, actor=analyst)
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.health == SourceHealth.OK
    assert source.last_error  # 最近一次错误仍可查


def test_malformed_feed_is_a_chinese_error_and_writes_nothing(feed, analyst, workspace):
    broken = RSS.replace(b"</item>\n<item>", b"</itm>\n<item>", 1)
    source = feed(path="/bad.xml", body=broken)
    with pytest.raises(FetchError) as info:
        services.source_fetch(source=source, actor=analyst)
    assert "不是有效的 RSS/Atom" in info.value.message and "没有写入任何信息" in info.value.message
    assert Mention.objects.filter(workspace=workspace).count() == 0
    source.refresh_from_db()
    assert "不是有效的 RSS/Atom" in source.last_error


def test_html_page_instead_of_feed_is_refused(feed, analyst, workspace):
    source = feed(
        path="/page.html",
        body="<html><body><p>首页</p></body></html>".encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with pytest.raises(FetchError):
        services.source_fetch(source=source, actor=analyst)
    assert Mention.objects.filter(workspace=workspace).count() == 0


def test_huge_item_is_truncated_not_a_crash(feed, analyst, workspace):
    huge = "残联补贴" * 300_000  # 120 万字
    body = (RSS.decode().replace("呼和浩特市完成公共场所无障碍设施改造 120 处。", huge)).encode()
    source = feed(path="/huge.xml", body=body)
    services.source_fetch(source=source, actor=analyst)
    m = Mention.objects.get(workspace=workspace, url="https://www.nmgrb.example/a/2.html")
    assert len(m.text) == MAX_TEXT and m.truncated


def test_feed_larger_than_the_limit_is_refused(feed, analyst, workspace, monkeypatch):
    monkeypatch.setattr("rongmei.opinion.adapters.MAX_FEED_BYTES", 200)
    source = feed(path="/big.xml")
    with pytest.raises(FetchError) as info:
        services.source_fetch(source=source, actor=analyst)
    assert "超过" in info.value.message
    assert Mention.objects.filter(workspace=workspace).count() == 0


def test_unreachable_feed_says_so(workspace, analyst):
    source = services.source_create(
        workspace=workspace,
        actor=analyst,
        name="离线",
        kind=SourceKind.FEED,
        url="http://127.0.0.1:9/rss.xml",
    )
    with pytest.raises(FetchError) as info:
        services.source_fetch(source=source, actor=analyst)
    assert "无法连接" in info.value.message


def test_only_http_urls_and_no_duplicates(workspace, analyst, feed):
    with pytest.raises(ValidationError) as info:
        services.source_create(
            workspace=workspace, actor=analyst, name="坏", kind=SourceKind.FEED, url="javascript:alert(1)"
        )
    assert "http://" in str(info.value)
    source = feed()
    with pytest.raises(ValidationError):
        services.source_create(
            workspace=workspace, actor=analyst, name="重复", kind=SourceKind.FEED, url=source.url
        )


def test_scheduler_fetches_only_due_sources(feed, workspace):
    due = feed(path="/due.xml")
    later = feed(path="/later.xml", body=ATOM, name="以后")
    Source.objects.filter(pk=later.pk).update(next_fetch_at=clock.now() + dt.timedelta(hours=1))
    out = run_fetch_sources()
    assert any("新增 2 条" in line for line in out)
    assert Mention.objects.filter(workspace=workspace, source=due).count() == 2
    assert Mention.objects.filter(workspace=workspace, source=later).count() == 0
