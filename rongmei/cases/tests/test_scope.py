"""每个角色 × 每个动作：申报单位只看本单位，地区主管部门只看本地区，专家只看分给自己、未回避的案例
（匿名时隐去单位名字），评审结束前看不到别人的评分；注册单位确认前不能登录。"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rongmei.accounts.models import User
from rongmei.audit.models import AuditEvent
from rongmei.cases import selectors, services
from rongmei.cases.choices import CaseStatus, UnitStatus
from rongmei.cases.models import Score, Unit

from .conftest import fill, passed, submitted

pytestmark = pytest.mark.django_db


def url(world, name, **kw):
    return reverse(f"cases:{name}", kwargs={"ws": world.ws.slug, **kw})


def test_applicant_sees_only_its_own_unit(world, client):
    mine = submitted(world, "长春广播电视台")
    other = submitted(world, "农安县融媒体中心")
    user = world.users["长春广播电视台"]
    assert list(selectors.cases_visible(user, world.call)) == [mine]
    client.force_login(user)
    assert client.get(url(world, "case", pk=mine.pk)).status_code == 200
    assert client.get(url(world, "case", pk=other.pk)).status_code == 404
    assert client.get(url(world, "case_form_docx", pk=other.pk)).status_code == 404
    other_file = other.files.first()
    assert client.get(url(world, "file", pk=other_file.pk)).status_code == 404
    assert client.get(url(world, "region", pk=world.call.pk)).status_code == 403
    assert client.get(url(world, "results", pk=world.call.pk)).status_code == 403
    api = client.get(f"/api/cases/{world.ws.slug}/calls/{world.call.pk}/cases").json()
    assert [c["id"] for c in api] == [mine.pk]


def test_applicant_cannot_touch_another_units_case(world):
    other = submitted(world, "农安县融媒体中心")
    with pytest.raises(PermissionDenied):
        services.case_submit(actor=world.users["长春广播电视台"], case=other)


def test_regional_authority_sees_only_its_region(world, client):
    cc = submitted(world, "长春广播电视台")
    jl = submitted(world, "吉林市广播电视台")
    assert list(selectors.cases_visible(world.regional_cc, world.call)) == [cc]
    client.force_login(world.regional_cc)
    assert client.get(url(world, "case", pk=jl.pk)).status_code == 404
    page = client.get(url(world, "region", pk=world.call.pk))
    assert page.status_code == 200 and cc.title in page.text and jl.title not in page.text
    assert client.get(url(world, "region", pk=world.call.pk) + "?region=吉林市").status_code == 404
    with pytest.raises(PermissionDenied):
        services.case_review(actor=world.regional_cc, case=jl, passed=True)
    jl.refresh_from_db()
    assert jl.status == CaseStatus.SUBMITTED


def test_regional_review_return_needs_reason_and_pass_ranks(world, client):
    a = submitted(world, "长春广播电视台")
    b = submitted(world, "农安县融媒体中心")
    with pytest.raises(ValidationError):
        services.case_review(actor=world.regional_cc, case=a, passed=False, reason=" ")
    client.force_login(world.regional_cc)
    for case in (a, b):
        client.post(url(world, "case_review", pk=case.pk), {"verdict": "pass"})
    assert [c.pk for c in selectors.region_ranked(world.call, "长春市")] == [a.pk, b.pk]
    client.post(url(world, "region_order", pk=world.call.pk),
                {"region": "长春市", "case": [a.pk, b.pk], "move": f"up:{b.pk}"})   # 手机上的“上移”按钮
    assert [c.pk for c in selectors.region_ranked(world.call, "长春市")] == [b.pk, a.pk]
    client.post(url(world, "region_order", pk=world.call.pk), {"region": "长春市", "case": [a.pk, b.pk]})  # 拖动后保存
    assert [c.pk for c in selectors.region_ranked(world.call, "长春市")] == [a.pk, b.pk]
    with pytest.raises(ValidationError):  # 少了一个：拒绝，原次序不变
        services.region_order(actor=world.regional_cc, call=world.call, region="长春市", case_ids=[b.pk])
    docx = client.get(url(world, "region_export", pk=world.call.pk, fmt="docx") + "?region=长春市")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")


def test_organiser_sees_every_region(world, client):
    submitted(world, "长春广播电视台")
    submitted(world, "吉林市广播电视台")
    client.force_login(world.organiser)
    page = client.get(url(world, "call", pk=world.call.pk))
    assert "各地区进度" in page.text and "长春市" in page.text and "吉林市" in page.text
    rows = {r.region: r.total for r in selectors.region_status(world.call, world.call.regions)}
    assert rows["长春市"] == 1 and rows["吉林市"] == 1 and rows["四平市"] == 0


def _panel(world, *cases):
    services.call_start_review(actor=world.organiser, call=world.call)
    panel = cases[0].category.panel
    pes = [services.panel_add_expert(actor=world.organiser, panel=panel, user=e) for e in world.experts]
    return panel, pes


def test_expert_sees_nothing_before_declaring_and_conflicts_are_excluded(world, client):
    a = passed(world, "长春广播电视台")
    b = passed(world, "吉林市广播电视台")
    panel, (pe1, pe2, pe3) = _panel(world, a, b)
    assert selectors.expert_cases(pe1) == []
    client.force_login(world.experts[0])
    assert client.get(url(world, "expert_case", panel=panel.pk, case=a.pk)).status_code == 302  # 先去声明
    services.expert_declare(actor=world.experts[0], pe=pe1, unit_ids=[b.unit_id], note="曾为该台做培训")
    services.expert_declare(actor=world.experts[2], pe=pe3, unit_ids=[])
    assert selectors.expert_cases(pe1) == [a]                 # 本人声明与吉林市台有关联
    assert selectors.expert_cases(pe3) == [b]                 # 同在长春市：自动回避长春台
    assert pe3.conflicts.get(case=a).automatic
    assert client.get(url(world, "expert_case", panel=panel.pk, case=b.pk)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.score_submit(actor=world.experts[2], pe=pe3, case=a, values={})


def test_blind_mode_masks_names_and_warns_about_attachments(world, client):
    a = passed(world, "长春广播电视台")
    panel, (pe1, _pe2, _pe3) = _panel(world, a)
    services.expert_declare(actor=world.experts[0], pe=pe1, unit_ids=[])
    client.force_login(world.experts[0])
    page = client.get(url(world, "expert_case", panel=panel.pk, case=a.pk)).content.decode()
    assert "长春广播电视台" not in page and "长春台" not in page and "长春市" not in page
    assert "〔已隐去〕做法与成效" in page
    assert "无法自动隐去" in page
    world.call.blind = False
    world.call.save()
    assert "长春广播电视台" in client.get(url(world, "expert_case", panel=panel.pk, case=a.pk)).content.decode()


def test_scores_lock_and_other_experts_scores_stay_hidden(world, client):
    a = passed(world, "长春广播电视台")
    panel, (pe1, pe2, _pe3) = _panel(world, a)
    for pe, user in ((pe1, world.experts[0]), (pe2, world.experts[1])):
        services.expert_declare(actor=user, pe=pe, unit_ids=[])
    crit = {str(c.pk): c for c in world.call.criteria.all()}
    values = {k: str(c.max_score - 3) for k, c in crit.items()}
    services.score_submit(actor=world.experts[0], pe=pe1, case=a, values=values, comment="好")
    with pytest.raises(ValidationError, match="不能修改"):
        services.score_submit(actor=world.experts[0], pe=pe1, case=a, values=values)
    with pytest.raises(ValidationError, match="得分须在"):
        services.score_submit(actor=world.experts[1], pe=pe2, case=a, values={k: "999" for k in crit})
    assert Score.objects.filter(case=a).count() == 1
    client.force_login(world.experts[1])
    page = client.get(url(world, "expert_case", panel=panel.pk, case=a.pk)).content.decode()
    assert "已提交，已锁定" not in page and 'value="37"' not in page
    assert client.get(url(world, "results", pk=world.call.pk)).status_code == 403
    assert client.get(f"/api/cases/{world.ws.slug}/calls/{world.call.pk}/results").status_code == 403
    client.force_login(world.leader)  # 甲方领导：评审结束前看不到分数
    assert "评审结束后显示" in client.get(url(world, "results", pk=world.call.pk)).content.decode()


def test_registration_is_confirmed_before_login(world, client):
    caches["fragments"].clear()
    form = {"name": "四平市融媒体中心", "unit_type": "county", "region": "四平市", "contact_name": "小孙",
            "contact_phone": "0434-1", "username": "siping", "password": "Media#2024ok", "password2": "Media#2024ok"}
    reg = reverse("cases_public:register", kwargs={"pk": world.call.pk})
    assert "注册已提交" in client.post(reg, form).content.decode()
    unit = Unit.objects.get(name="四平市融媒体中心")
    assert unit.status == UnitStatus.PENDING and not unit.account.is_active
    assert not client.login(username="siping", password="Media#2024ok")
    with pytest.raises(PermissionDenied):  # 长春市主管部门不能确认四平市的单位
        services.unit_confirm(actor=world.regional_cc, unit=unit)
    services.unit_confirm(actor=world.organiser, unit=unit)
    assert client.login(username="siping", password="Media#2024ok")
    assert selectors.unit_of(User.objects.get(username="siping"), world.ws) == unit
    assert AuditEvent.objects.filter(message__contains="自行注册").exists()


def test_registration_weak_password_and_rate_limit(world, client):
    caches["fragments"].clear()
    reg = reverse("cases_public:register", kwargs={"pk": world.call.pk})
    base = {"unit_type": "county", "region": "四平市", "contact_name": "小孙", "contact_phone": "1"}
    weak = client.post(reg, {**base, "name": "甲单位", "username": "weak", "password": "123", "password2": "123"})
    assert "提交注册" in weak.content.decode() and not User.objects.filter(username="weak").exists()
    for i in range(4):
        client.post(reg, {**base, "name": f"单位{i}", "username": f"unit{i}", "password": "Strong@2024x",
                          "password2": "Strong@2024x"})
    blocked = client.post(reg, {**base, "name": "单位9", "username": "unit9", "password": "Strong@2024x",
                                "password2": "Strong@2024x"})
    assert "注册过于频繁" in blocked.content.decode()
    assert not User.objects.filter(username="unit9").exists()


def test_public_register_page_only_for_open_calls(world, client):
    world.call.status = "draft"
    world.call.save()
    assert client.get(reverse("cases_public:register", kwargs={"pk": world.call.pk})).status_code == 404


def test_home_card_shows_each_role_its_todo(world, client, other_workspace):
    case = submitted(world, "长春广播电视台")
    home = reverse("core:workspace_home", kwargs={"ws": world.ws.slug})
    client.force_login(world.regional_cc)
    assert "1 件申报待地区初审" in client.get(home).content.decode()
    client.force_login(world.users["长春广播电视台"])
    assert case.title in client.get(home).content.decode()
    client.force_login(world.regional_jl)  # 吉林市没有待初审的
    assert "待地区初审" not in client.get(home).content.decode()


def test_drafts_stay_with_the_unit_until_submitted(world, client):
    draft = fill(world, "长春广播电视台")
    for viewer in (world.organiser, world.leader, world.regional_cc):
        client.force_login(viewer)
        assert client.get(url(world, "case", pk=draft.pk)).status_code == 404
    client.force_login(world.users["长春广播电视台"])
    assert client.get(url(world, "case", pk=draft.pk)).status_code == 200


def test_cases_passed_after_the_declaration_are_still_excluded(world):
    a = passed(world, "吉林市广播电视台")
    services.call_start_review(actor=world.organiser, call=world.call)
    pe3 = services.panel_add_expert(actor=world.organiser, panel=a.category.panel, user=world.experts[2])
    services.expert_declare(actor=world.experts[2], pe=pe3, unit_ids=[a.unit_id])  # 与吉林市台有关联
    later_cc = passed(world, "长春广播电视台")                     # 声明之后才通过初审，同在长春市
    later_jl = passed(world, "吉林市广播电视台", title="吉林市台第二个案例")  # 声明过有关联的单位
    assert selectors.expert_cases(pe3) == []
    assert {later_cc, later_jl, a} <= set(selectors.panel_cases(pe3.panel))


def test_region_and_results_pages_do_not_query_per_case(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(path):
        with CaptureQueriesContext(connection) as q:
            assert client.get(path).status_code == 200
        return len(q)

    client.force_login(world.organiser)
    region = url(world, "region", pk=world.call.pk) + "?region=长春市"
    results = url(world, "results", pk=world.call.pk)
    passed(world, "长春广播电视台")
    count(region), count(results)  # 预热：菜单与卡片的缓存
    few = count(region), count(results)
    for i in range(4):
        passed(world, "农安县融媒体中心", title=f"案例{i}")
    count(region), count(results)  # 写入后缓存失效，再预热一次
    assert (count(region), count(results)) == few
