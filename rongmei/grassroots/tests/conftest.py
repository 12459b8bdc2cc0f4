"""基层网络测试夹具：单位树（盟市 → 旗县 → 乡镇，另一盟市作对照）、基层人员（供稿员小徐关联登录账号）、图片文件。"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def png(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def fresh_throttle():
    """对外页面的限流计数在缓存里：每个测试从零开始。"""
    from django.core.cache import caches

    from rongmei.grassroots import throttle

    caches[throttle.CACHE].clear()


@pytest.fixture
def tree(workspace):
    from rongmei.grassroots import services
    from rongmei.grassroots.choices import UnitKind

    league = services.unit_save(actor=None, workspace=workspace, name="呼和浩特市", kind=UnitKind.LEAGUE,
                                population=3_550_000)
    banner = services.unit_save(actor=None, workspace=workspace, name="武川县", kind=UnitKind.BANNER, parent=league,
                                population=100_000)
    town = services.unit_save(actor=None, workspace=workspace, name="可可以力更镇", kind=UnitKind.TOWNSHIP,
                              parent=banner, population=20_000)
    other = services.unit_save(actor=None, workspace=workspace, name="包头市", kind=UnitKind.LEAGUE, population=2_740_000)
    return {"league": league, "banner": banner, "town": town, "other": other}


@pytest.fixture
def people(workspace, personas, tree, make_user):
    """小徐（乡镇供稿员，关联 t-contributor）、老高（旗县单位管理员，关联另一个供稿员账号）、包头的老白（无账号）。"""
    from rongmei.grassroots import services
    from rongmei.grassroots.choices import MemberKind
    from rongmei.workspaces.models import Membership

    admin_user = make_user("t-unit-admin", "旗县管理员老高")
    Membership.objects.create(user=admin_user, workspace=workspace, role="contributor")
    xu = services.member_save(actor=None, workspace=workspace, name="徐供稿", unit=tree["town"],
                              kind=MemberKind.CONTRIBUTOR, phone="13900000001", user=personas["contributor"])
    gao = services.member_save(actor=None, workspace=workspace, name="高管理", unit=tree["banner"],
                               kind=MemberKind.CONTRIBUTOR, phone="13900000002", user=admin_user, is_unit_admin=True)
    bai = services.member_save(actor=None, workspace=workspace, name="白采集", unit=tree["other"],
                               kind=MemberKind.COLLECTOR, phone="13900000003")
    return {"xu": xu, "gao": gao, "bai": bai, "gao_user": admin_user}


@pytest.fixture
def submit(workspace, personas, people):
    import datetime as dt

    from rongmei.grassroots import services

    def do(title="武川县为残疾人送去康复辅具", body="县残联为 36 名残疾人免费适配轮椅和助行器。", actor=None, member=None,
           files=None, **extra):
        fields = {"place": "武川县", "happened_on": dt.date(2025, 11, 10), "contact": "徐供稿 13900000001",
                  "consent_publish": True, "rights_holder": "本人", **extra}
        return services.clue_submit(actor=actor or personas["contributor"], workspace=workspace, member=member,
                                    title=title, body=body, files=files, **fields)

    return do
