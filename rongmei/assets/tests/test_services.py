"""素材库服务：上传检查、去重、缩略图、版权提醒、裁剪、使用记录与删除、正文图片转存。"""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.assets import selectors, services
from rongmei.assets.choices import LIMITS, Kind
from rongmei.assets.models import Asset
from rongmei.audit.models import AuditEvent
from rongmei.core import clock

from .conftest import jpeg, png

pytestmark = pytest.mark.django_db


def _upload(personas, workspace, data, name="照片.png", **kw):
    return services.asset_from_bytes(actor=personas["editor"], workspace=workspace, data=data, filename=name, **kw)


def test_image_upload_keeps_size_thumbnail_and_audit(personas, workspace):
    asset = _upload(personas, workspace, png(1600, 900), "发布会.png", source="记者自摄")
    assert asset.kind == Kind.IMAGE and asset.content_type == "image/png"
    assert (asset.width, asset.height) == (1600, 900)
    assert asset.title == "发布会" and asset.source == "记者自摄"
    assert asset.thumb and asset.thumb_url.endswith(f"/assets/{asset.pk}/thumb/")
    assert AuditEvent.objects.filter(action="create", message__contains="发布会").exists()


def test_same_file_uploaded_again_reuses_the_asset(personas, workspace, other_workspace):
    data = png()
    first = _upload(personas, workspace, data, "甲.png")
    again = _upload(personas, workspace, data, "乙.png")
    assert again.pk == first.pk and Asset.objects.filter(workspace=workspace).count() == 1
    # 别的工作区各存各的
    other = services.asset_from_bytes(actor=None, workspace=other_workspace, data=data, filename="甲.png")
    assert other.pk != first.pk


def test_oversize_file_is_refused_naming_file_and_limit(personas, workspace, monkeypatch):
    monkeypatch.setitem(LIMITS, Kind.IMAGE, 1024)
    with pytest.raises(ValidationError) as exc:
        _upload(personas, workspace, png(400, 400, (1, 2, 3)) + b"\0" * 2048, "大图.png")
    message = exc.value.messages[0]
    assert "《大图.png》" in message and "超过图片上限" in message and "MB" in message


def test_html_disguised_as_jpg_is_refused(personas, workspace):
    with pytest.raises(ValidationError) as exc:
        _upload(personas, workspace, b"<html><script>alert(1)</script></html>", "风景.jpg")
    assert "《风景.jpg》" in exc.value.messages[0] and "不看扩展名" in exc.value.messages[0]


def test_pdf_renamed_to_png_is_refused(personas, workspace):
    with pytest.raises(ValidationError) as exc:
        _upload(personas, workspace, b"%PDF-1.4\n%...\n", "截图.png")
    assert "扩展名是图片" in exc.value.messages[0] and "PDF" in exc.value.messages[0]


def test_documents_and_video_are_sniffed(personas, workspace):
    pdf = _upload(personas, workspace, b"%PDF-1.7\n1 0 obj\n", "通知.pdf")
    assert pdf.kind == Kind.DOCUMENT and pdf.content_type == "application/pdf" and not pdf.thumb
    mp4 = _upload(personas, workspace, b"\0\0\0\x18ftypmp42" + b"\0" * 64, "现场.mp4")
    assert mp4.kind == Kind.VIDEO and mp4.content_type == "video/mp4"


def test_reviewer_cannot_upload(personas, workspace):
    with pytest.raises(PermissionDenied):
        services.asset_from_bytes(actor=personas["reviewer"], workspace=workspace, data=png(), filename="a.png")


def test_rights_problems_flag_expired_and_missing_consent(personas, workspace):
    asset = _upload(personas, workspace, png(), "夜景.png")
    services.asset_update(actor=personas["editor"], asset=asset, licence="licensed",
                          rights_expires=clock.today() - dt.timedelta(days=1), consent="missing")
    problems = selectors.rights_problems([asset])
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    assert problems == [f"图片《夜景》授权已于 {day} 到期", "图片《夜景》未取得肖像授权"]
    assert AuditEvent.objects.filter(action="update", message__contains="夜景").exists()


