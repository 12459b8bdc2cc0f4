"""审核链的三条规矩：职责分离（作者不能审自己的稿件，按环节可配置）；高风险检查结果忽略须写理由；
差错率按正在审核的这一版计算（全部改正后为 0）。"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.audit.models import AuditEvent
from rongmei.production import selectors, services, workflow
from rongmei.production.choices import FindingDecision, ItemStatus, Verdict
from rongmei.production.models import CheckFinding
from rongmei.production.workflow import Act

pytestmark = pytest.mark.django_db


class HighChecker:
    """把“身份证号”标为隐私（高），把“登陆”标为错别字（中，建议“登录”）。"""

    def check(self, text: str, *, workspace) -> list[dict]:
        out = []
        for word, category, severity, suggestion in (("身份证号", "privacy", "高", ""),
                                                     ("登陆", "typo", "中", "登录")):
            start = text.find(word)
            while start != -1:
                out.append({"start": start, "end": start + len(word), "text": word, "category": category,
                            "rule": f"test.{category}", "severity": severity, "suggestion": suggestion,
                            "message": "测试"})
                start = text.find(word, start + len(word))
        return out


@pytest.fixture
def high_checker():
    from rongmei.core import checkers

    saved = dict(checkers._CHECKERS)
    checkers.register("ai_proofread", "AI 审校（测试）", HighChecker)
    yield
    checkers._CHECKERS.clear()
    checkers._CHECKERS.update(saved)


@pytest.fixture
def default_chain(workspace, personas):
    """按预设安装、不做任何修改的五级审校：一审由编辑或审核员处理，不允许作者自审。"""
    chain = services.chain_install_preset(actor=personas["manager"], workspace=workspace, preset="beijing5")
    assert not chain.stages.get(order=1).allow_author
    return chain


@pytest.fixture
def submitted(workspace, personas, default_chain, high_checker):
    item = services.item_create(actor=personas["editor"], workspace=workspace, title="办事指南",
                                body="请携带身份证号码复印件，可登陆网站预约，也可登陆小程序。", kind="article")
    services.item_submit(actor=personas["editor"], item=item)
    item.refresh_from_db()
    return item


def test_author_cannot_approve_her_own_item_by_default(submitted, personas, client):
    item = submitted
    assert item.current_stage.name == "一审"
    editor, reviewer = personas["editor"], personas["reviewer"]
    assert not workflow.allowed(item, Act.DECIDE, editor, "editor")
    assert not workflow.allowed(item, Act.RESOLVE_FINDING, editor, "editor")
    with pytest.raises(PermissionDenied, match="职责分离"):
        services.item_decide(actor=editor, item=item, verdict=Verdict.RETURN, comments="自己退回")
    finding = CheckFinding.objects.get(item=item, text="登陆", start=item.current_revision.body.find("登陆"))
    with pytest.raises(PermissionDenied, match="职责分离"):
        services.finding_resolve(actor=editor, finding=finding, accept=True)
    # 不出现在作者的待审列表，页面上也没有审核表单
    assert item not in selectors.waiting_for(item.workspace, editor, "editor")
    assert item in selectors.waiting_for(item.workspace, reviewer, "reviewer")
    client.force_login(editor)
    html = client.get(f"/w/{item.workspace.slug}/production/{item.pk}/").content.decode()
    assert 'data-testid="decide-form"' not in html
    # 另一位审核人可以
    for f in selectors.pending_findings(item):
        services.finding_resolve(actor=reviewer, finding=f, accept=False, reason="已核实")
    services.item_decide(actor=reviewer, item=item, verdict=Verdict.APPROVE, comments="同意")
    item.refresh_from_db()
    assert item.current_stage.order > 1


def test_self_review_stage_can_be_configured(submitted, personas, client):
    item = submitted
    stage = item.current_stage
    client.force_login(personas["manager"])
    resp = client.post(f"/w/{item.workspace.slug}/production/chains/{stage.chain_id}/stages/{stage.pk}/", {
        "order": stage.order, "name": stage.name, "stage_type": stage.stage_type, "method": stage.method,
        "roles": stage.roles, "allow_author": "on", "time_limit_workdays": stage.time_limit_workdays,
        "checker_key": stage.checker_key, "requirements": stage.requirements})
    assert resp.status_code == 302
    stage.refresh_from_db()
    assert stage.allow_author
    item.refresh_from_db()
    assert workflow.allowed(item, Act.DECIDE, personas["editor"], "editor")


def test_high_finding_cannot_be_dismissed_without_reason(submitted, personas, client):
    item = submitted
    high = CheckFinding.objects.get(item=item, severity="高")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.finding_resolve(actor=personas["reviewer"], finding=high, accept=False, reason="  ")
    assert "高风险问题" in exc.value.messages[0] and "须写明理由" in exc.value.messages[0]
    high.refresh_from_db()
    assert high.decision == FindingDecision.PENDING and high.decided_by is None
    assert AuditEvent.objects.count() == events

    client.force_login(personas["reviewer"])
    url = f"/w/{item.workspace.slug}/production/{item.pk}/findings/{high.pk}/"
    html = client.post(url, {"accept": "0", "reason": ""}, follow=True).content.decode()
    assert "忽略时须写明理由" in html and "隐私" in html
    high.refresh_from_db()
    assert high.decision == FindingDecision.PENDING
    client.post(url, {"accept": "0", "reason": "示例文字，不含真实号码"})
    high.refresh_from_db()
    assert high.decision == FindingDecision.DISMISSED and high.reason == "示例文字，不含真实号码"
    # 中等问题照旧可以直接忽略
    medium = CheckFinding.objects.filter(item=item, severity="中").first()
    services.finding_resolve(actor=personas["reviewer"], finding=medium, accept=False)


def test_error_rate_is_for_the_revision_under_review(submitted, personas, client):
    item = submitted
    url = f"/w/{item.workspace.slug}/production/{item.pk}/"
    client.force_login(personas["reviewer"])
    first = selectors.error_rate(selectors.findings_of(item, item.current_revision), item.current_revision.body)
    assert first > 0  # 两处“登陆”（隐私不是文字差错，不计入）
    assert f"差错率 <b>{first:.2f}</b>/万字" in client.get(url).content.decode()
    for _ in range(2):
        f = selectors.pending_findings(item).filter(text="登陆").first()
        services.finding_resolve(actor=personas["reviewer"], finding=f, accept=True)
        item.refresh_from_db()
    assert "登陆" not in item.current_revision.body
    html = client.get(url).content.decode()
    assert f"第 {item.current_revision.number} 版差错率 <b>0.00</b>/万字" in html
    assert "已改正 2、忽略 0、待处理 1" in html
    assert item.status == ItemStatus.IN_REVIEW
