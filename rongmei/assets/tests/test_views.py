"""素材库页面与接口：角色权限、工作区范围、文件响应头、编辑器上传的 JSON 格式、插入素材的片段。"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rongmei.assets import services
from rongmei.assets.models import Asset

from .conftest import png

pytestmark = pytest.mark.django_db


def _url(name, ws, **kw):
    return reverse(f"assets:{name}", kwargs={"ws": ws.slug, **kw})


@pytest.fixture
def asset(personas, workspace):
    a = services.asset_from_bytes(actor=personas["editor"], workspace=workspace, data=png(300, 200),
                                  filename="助残日现场.png", source="记者自摄")
    return services.asset_update(actor=personas["editor"], asset=a, tags="助残日、志愿服务")


@pytest.mark.parametrize(("role", "library", "upload", "delete"), [
    ("manager", 200, 302, 302), ("editor", 200, 302, 403), ("designer", 200, 302, 403),
    ("reviewer", 200, 403, 403), ("analyst", 200, 403, 403), ("client_leader", 403, 403, 403),
    ("contributor", 403, 403, 403),
])
def test_role_permissions(role, library, upload, delete, personas, workspace, asset, login):
    client = login(personas[role])
    assert client.get(_url("library", workspace)).status_code == library
    files = {"files": SimpleUploadedFile("新图.png", png(10, 10, (9, 9, 9)), "image/png")}
    assert client.post(_url("upload", workspace), files).status_code == upload
    assert client.post(_url("delete", workspace, pk=asset.pk)).status_code == delete


def test_another_workspaces_asset_is_404(personas, workspace, other_workspace, login, make_user):
    foreign = services.asset_from_bytes(actor=None, workspace=other_workspace, data=png(5, 5), filename="别家.png")
    client = login(personas["manager"])
    for name in ("detail", "file", "thumb"):
        url = reverse(f"assets:{name}", kwargs={"ws": workspace.slug, "pk": foreign.pk})
        assert client.get(url).status_code == 404
    # 别的工作区的网址本身也进不去
    assert client.get(_url("file", other_workspace, pk=foreign.pk)).status_code == 404


def test_library_search_and_flags(personas, workspace, asset, login):
    other = services.asset_from_bytes(actor=None, workspace=workspace, data=png(7, 7), filename="城市夜景.png")
    services.asset_update(actor=None, asset=other, consent="missing")
    client = login(personas["editor"])
    page = client.get(_url("library", workspace), {"q": "志愿服务"}).content.decode()
    assert "助残日现场" in page and "城市夜景" not in page
    page = client.get(_url("library", workspace), {"q": "夜景"}).content.decode()
    assert "城市夜景" in page and "肖像授权未取得" in page and "助残日现场" not in page
    page = client.get(_url("library", workspace), {"kind": "document"}).content.decode()
    assert "没有符合条件的素材" in page


def test_upload_form_reports_each_bad_file(personas, workspace, login):
    client = login(personas["editor"])
    files = [SimpleUploadedFile("好图.png", png(20, 20), "image/png"),
             SimpleUploadedFile("假图.jpg", b"MZ\x90\x00 not an image", "image/jpeg")]
    resp = client.post(_url("upload", workspace), {"files": files}, follow=True)
    text = resp.content.decode()
    assert "已上传 1 个文件" in text and "《假图.jpg》" in text
    assert list(Asset.objects.values_list("title", flat=True)) == ["好图"]


def test_detail_shows_platform_limits_uses_and_crop(personas, workspace, asset, login):
    services.record_use(asset=asset, ref="production.contentitem:3", title="助残日活动回顾", url="/w/test-ws/x/3/")
    client = login(personas["editor"])
    page = client.get(_url("detail", workspace, pk=asset.pk)).content.decode()
    assert "正文图片（uploadimg）" in page and "✓ 符合" in page and "✗ 尚未裁剪" in page
    assert '<a href="/w/test-ws/x/3/">助残日活动回顾</a>' in page
    resp = client.post(_url("crop", workspace, pk=asset.pk), {"ratio": "1:1", "x1": "0.1667", "y1": "0",
                                                              "x2": "0.8333", "y2": "1"}, follow=True)
    assert "已保存 1:1 封面裁剪" in resp.content.decode()
    crop_url = reverse("assets:crop_file", kwargs={"ws": workspace.slug, "pk": asset.pk, "ratio": "1x1"})
    assert client.get(crop_url)["Content-Type"] == "image/jpeg"
    # 在用的素材：组长删除时看到中文原因
    resp = client.post(_url("delete", workspace, pk=asset.pk), follow=True)
    assert resp.status_code == 403
    resp = login(personas["manager"]).post(_url("delete", workspace, pk=asset.pk), follow=True)
    assert "正在被 1 处使用" in resp.content.decode() and Asset.objects.filter(pk=asset.pk).exists()


def test_edit_metadata_from_detail(personas, workspace, asset, login):
    client = login(personas["editor"])
    resp = client.post(_url("detail", workspace, pk=asset.pk), {
        "title": "助残日现场（改）", "tags": "助残日, 现场", "source": "部门提供", "author": "宣传组 王摄影",
        "consent": "obtained", "consent_note": "已签同意书", "licence": "licensed", "rights_expires": "2020-10-01",
    }, follow=True)
    page = resp.content.decode()
    assert "已保存素材信息" in page and "图片《助残日现场（改）》授权已于 2020-10-01 到期" in page
    asset.refresh_from_db()
    assert asset.tag_list == ["助残日", "现场"] and asset.author == "宣传组 王摄影"


def test_file_is_served_with_stored_type_and_nosniff(personas, workspace, asset, login, client):
    resp = login(personas["client_leader"]).get(asset.url)  # 甲方领导看稿时也要看得到正文图片
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    assert resp["X-Content-Type-Options"] == "nosniff" and "attachment" not in resp.get("Content-Disposition", "")
    pdf = services.asset_from_bytes(actor=None, workspace=workspace, data=b"%PDF-1.4\n", filename="通知.pdf")
    resp = client.get(pdf.url)
    assert resp["Content-Type"] == "application/pdf" and resp["Content-Disposition"].startswith("attachment")
    client.logout()
    assert client.get(asset.url).status_code == 302  # 未登录：去登录页


def test_editor_upload_uses_wangeditor_format(personas, workspace, login):
    client = login(personas["editor"])
    url = _url("editor_upload", workspace)
    resp = client.post(url, {"file": SimpleUploadedFile("插图.png", png(40, 30), "image/png")})
    data = resp.json()
    asset = Asset.objects.get()
    assert resp.status_code == 200
    assert data == {"errno": 0, "data": {"url": asset.url, "alt": "插图", "href": ""}}
    video = b"\0\0\0\x18ftypisom" + b"\0" * 32
    resp = client.post(url + "?kind=video", {"file": SimpleUploadedFile("片段.mp4", video, "video/mp4")})
    assert resp.json() == {"errno": 0, "data": {"url": Asset.objects.get(kind="video").url, "poster": ""}}
    resp = client.post(url + "?kind=video", {"file": SimpleUploadedFile("不是视频.png", png(3, 3), "image/png")})
    assert resp.status_code == 200 and resp.json() == {"errno": 1, "message": "文件《不是视频.png》不是视频"}
    resp = client.post(url, {"file": SimpleUploadedFile("a.jpg", b"<svg onload=alert(1)>", "image/jpeg")})
    assert resp.status_code == 200 and resp.json()["errno"] == 1 and "《a.jpg》" in resp.json()["message"]


def test_editor_upload_needs_csrf_header(personas, workspace):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["editor"])
    client.get(_url("library", workspace))
    url = _url("editor_upload", workspace)
    assert client.post(url, {"file": SimpleUploadedFile("a.png", png(), "image/png")}).status_code == 403
    token = client.cookies["csrftoken"].value
    resp = client.post(url, {"file": SimpleUploadedFile("a.png", png(), "image/png")}, HTTP_X_CSRFTOKEN=token)
    assert resp.json()["errno"] == 0


def test_picker_fragment_has_insert_buttons(personas, workspace, asset, login):
    services.asset_from_bytes(actor=None, workspace=workspace, data=b"%PDF-1.4\n", filename="文件.pdf")
    page = login(personas["editor"]).get(_url("picker", workspace), {"kind": "image"}).content.decode()
    assert "<html" not in page
    assert (f'data-insert-src="{asset.url}" data-asset="{asset.pk}" data-alt="助残日现场" data-kind="image"'
            in page)
    assert "文件.pdf" not in page and "文件" not in page.split("asset-picker-grid")[1]
    page = login(personas["editor"]).get(_url("picker", workspace), {"q": "没有这个"}).content.decode()
    assert "没有找到“没有这个”相关的素材" in page


def test_api_list_upload_detail_patch(personas, workspace, other_workspace, asset, login):
    client = login(personas["editor"])
    base = f"/api/assets/{workspace.slug}/assets"
    listed = client.get(base, {"q": "助残日"}).json()
    assert [a["title"] for a in listed] == ["助残日现场"] and listed[0]["kind_label"] == "图片"
    resp = client.post(base, {"file": SimpleUploadedFile("接口.png", png(8, 8), "image/png"), "source": "部门提供"})
    assert resp.status_code == 201 and resp.json()["source"] == "部门提供"
    resp = client.post(base, {"file": SimpleUploadedFile("x.png", b"GIF89 fake", "image/png")})
    assert resp.status_code == 422 and "《x.png》" in resp.json()["detail"]
    resp = client.patch(f"{base}/{asset.pk}", json.dumps({"consent": "missing", "author": "通讯员"}),
                        content_type="application/json")
    assert resp.status_code == 200 and resp.json()["rights_problems"] == ["图片《助残日现场》未取得肖像授权"]
    assert client.get(f"{base}/{asset.pk}").json()["author"] == "通讯员"
    assert client.get(f"/api/assets/{other_workspace.slug}/assets").status_code == 404
    assert login(personas["client_leader"]).get(base).status_code == 403


def test_nav_shows_asset_library_to_editing_roles(personas, workspace, login):
    home = f"/w/{workspace.slug}/"
    assert "素材库" in login(personas["editor"]).get(home).content.decode()
    assert "素材库" not in login(personas["client_leader"]).get(home).content.decode()


def test_library_and_picker_queries_do_not_grow_with_assets(personas, workspace, login, django_assert_max_num_queries):
    for i in range(12):
        a = services.asset_from_bytes(actor=None, workspace=workspace, data=png(10 + i, 10), filename=f"图{i}.png")
        services.record_use(asset=a, ref=f"production.contentitem:{i}", title=f"稿件{i}", url="")
    client = login(personas["editor"])
    client.get(_url("library", workspace))  # 预热会话与菜单缓存
    with django_assert_max_num_queries(20):
        page = client.get(_url("library", workspace)).content.decode()
    assert page.count('data-testid="asset-card"') == 12 and "用于 1 处" in page
    with django_assert_max_num_queries(12):
        page = client.get(_url("picker", workspace)).content.decode()
    assert page.count('data-testid="picker-item"') == 12
