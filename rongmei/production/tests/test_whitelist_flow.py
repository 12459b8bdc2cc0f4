"""审核链第一环用真实的 AI 审校：忽略一条结果并申请白名单，审核员同意后该词不再被标出。"""

import pytest

from rongmei.core import checkers
from rongmei.production import services
from rongmei.production.models import CheckFinding


@pytest.fixture
def item_with_banned_term(workspace, personas, chain):
    assert "ai_proofread" in checkers.available()  # 由 proofread 应用注册的真实检查器
    item = services.item_create(actor=personas["editor"], workspace=workspace, title="走进聋哑人学校",
                                body="今天我们走进呼和浩特市聋哑人学校，看望师生。", kind="article")
    services.item_submit(actor=personas["editor"], item=item)
    return item


def test_dismissal_becomes_whitelist_after_supervisor_agrees(item_with_banned_term, personas, workspace, client):
    from rongmei.proofread.models import WhitelistProposal
    from rongmei.proofread.services import whitelist_decide

    item = item_with_banned_term
    finding = CheckFinding.objects.get(item=item, text="聋哑人")
    assert finding.category == "banned_expression" and "聋人" in finding.suggestion

    client.force_login(personas["editor"])
    client.post(f"/w/{workspace.slug}/production/{item.pk}/findings/{finding.pk}/",
                {"accept": "0", "reason": "学校的正式校名，不能改", "whitelist": "1"})
    finding.refresh_from_db()
    assert finding.decision == "dismissed"
    proposal = WhitelistProposal.objects.get(workspace=workspace, term="聋哑人")
    assert proposal.source_ref == f"production.checkfinding:{finding.pk}" and proposal.status == "pending"

    whitelist_decide(actor=personas["reviewer"], proposal=proposal, accept=True, comment="同意，专有名称")
    again = checkers.get("ai_proofread").check("呼和浩特市聋哑人学校", workspace=workspace)
    assert not [f for f in again if f["text"] == "聋哑人"]


def test_whitelist_request_needs_a_reason(item_with_banned_term, personas, workspace, client):
    from rongmei.proofread.models import WhitelistProposal

    finding = CheckFinding.objects.get(item=item_with_banned_term, text="聋哑人")
    client.force_login(personas["editor"])
    resp = client.post(f"/w/{workspace.slug}/production/{item_with_banned_term.pk}/findings/{finding.pk}/",
                       {"accept": "0", "reason": "", "whitelist": "1"}, follow=True)
    assert "须填写忽略理由" in resp.content.decode()
    assert not WhitelistProposal.objects.filter(term="聋哑人").exists()
    finding.refresh_from_db()
    assert finding.decision == "pending"  # 什么都没做一半


def test_item_page_shows_error_rate_of_the_submitted_text(item_with_banned_term, personas, workspace, client):
    """“今天我们走进呼和浩特市聋哑人学校，看望师生。”共 20 个计数字，1 处禁用词 → 500.00/万字，超出两道标准。"""
    from rongmei.engines.proofing.rate import count_chars

    item = item_with_banned_term
    assert count_chars(item.current_revision.body) == 20
    client.force_login(personas["reviewer"])
    html = client.get(f"/w/{workspace.slug}/production/{item.pk}/").content.decode()
    assert "差错率 <b>500.00</b>/万字" in html
    finding = CheckFinding.objects.get(item=item, text="聋哑人")
    services.finding_resolve(actor=personas["editor"], finding=finding, accept=False, reason="校名")
    html = client.get(f"/w/{workspace.slug}/production/{item.pk}/").content.decode()
    assert "差错率 <b>0.00</b>/万字" in html  # 忽略的视为误报，不计入
