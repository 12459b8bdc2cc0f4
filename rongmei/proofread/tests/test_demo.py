from django.core.management import call_command

from rongmei.proofread import services
from rongmei.proofread.models import RuleEntry, WhitelistProposal
from rongmei.workspaces.models import Workspace


def test_demo_entries_are_idempotent_and_used(db):
    call_command("demo", "--quiet")
    counts = (RuleEntry.objects.count(), WhitelistProposal.objects.count())
    call_command("demo", "--quiet")
    assert (RuleEntry.objects.count(), WhitelistProposal.objects.count()) == counts and counts[0] >= 8
    bj = Workspace.objects.get(slug="bj-planning")
    findings = services.proof_text(workspace=bj, text="市规土委发布通知。")[0]
    assert findings[0]["suggestion"] == "规划自然资源委"
    nm = Workspace.objects.get(slug="nmg-dpf")
    assert any(f["suggestion"] == "健全人" for f in services.proof_text(workspace=nm, text="残疾人和正常人一起参加。")[0])
    # 北京的词条不影响内蒙古
    assert not services.proof_text(workspace=nm, text="市规土委发布通知。")[0]
