"""角色 × 操作矩阵（页面、接口），以及跨工作区隔离。"""

from __future__ import annotations

import pytest
from django.urls import reverse

from rongmei.contracts.permissions import ContractPerm
from rongmei.core.permissions import role_has

from .factories import anyuan, jsonl

pytestmark = pytest.mark.django_db

# 期望矩阵（写明，不从声明推导）：V 查看，E 编辑定义，F 录入/导入事实，S 冻结快照与导出
EXPECTED = {
    "manager": "VEFS",
    "analyst": "V-FS",
    "client_officer": "V--S",
    "client_leader": "V---",
    "reviewer": "V---",
    "editor": "V---",
    "designer": "----",
    "video": "----",
    "support": "----",
    "tech": "----",
    "contributor": "----",
    "expert": "----",
}
PERMS = [ContractPerm.VIEW, ContractPerm.EDIT, ContractPerm.ENTER_FACTS, ContractPerm.SNAPSHOT]


def test_declared_matrix_matches_expected():
    for role, flags in EXPECTED.items():
        got = "".join(flag if role_has(role, perm) else "-" for flag, perm in zip("VEFS", PERMS, strict=True))
        assert got == flags, role


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_pages_and_api_follow_matrix(role, client, workspace, personas):
    anyuan(workspace)
    flags = EXPECTED[role]
    client.force_login(personas[role])
    ws = workspace.slug

    def code(method, url, **kw):
        return getattr(client, method)(url, **kw).status_code

    view_ok = 200 if "V" in flags else 403
    assert code("get", reverse("contracts:overview", kwargs={"ws": ws})) == view_ok
    assert code("get", reverse("contracts:evidence", kwargs={"ws": ws, "ob": "dy_videos"})) == view_ok
    assert code("get", f"/api/contracts/{ws}/evaluate") == view_ok
    # 编辑合同定义
    yaml_text = client.get(f"/api/contracts/{ws}/definition").json().get("yaml") if "V" in flags else "x"
    r = client.put(f"/api/contracts/{ws}/definition", data={"yaml": yaml_text + "\n# 改\n"},
                   content_type="application/json")
    assert r.status_code == (200 if "E" in flags else 403)
    # 录入事实
    r = client.post(reverse("contracts:fact_new", kwargs={"ws": ws}),
                    {"type": "placement", "date": "2025-05-01", "outlet": "人民网", "level": "national"})
    assert r.status_code == (302 if "F" in flags else 403)
    r = client.post(f"/api/contracts/{ws}/facts/import",
                    {"file": _upload(jsonl({"type": "award", "date": "2025-05-02", "points": 1}))})
    assert r.status_code == (201 if "F" in flags else 403)
    # 冻结快照与导出
    r = client.post(f"/api/contracts/{ws}/snapshots", data={"as_of": "2025-06-30", "period": "h1"},
                    content_type="application/json")
    assert r.status_code == (201 if "S" in flags else 403)
    if "S" in flags:
        pk = r.json()["id"]
        assert code("get", reverse("contracts:snapshot_download", kwargs={"ws": ws, "pk": pk, "fmt": "xlsx"})) == 200


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("f.jsonl", content, content_type="application/json")


def test_other_workspace_is_404(client, workspace, other_workspace, personas):
    anyuan(other_workspace)
    client.force_login(personas["manager"])
    ws = other_workspace.slug
    assert client.get(reverse("contracts:overview", kwargs={"ws": ws})).status_code == 404
    assert client.get(reverse("contracts:facts", kwargs={"ws": ws})).status_code == 404
    assert client.get(f"/api/contracts/{ws}/evaluate").status_code == 404
    assert client.get(f"/api/contracts/{ws}/snapshots").status_code == 404


def test_facts_and_snapshots_are_scoped_to_workspace(client, workspace, other_workspace, personas):
    from rongmei.contracts import selectors

    anyuan(other_workspace)
    assert selectors.facts_of(workspace).count() == 0
    assert selectors.current_version(workspace) is None
    client.force_login(personas["manager"])
    r = client.get(reverse("contracts:overview", kwargs={"ws": workspace.slug}))
    assert "还没有合同定义" in r.content.decode()
