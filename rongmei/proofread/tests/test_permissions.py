"""角色 × 动作（页面与接口）与工作区隔离。期望矩阵独立写出：声明改了而这里没改，测试就会失败。"""

import pytest
from django.urls import reverse

from rongmei.core.permissions import all_permissions, has_perm
from rongmei.proofread import services
from rongmei.proofread.models import RuleEntry
from rongmei.workspaces.choices import Role

ALL = set(Role.values)
INSIDE = ALL - {"contributor", "expert", "department", "applicant", "regional"}  # 外部角色与处室联络人（只答复转给本处室的互动问题）
OPERATORS = INSIDE - {"client_officer", "client_leader"}

EXPECTED = {
    "proofread.use": INSIDE,
    "proofread.view_lexicon": INSIDE,
    "proofread.manage_lexicon": {"manager", "reviewer"},
    "proofread.propose_whitelist": OPERATORS,
    "proofread.decide_whitelist": {"manager", "reviewer"},
    "proofread.view_runs": {"manager", "reviewer", "client_leader"},
}

PAGES = {
    "proofread.use": "proofread:check",
    "proofread.view_lexicon": "proofread:lexicon",
    "proofread.manage_lexicon": "proofread:entry_new",
    "proofread.view_runs": "proofread:runs",
}


def test_every_declared_permission_is_in_the_matrix():
    assert {p for p in all_permissions() if p.startswith("proofread.")} == set(EXPECTED)


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_role_matrix(personas, workspace, role, perm):
    assert has_perm(personas[role], workspace, perm) is (role in EXPECTED[perm])


@pytest.mark.parametrize("role", Role.values)
def test_pages_by_role(personas, workspace, client, role):
    client.force_login(personas[role])
    for perm, name in PAGES.items():
        resp = client.get(reverse(name, kwargs={"ws": workspace.slug}))
        assert resp.status_code == (200 if role in EXPECTED[perm] else 403), (perm, role)


@pytest.mark.parametrize("role", Role.values)
def test_api_by_role(personas, workspace, client, role):
    """每个角色：审校接口、列词条、加词条、停用词条。"""
    client.force_login(personas[role])
    base = f"/api/proofread/{workspace.slug}"
    resp = client.post(f"{base}/check", {"text": "截止目前一切正常。"}, content_type="application/json")
    assert resp.status_code == (200 if role in EXPECTED["proofread.use"] else 403)
    resp = client.get(f"{base}/entries")
    assert resp.status_code == (200 if role in EXPECTED["proofread.view_lexicon"] else 403)
    resp = client.post(f"{base}/entries", {"category": "sensitive", "data": {"term": f"测试{role}"}},
                       content_type="application/json")
    can_manage = role in EXPECTED["proofread.manage_lexicon"]
    assert resp.status_code == (201 if can_manage else 403)
    entry = RuleEntry.objects.filter(workspace=workspace).first() or services.entry_create(
        actor=personas["manager"], workspace=workspace, category="sensitive", data={"term": "测试词条"})
    resp = client.post(f"{base}/entries/{entry.pk}/deactivate")
    assert resp.status_code == (200 if can_manage else 403)


@pytest.mark.parametrize("role", Role.values)
def test_whitelist_actions_by_role(personas, workspace, client, role):
    client.force_login(personas[role])
    resp = client.post(reverse("proofread:propose", kwargs={"ws": workspace.slug}),
                       {"term": "某某词", "category": "sensitive", "reason": "地名"})
    assert resp.status_code == (200 if role in EXPECTED["proofread.propose_whitelist"] else 403)
    p = services.whitelist_propose(actor=personas["editor"], workspace=workspace, term="另一词", category="sensitive",
                                   reason="人名")
    resp = client.post(reverse("proofread:proposal_decide", kwargs={"ws": workspace.slug, "pk": p.pk}),
                       {"decision": "accept"})
    assert resp.status_code == (302 if role in EXPECTED["proofread.decide_whitelist"] else 403)


def test_api_check_returns_findings_rate_and_rulepack(personas, workspace, client):
    services.entry_create(actor=personas["manager"], workspace=workspace, category="banned_expression",
                          data={"term": "规土委", "suggestion": "规划自然资源委"})
    client.force_login(personas["editor"])
    data = client.post(f"/api/proofread/{workspace.slug}/check", {"text": "市规土委召开会议。"},
                       content_type="application/json").json()
    assert data["findings"][0]["text"] == "规土委" and data["findings"][0]["suggestion"] == "规划自然资源委"
    assert data["error_rate"] > 0 and data["rulepack"].startswith("2026.") and "+ws." in data["rulepack"]
    bad = client.post(f"/api/proofread/{workspace.slug}/check", {"txt": 1}, content_type="application/json")
    assert bad.status_code == 422 and "text" in bad.json()["errors"]


def test_api_check_accepts_multipart_file(personas, workspace, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["editor"])
    resp = client.post(f"/api/proofread/{workspace.slug}/check",
                       {"file": SimpleUploadedFile("a.md", "# 标题\n\n全市共有残废人3000余名。".encode())})
    assert resp.status_code == 200
    assert any(f["text"] == "残废人" for f in resp.json()["findings"])


def test_api_add_entry_validation_is_422_in_chinese(personas, workspace, client):
    client.force_login(personas["reviewer"])
    resp = client.post(f"/api/proofread/{workspace.slug}/entries",
                       {"category": "leader_title", "data": {"name": "甄为民"}}, content_type="application/json")
    assert resp.status_code == 422 and "现任职务" in resp.json()["errors"]["title"][0]


def test_other_workspace_is_invisible(personas, workspace, other_workspace, client):
    entry = services.entry_create(actor=None, workspace=other_workspace, category="sensitive",
                                  data={"term": "别家词"})
    client.force_login(personas["manager"])
    for name in ("check", "lexicon", "runs", "proposals", "entry_new", "import"):
        assert client.get(reverse(f"proofread:{name}", kwargs={"ws": other_workspace.slug})).status_code == 404
    assert client.get(reverse("proofread:entry_edit", kwargs={"ws": workspace.slug, "pk": entry.pk})).status_code == 404
    assert client.post(f"/api/proofread/{other_workspace.slug}/check", {"text": "x"},
                       content_type="application/json").status_code == 404
    assert client.get(f"/api/proofread/{other_workspace.slug}/entries").status_code == 404
    assert client.post(f"/api/proofread/{workspace.slug}/entries/{entry.pk}/deactivate").status_code == 404
    listed = client.get(f"/api/proofread/{workspace.slug}/entries").json()
    assert all(e["term"] != "别家词" for e in listed)