def test_crop_is_stored_as_fractions_and_makes_a_file(personas, workspace):
    asset = _upload(personas, workspace, jpeg(1410, 1000), "封面.jpg")
    assert selectors.crop_of(asset, "2.35:1") is None
    crop = services.crop_set(actor=personas["editor"], asset=asset, ratio="2.35:1", box=[0, 0.2, 1, 0.8])
    assert selectors.crop_of(asset, "2.35:1") == (0.0, 0.2, 1.0, 0.8)
    from PIL import Image

    with crop.file.open("rb") as fh:
        assert Image.open(fh).size == (1410, 600)
    with pytest.raises(ValidationError, match="与 1:1 不符"):
        services.crop_set(actor=personas["editor"], asset=asset, ratio="1:1", box=[0, 0, 1, 0.5])
    with pytest.raises(ValidationError, match="超出了图片范围"):
        services.crop_set(actor=personas["editor"], asset=asset, ratio="1:1", box=[0.5, 0, 1.2, 1])


def test_default_box_is_centred_and_has_the_ratio(personas, workspace):
    asset = _upload(personas, workspace, png(1000, 1000), "方图.png")
    x1, y1, x2, y2 = selectors.default_box(asset, "2.35:1")
    assert (x1, x2) == (0.0, 1.0) and abs((y1 + y2) / 2 - 0.5) < 0.001
    assert abs((x2 - x1) * 1000 / ((y2 - y1) * 1000) - 2.35) < 0.01


def test_asset_in_use_cannot_be_deleted(personas, workspace):
    asset = _upload(personas, workspace, png(), "在用.png")
    services.record_use(asset=asset, ref="production.contentitem:12", title="助残日活动回顾", url="/w/x/items/12/")
    services.record_use(asset=asset, ref="production.contentitem:12", title="助残日活动回顾（改）", url="/w/x/items/12/")
    assert [u.title for u in selectors.uses_of(asset)] == ["助残日活动回顾（改）"]
    with pytest.raises(ValidationError, match="正在被 1 处使用.*不能删除"):
        services.asset_delete(actor=personas["manager"], asset=asset)
    with pytest.raises(PermissionDenied):
        services.asset_delete(actor=personas["editor"], asset=asset)
    assert services.clear_uses("production.contentitem:12") == 1
    services.asset_delete(actor=personas["manager"], asset=asset)
    assert not Asset.objects.filter(pk=asset.pk).exists()
    assert AuditEvent.objects.filter(action="delete", message__contains="在用").exists()


def test_asset_for_src_maps_only_this_workspaces_assets(personas, workspace, other_workspace):
    asset = _upload(personas, workspace, png(), "图.png")
    assert selectors.asset_for_src(workspace, asset.url) == asset
    assert selectors.asset_for_src(workspace, f"https://rongmei.example.cn{asset.thumb_url}") == asset
    assert selectors.asset_for_src(other_workspace, asset.url) is None
    assert selectors.asset_for_src(workspace, "https://example.com/a.png") is None


# ---------------------------------------------------------------- 正文图片转存


def test_localize_data_image_becomes_an_asset(personas, workspace):
    data = png(30, 20)
    html = f'<p>正文</p><p><img src="data:image/png;base64,{base64.b64encode(data).decode()}" alt="图一"></p>'
    out, warnings = services.localize_images(actor=personas["editor"], workspace=workspace, html=html)
    asset = Asset.objects.get(workspace=workspace)
    assert warnings == []
    assert f'src="{asset.url}"' in out and f'data-asset="{asset.pk}"' in out and "data:" not in out
    assert asset.source == "编辑器粘贴"


def test_localize_fetches_external_image_from_allowed_host(personas, workspace, image_server, settings):
    host, body = image_server
    settings.RONGMEI_ASSET_FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    html = (f'<p><img src="http://{host}/pic.png"></p><p><img src="http://{host}/moved.png"></p>'
            f'<p><img src="http://{host}/page.html"></p>')
    out, warnings = services.localize_images(actor=personas["editor"], workspace=workspace, html=html)
    asset = Asset.objects.get(workspace=workspace)  # 同一张图（跳转后）只存一份
    assert asset.size == len(body) and asset.source == "网络转载" and asset.title == "pic"
    assert out.count(f'data-asset="{asset.pk}"') == 2
    assert warnings == ["第 3 张图片（内容不是图片）未能转存，请用“插入图片”上传"]


