"""服务层：工作区词条进入审校、白名单申请、词表导入（行号准确、整批不导入）、版本与审计。"""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rongmei.audit.models import AuditEvent
from rongmei.core import checkers
from rongmei.proofread import selectors, services
from rongmei.proofread.models import RuleEntry

TEXT = "市规土委今天召开会议。"


def _terms(findings):
    return {(f["text"], f["category"]) for f in findings}


def test_registered_checker_includes_workspace_entries(personas, workspace, other_workspace):
    checker = checkers.get("ai_proofread")
    assert "ai_proofread" in checkers.available()
    assert ("规土委", "banned_expression") not in _terms(checker.check(TEXT, workspace=workspace))
    services.entry_create(actor=personas["reviewer"], workspace=workspace, category="banned_expression",
                          data={"term": "规土委", "suggestion": "规划自然资源委"})
    found = checker.check(TEXT, workspace=workspace)
    hit = next(f for f in found if f["text"] == "规土委")
    assert hit["suggestion"] == "规划自然资源委" and hit["start"] == 1 and hit["end"] == 4
    assert "+ws." in hit["rulepack"]
    # 另一个工作区的词条互不影响
    assert ("规土委", "banned_expression") not in _terms(checker.check(TEXT, workspace=other_workspace))


def test_fallen_official_and_leader_title_entries(personas, workspace):
    r = personas["manager"]
    services.entry_create(actor=r, workspace=workspace, category="fallen_official",
                          data={"name": "贾仁义", "date": "2024/3/5", "note": "原示例市副市长"})
    services.entry_create(actor=r, workspace=workspace, category="leader_title",
                          data={"name": "甄为民", "title": "示例市委书记", "rank": 1})
    findings = services.proof_text(workspace=workspace, text="贾仁义出席活动。示例市市长甄为民讲话。")[0]
    fallen = next(f for f in findings if f["category"] == "fallen_official")
    assert fallen["severity"] == "高" and "2024-03-05" in fallen["message"]
    assert any(f["category"] == "leader_title" and "甄为民" in f["text"] + f["message"] for f in findings)


def test_every_change_bumps_version_and_is_audited(personas, workspace):
    r = personas["reviewer"]
    assert selectors.pack_version(workspace)[0] == 0
    e = services.entry_create(actor=r, workspace=workspace, category="typo", data={"wrong": "渣土车", "right": "渣土运输车"})
    assert selectors.pack_version(workspace)[0] == 1
    services.entry_update(actor=r, entry=e, data={"wrong": "渣土车", "right": "渣土运输车辆"})
    assert selectors.pack_version(workspace)[0] == 2
    assert services.proof_text(workspace=workspace, text="渣土车空调")[0][0]["suggestion"] == "渣土运输车辆"
    services.entry_set_active(actor=r, entry=e, active=False)
    assert selectors.pack_version(workspace)[0] == 3
    assert not any(f["text"] == "渣土车" for f in services.proof_text(workspace=workspace, text="渣土车空调")[0])
    events = AuditEvent.objects.filter(object_type="proofread.ruleentry", object_id=str(e.pk))
    assert events.count() == 3 and {ev.actor_id for ev in events} == {r.pk}


def test_entry_validation_messages_are_chinese(personas, workspace):
    r = personas["reviewer"]
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=r, workspace=workspace, category="fallen_official",
                              data={"name": "贾仁义", "date": "去年"})
    assert "不是有效日期" in exc.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=r, workspace=workspace, category="sensitive", data={"term": "党"})
    assert "只有一个字" in exc.value.message_dict["term"][0]
    services.entry_create(actor=r, workspace=workspace, category="sensitive", data={"term": "某某词"})
    with pytest.raises(ValidationError, match="已在"):
        services.entry_create(actor=r, workspace=workspace, category="sensitive", data={"term": "某某词"})


def test_editor_cannot_maintain_lexicon(personas, workspace):
    with pytest.raises(PermissionDenied):
        services.entry_create(actor=personas["editor"], workspace=workspace, category="sensitive",
                              data={"term": "某某词"})


