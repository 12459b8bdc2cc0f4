"""新闻网站栏目列表页（没有 RSS 的网站）经真实 HTTP：取主体里的新闻链接和日期、跳过导航、条件请求、
CSS 选择器、找不到链接时中文说明且不写入、页面表单添加与选择器写错的提示。"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.opinion import services
from rongmei.opinion.adapters import FetchError
from rongmei.opinion.choices import SourceKind
from rongmei.opinion.models import Mention, Source

PAGE = """<!doctype html><html><head><meta charset="gb2312"><title>萍乡市人民政府 - 政务动态</title></head><body>
<header><a href="/zwgk/">政务公开栏目首页导航</a></header>
<nav><a href="/bsfw/">办事服务栏目导航链接</a></nav>
<div class="main"><ul class="news-list">
<li><a href="/art/2025/11/14/art_1.html">安源区举办春风行动专场招聘会</a><span>2025-11-14</span></li>
<li><a href="art_2.html" title="萍乡市残疾人两项补贴标准自明年起提高">萍乡市残疾人两项补贴标准…</a><span>2025年11月13日</span></li>
<li><a href="https://other.example/news/3.html">外站转载的一条新闻不属于本站</a></li>
<li><a href="#top">返回顶部</a></li><li><a href="javascript:void(0)">打开一个脚本链接的文字</a></li>
</ul><div class="side"><a href="/art/2025/11/01/art_9.html">侧栏里的专题报道链接文字</a></div></div>
<footer><a href="/about/">关于我们网站页脚链接</a></footer></body></html>""".encode("gb18030")


@pytest.fixture
def page_source(workspace, analyst, feed_server):
    def make(body=PAGE, headers=None, config=None, path="/xwzx/index.html"):
        feed_server.routes[path] = (200, {"Content-Type": "text/html", **(headers or {})}, body)
        return services.source_create(workspace=workspace, actor=analyst, name="萍乡市政府网政务动态",
                                      kind=SourceKind.PAGE, url=feed_server.url(path), interval_minutes=60,
                                      config=config or {})

    return make


def test_list_page_links_become_mentions_with_their_dates(page_source, analyst, workspace, feed_server):
    source = page_source(headers={"ETag": '"p1"'})
    result = services.source_fetch(source=source, actor=analyst)
    titles = set(Mention.objects.filter(workspace=workspace).values_list("title", flat=True))
    assert titles == {"安源区举办春风行动专场招聘会", "萍乡市残疾人两项补贴标准自明年起提高", "侧栏里的专题报道链接文字"}
    assert result.count == 3
    first = Mention.objects.get(workspace=workspace, title="安源区举办春风行动专场招聘会")
    assert first.url == feed_server.url("/art/2025/11/14/art_1.html")
    assert first.source_name == "萍乡市人民政府 - 政务动态"
    assert first.published_at == dt.datetime(2025, 11, 13, 16, 0, tzinfo=dt.UTC)  # 北京时间 11 月 14 日零点
    second = Mention.objects.get(workspace=workspace, title__startswith="萍乡市残疾人")
    assert second.url == feed_server.url("/xwzx/art_2.html")  # 相对地址按列表页补全
    assert second.published_at.date() == dt.date(2025, 11, 12)

    again = services.source_fetch(source=source, actor=analyst)
    assert again.count == 0 and feed_server.requests[-1][1].get("If-None-Match") == '"p1"'
    assert Mention.objects.filter(workspace=workspace).count() == 3


def test_selector_limits_to_the_news_list(page_source, analyst, workspace):
    source = page_source(config={"selector": "ul.news-list li"})
    services.source_fetch(source=source, actor=analyst)
    titles = set(Mention.objects.filter(workspace=workspace).values_list("title", flat=True))
    assert "侧栏里的专题报道链接文字" not in titles
    assert "外站转载的一条新闻不属于本站" in titles  # 指定区域时外站链接也算
    assert "打开一个脚本链接的文字" not in titles


def test_a_page_without_news_links_writes_nothing_and_says_why(page_source, analyst, workspace):
    source = page_source(body="<html><body><p>页面维护中</p></body></html>".encode())
    with pytest.raises(FetchError, match="没有找到新闻链接"):
        services.source_fetch(source=source, actor=analyst)
    assert not Mention.objects.filter(workspace=workspace).exists()
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and "没有找到新闻链接" in source.last_error


def test_bad_selector_is_refused_in_chinese(workspace, analyst):
    with pytest.raises(ValidationError) as exc:
        services.source_create(workspace=workspace, actor=analyst, name="坏选择器", kind=SourceKind.PAGE,
                               url="https://www.example.gov.cn/xw/", config={"selector": "ul[["})
    assert "写法有误（第 4 个字符附近）" in str(exc.value) and "Expected" not in str(exc.value)


def test_adding_a_list_page_through_the_form(client, analyst, workspace, feed_server):
    client.force_login(analyst)
    url = reverse("opinion:source_new", kwargs={"ws": workspace.slug})
    bad = client.post(url, {"kind": "page", "name": "政府网", "url": "https://www.example.gov.cn/xw/",
                            "selector": "li >> a", "interval_minutes": 60, "enabled": "on"})
    assert bad.status_code == 200 and "写法有误" in bad.content.decode()
    assert not Source.objects.filter(workspace=workspace, kind=SourceKind.PAGE).exists()
    ok = client.post(url, {"kind": "page", "name": "政府网", "url": "https://www.example.gov.cn/xw/",
                           "selector": "ul.news li", "interval_minutes": 60, "enabled": "on"})
    assert ok.status_code == 302
    source = Source.objects.get(workspace=workspace, kind=SourceKind.PAGE)
    assert source.config == {"selector": "ul.news li"} and source.is_fetched
    listing = client.get(reverse("opinion:sources", kwargs={"ws": workspace.slug})).content.decode()
    assert "新闻网站列表页" in listing and "政府网" in listing