def test_localize_refuses_private_addresses(personas, workspace, image_server, settings):
    host, _body = image_server
    settings.RONGMEI_ASSET_FETCH_ALLOW_HOSTS = []
    html = f'<p>前<img src="http://{host}/pic.png">后</p><p><img src="http://169.254.169.254/latest/meta-data"></p>'
    out, warnings = services.localize_images(actor=personas["editor"], workspace=workspace, html=html)
    assert "<img" not in out and "前后" in out
    assert len(warnings) == 2 and all("内网或本机" in w for w in warnings)
    assert not Asset.objects.exists()


def test_localize_drops_word_file_images_and_keeps_own_assets(personas, workspace, other_workspace):
    own = _upload(personas, workspace, png(), "已有.png")
    foreign = services.asset_from_bytes(actor=None, workspace=other_workspace, data=png(5, 5), filename="别家.png")
    html = (f'<p><img src="file:///C:/Users/a/AppData/Local/Temp/msohtml1/01/clip_image002.jpg"></p>'
            f'<p><img src="{own.thumb_url}" alt="已有"></p><p><img src="{foreign.url}"></p>')
    out, warnings = services.localize_images(actor=personas["editor"], workspace=workspace, html=html)
    assert warnings[0] == "第 1 张图片（是 Word 里的本机文件，网页读不到）未能转存，请用“插入图片”上传"
    assert warnings[1].startswith("第 3 张图片") and len(warnings) == 2
    assert f'<img src="{own.url}" alt="已有" data-asset="{own.pk}">' in out
    assert "file://" not in out and foreign.url not in out


def test_large_video_is_streamed_and_deduplicated(personas, workspace, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(services, "STREAM_ABOVE", 1024)  # 把“大文件”的门槛调低，走不读进内存的路径
    video = b"\0\0\0\x18ftypmp42" + bytes(range(256)) * 40
    first = services.asset_upload(actor=personas["editor"], workspace=workspace,
                                  upload=SimpleUploadedFile("发布会.mp4", video, "video/mp4"))
    assert first.kind == Kind.VIDEO and first.size == len(video)
    with first.file.open("rb") as fh:
        assert fh.read() == video
    again = services.asset_upload(actor=personas["editor"], workspace=workspace,
                                  upload=SimpleUploadedFile("又一次.mp4", video, "video/mp4"))
    assert again.pk == first.pk
    big_image = png(300, 300, (5, 6, 7)) + b"\0" * 4096
    monkeypatch.setitem(LIMITS, Kind.IMAGE, 2048)
    with pytest.raises(ValidationError, match="《大照片.png》.*超过图片上限"):
        services.asset_upload(actor=personas["editor"], workspace=workspace,
                              upload=SimpleUploadedFile("大照片.png", big_image, "image/png"))


def test_fetch_connects_to_the_checked_address(monkeypatch):
    """解析一次、检查一次、就连这个地址：DNS 第二次解析成内网地址也连不过去。"""
    from urllib.parse import urlsplit

    calls = []

    def fake_getaddrinfo(host, *args, **kwargs):
        calls.append(host)
        return [(2, 1, 6, "", ("93.184.216.34", 0))]

    monkeypatch.setattr(services.socket, "getaddrinfo", fake_getaddrinfo)
    target, headers, ext = services._pinned(urlsplit("https://img.example.cn:8443/a.png?x=1"),
                                            services._check_host("img.example.cn"))
    assert target == "https://93.184.216.34:8443/a.png?x=1"
    assert headers["Host"] == "img.example.cn:8443" and ext == {"sni_hostname": "img.example.cn"}
    assert calls == ["img.example.cn"]


def test_phone_photo_rotated_by_exif_gets_upright_size_and_thumbnail(personas, workspace):
    import io

    from PIL import Image

    im = Image.new("RGB", (400, 300), (200, 10, 10))
    exif = im.getexif()
    exif[0x0112] = 6  # 手机竖拍：像素横放，EXIF 说要顺时针转 90°
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif)
    asset = _upload(personas, workspace, out.getvalue(), "竖拍.jpg")
    assert (asset.width, asset.height) == (300, 400)
    with asset.thumb.open("rb") as fh:
        w, h = Image.open(fh).size
    assert h > w