def test_accepted_whitelist_proposal_stops_the_term_being_flagged(personas, workspace):
    text = "本次活动由某某基金会主办。"
    services.entry_create(actor=personas["manager"], workspace=workspace, category="sensitive",
                          data={"term": "某某基金会", "severity": "高"})
    assert any(f["text"] == "某某基金会" for f in services.proof_text(workspace=workspace, text=text)[0])
    p = services.whitelist_propose(actor=personas["editor"], workspace=workspace, term="某某基金会",
                                   category="sensitive", reason="本地合法注册的公益组织", source_ref="test:1")
    assert p.status == "pending"
    # 重复申请返回同一条
    assert services.whitelist_propose(actor=personas["editor"], workspace=workspace, term="某某基金会",
                                      category="sensitive", reason="再次申请").pk == p.pk
    with pytest.raises(PermissionDenied):
        services.whitelist_decide(actor=personas["editor"], proposal=p, accept=True)
    before = selectors.pack_version(workspace)[0]
    services.whitelist_decide(actor=personas["reviewer"], proposal=p, accept=True, comment="同意")
    p.refresh_from_db()
    assert p.status == "accepted" and p.decided_by == personas["reviewer"] and p.entry.category == "whitelist"
    assert selectors.pack_version(workspace)[0] == before + 1
    assert not any(f["text"] == "某某基金会" for f in services.proof_text(workspace=workspace, text=text)[0])
    with pytest.raises(ValidationError, match="已采纳"):
        services.whitelist_decide(actor=personas["manager"], proposal=p, accept=False, comment="x")
    with pytest.raises(ValidationError, match="已在白名单"):
        services.whitelist_propose(actor=personas["editor"], workspace=workspace, term="某某基金会",
                                   category="sensitive", reason="x")
    # 申请人与审核员都收到通知
    from rongmei.core.models import Notification

    assert Notification.objects.filter(user=personas["reviewer"], kind="proofread.whitelist").exists()
    assert Notification.objects.filter(user=personas["editor"], kind="proofread.whitelist").exists()


def test_rejection_needs_a_comment_and_no_self_approval(personas, workspace):
    p = services.whitelist_propose(actor=personas["reviewer"], workspace=workspace, term="某某词",
                                   category="sensitive", reason="地名")
    with pytest.raises(ValidationError, match="自己"):
        services.whitelist_decide(actor=personas["reviewer"], proposal=p, accept=True)
    with pytest.raises(ValidationError):
        services.whitelist_decide(actor=personas["manager"], proposal=p, accept=False, comment="")
    services.whitelist_decide(actor=personas["manager"], proposal=p, accept=False, comment="仍有风险")
    assert not RuleEntry.objects.filter(category="whitelist").exists()


def _upload(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def test_txt_import_is_all_or_nothing_with_row_numbers(personas, workspace):
    content = "# 落马官员名单\n贾仁义\t2024-03-05\n钱多多\t不详\n\n孙有才→2023-12-01\n".encode()
    with pytest.raises(ValidationError) as exc:
        services.entries_import(actor=personas["manager"], workspace=workspace, category="fallen_official",
                                upload=_upload(content), filename="名单.txt")
    messages = exc.value.messages
    assert "未导入任何词条" in messages[0]
    assert any(m.startswith("第 3 行") and "不详" in m for m in messages)
    assert RuleEntry.objects.count() == 0
    fixed = content.replace("不详".encode(), b"2022-01-09")
    result = services.entries_import(actor=personas["manager"], workspace=workspace, category="fallen_official",
                                     upload=_upload(fixed), filename="名单.txt")
    assert result.created == 3 and result.skipped == 0
    assert RuleEntry.objects.get(term="钱多多").payload["date"] == "2022-01-09"
    again = services.entries_import(actor=personas["manager"], workspace=workspace, category="fallen_official",
                                    upload=_upload(fixed), filename="名单.txt")
    assert again.created == 0 and again.skipped == 3
    assert AuditEvent.objects.filter(action="import", workspace=workspace).count() == 1


def test_xlsx_import_reports_the_excel_row(personas, workspace):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["禁用词", "推荐写法"])
    ws.append(["规土委", "规划自然资源委"])
    ws.append(["农民工兄弟", "农民工"])
    ws.append(["好", "无"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationError) as exc:
        services.entries_import(actor=personas["reviewer"], workspace=workspace, category="banned_expression",
                                upload=io.BytesIO(buf.getvalue()), filename="禁用词.xlsx")
    assert any(m.startswith("第 4 行") and "只有一个字" in m for m in exc.value.messages)
    assert RuleEntry.objects.count() == 0


def test_import_rejects_broken_and_unsupported_files(personas, workspace):
    with pytest.raises(ValidationError, match="无法读取"):
        services.entries_import(actor=personas["reviewer"], workspace=workspace, category="sensitive",
                                upload=_upload(b"not a zip"), filename="x.xlsx")
    with pytest.raises(ValidationError, match="不支持"):
        services.entries_import(actor=personas["reviewer"], workspace=workspace, category="sensitive",
                                upload=_upload(b"x"), filename="x.pdf")


def test_proof_run_stores_statistics_not_text(personas, workspace):
    run = services.proof_run(actor=personas["editor"], workspace=workspace, text="截止目前，全市共有残废人3000余名。")
    assert run.finding_count >= 2 and run.error_rate > 0 and run.char_count > 10
    assert run.rulepack.startswith("2026.")
    stored = run.findings[0]
    assert stored["context_after"] and "text" in stored
    assert "全市共有残废人" not in str(run.text_sha256)
