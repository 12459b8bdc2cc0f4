"""全新、离线的机器：接口文档、网站图标与错误页都不依赖外网，也不显示英文异常。"""

import re

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.test import Client, override_settings
from django.urls import path

from rongmei.core.models import JobRun
from rongmei.urls import urlpatterns as real_urlpatterns


def _boom(request):
    raise RuntimeError("database exploded")


def _missing(request):
    return get_object_or_404(JobRun, pk=-1)  # Django 的英文原因 “No JobRun matches the given query.”


def _missing_zh(request):
    raise Http404("稿件不存在")


urlpatterns = [path("t/boom/", _boom), path("t/missing/", _missing), path("t/missing-zh/", _missing_zh),
               *real_urlpatterns]
handler404 = "rongmei.core.errors.page_not_found"
handler500 = "rongmei.core.errors.server_error"


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_api_docs_use_only_local_assets(client, personas):
    client.force_login(personas["editor"])
    html = client.get("/api/docs").content.decode()
    assets = _asset_urls(html)
    assert any("swagger-ui-bundle" in a for a in assets) and any("swagger-ui.css" in a for a in assets)
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert response.getvalue(), asset  # 文件非空（同时读完并关闭文件）


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.getvalue()[:4] == b"\x00\x00\x01\x00"  # ICO 文件头


def test_pages_link_the_icon(client, personas):
    client.force_login(personas["editor"])
    html = client.get("/", follow=True).content.decode()
    assert 'rel="icon"' in html and "/favicon.ico" in html


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_unknown_url_shows_a_chinese_404(client, personas, who):
    if who == "member":
        client.force_login(personas["editor"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "Resolver404" not in html and "tried" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_404_keeps_our_chinese_reason_but_hides_django_english(client, personas):
    client.force_login(personas["editor"])
    english = client.get("/t/missing/")
    assert english.status_code == 404
    assert "matches the given query" not in english.content.decode()
    assert "页面不存在" in english.content.decode()
    assert "稿件不存在" in client.get("/t/missing-zh/").content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_chinese_without_exception_text(db):
    client = Client(raise_request_exception=False)
    response = client.get("/t/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错了" in html
    assert "RuntimeError" not in html and "exploded" not in html


def test_forbidden_page_is_chinese(client, personas, workspace):
    client.force_login(personas["client_leader"])
    response = client.get(f"/w/{workspace.slug}/settings/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and "PermissionDenied" not in html
