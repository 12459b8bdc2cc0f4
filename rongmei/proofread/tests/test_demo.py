from rongmei.proofread import demo, services
from rongmei.proofread.models import RuleEntry, WhitelistProposal
from rongmei.workspaces.models import Membership, Workspace


def _setup(make_user):
    workspaces, users = {}, {}
    for slug, prefix in (("bj-planning", "bj"), ("nmg-dpf", "nm"), ("anyuan-jobs", "ay")):
        ws = Workspace.objects.create(slug=slug, name=slug, client_name="甲方")
        workspaces[slug] = ws
        for role in ("reviewer", "editor", "manager"):
            user = make_user(f"{prefix}-{role}")
            Membership.objects.create(user=user, workspace=ws, role=role)
            users[user.username] = user
    return workspaces, users


def test_demo_entries_are_idempotent_and_used(make_user):
    workspaces, users = _setup(make_user)
    demo.load(workspaces, users)
    counts = (RuleEntry.objects.count(), WhitelistProposal.objects.count())
    demo.load(workspaces, users)
    assert (RuleEntry.objects.count(), WhitelistProposal.objects.count()) == counts and counts[0] >= 8
    bj, nm = workspaces["bj-planning"], workspaces["nmg-dpf"]
    assert services.proof_text(workspace=bj, text="市规土委发布通知。")[0][0]["suggestion"] == "规划自然资源委"
    assert any(f["suggestion"] == "健全人" for f in services.proof_text(workspace=nm, text="残疾人和正常人一起参加。")[0])
    # 北京的词条不影响内蒙古
    assert not services.proof_text(workspace=nm, text="市规土委发布通知。")[0]
