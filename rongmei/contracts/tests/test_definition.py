"""合同定义：一键模板、版本、校验（带行号）、审计、接口。"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.audit.models import AuditEvent
from rongmei.contracts import selectors, services
from rongmei.engines.kpi import template_text

pytestmark = pytest.mark.django_db


def test_one_click_template_creates_version_1(client, workspace, personas):
    client.force_login(personas["manager"])
    r = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug}))
    assert "使用模板 anyuan-employment" in r.content.decode()
    r = client.post(reverse("contracts:from_template", kwargs={"ws": workspace.slug}), {"template": "anyuan-employment"})
    assert r.status_code == 302
    v = selectors.current_version(workspace)
    assert v.number == 1 and v.template == "anyuan-employment" and v.created_by == personas["manager"]
    assert v.warnings  # 模板里的基准不一致会给出警告
    assert AuditEvent.objects.filter(workspace=workspace, object_type="contracts.contractversion").exists()
    page = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug})).content.decode()
    assert "安源区就业之家线上推广运营服务" in page and "抖音短视频发布数量" in page


def test_each_save_is_a_new_version_and_unchanged_text_is_not(workspace, personas):
    m = personas["manager"]
    text = template_text("beijing-planning-2023")
    v1 = services.contract_save(actor=m, workspace=workspace, yaml_text=text)
    assert services.contract_save(actor=m, workspace=workspace, yaml_text=text) == v1
    v2 = services.contract_save(actor=m, workspace=workspace, yaml_text=text.replace("amount: 930000", "amount: 940000"),
                                comment="金额调整")
    assert (v1.number, v2.number) == (1, 2)
    assert selectors.current_version(workspace) == v2
    assert selectors.contract_of(v2).amount == 940000
    assert selectors.contract_of(v1).amount == 930000
    ev = AuditEvent.objects.filter(workspace=workspace, object_type="contracts.contractversion").order_by("-pk").first()
    assert ev.before["版本"] == 1 and ev.after["版本"] == 2


def test_invalid_yaml_is_rejected_with_line_numbers_and_not_saved(client, workspace, personas):
    text = template_text("anyuan-employment").replace("measure: count\n    baselines: {month: 15",
                                                      "measure: counted\n    baselines: {month: 15", 1)
    with pytest.raises(ValidationError) as exc:
        services.contract_save(actor=personas["manager"], workspace=workspace, yaml_text=text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "counted" in t)
    assert any(f"第 {line} 行" in m for m in exc.value.messages)
    assert selectors.current_version(workspace) is None
    client.force_login(personas["manager"])
    r = client.post(reverse("contracts:definition", kwargs={"ws": workspace.slug}),
                    {"yaml_text": text, "action": "save"})
    assert r.status_code == 200
    assert f"第 {line} 行" in r.content.decode() and "counted" in r.content.decode()
    assert selectors.current_version(workspace) is None


def test_validate_only_button_does_not_save(client, workspace, personas):
    client.force_login(personas["manager"])
    r = client.post(reverse("contracts:definition", kwargs={"ws": workspace.slug}),
                    {"yaml_text": template_text("anyuan-employment"), "action": "validate"})
    assert "校验通过" in r.content.decode()
    assert selectors.current_version(workspace) is None


def test_editor_sees_definition_read_only(client, workspace, personas):
    services.contract_from_template(actor=None, workspace=workspace, template_id="anyuan-employment")
    client.force_login(personas["editor"])
    r = client.get(reverse("contracts:definition", kwargs={"ws": workspace.slug}))
    assert r.status_code == 200 and 'data-testid="yaml-readonly"' in r.content.decode()
    r = client.post(reverse("contracts:definition", kwargs={"ws": workspace.slug}), {"yaml_text": "x"})
    assert r.status_code == 403


def test_api_definition_get_put(client, workspace, personas):
    client.force_login(personas["manager"])
    ws = workspace.slug
    assert client.get(f"/api/contracts/{ws}/definition").json()["version"] is None
    text = template_text("anyuan-employment")
    r = client.put(f"/api/contracts/{ws}/definition?validate_only=true", data={"yaml": text},
                   content_type="application/json")
    assert r.status_code == 200 and r.json()["ok"] and not r.json()["saved"]
    r = client.put(f"/api/contracts/{ws}/definition", data={"yaml": "schema: rongmei/contract-v1\nid: x\n"},
                   content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["line"] >= 1
    r = client.put(f"/api/contracts/{ws}/definition", data={"yaml": text}, content_type="application/json")
    assert r.json()["saved"] and r.json()["version"] == 1
    assert client.get(f"/api/contracts/{ws}/definition").json()["yaml"] == text


def test_versions_page_lists_versions(client, workspace, personas, django_assert_max_num_queries):
    for i in range(3):
        services.contract_save(actor=personas["manager"], workspace=workspace,
                               yaml_text=template_text("anyuan-employment") + f"\n# {i}\n")
    client.force_login(personas["reviewer"])
    with django_assert_max_num_queries(20):
        r = client.get(reverse("contracts:versions", kwargs={"ws": workspace.slug}))
    assert r.content.decode().count("第 3 版") == 1 and "第 1 版" in r.content.decode()
