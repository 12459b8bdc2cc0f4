"""页面：在线审校高亮、上传 Word、Excel 下载、词库维护与导入、白名单申请与审批。"""

import io
import re

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rongmei.proofread import services
from rongmei.proofread.models import ProofRun, RuleEntry, WhitelistProposal


def url(name, ws, **kw):
    return reverse(f"proofread:{name}", kwargs={"ws": ws.slug, **kw})


def test_check_page_highlights_findings_and_shows_error_rate(personas, workspace, client):
    services.entry_create(actor=personas["manager"], workspace=workspace, category="banned_expression",
                          data={"term": "规土委", "suggestion": "规划自然资源委"})
    client.force_login(personas["editor"])
    assert client.get(url("check", workspace)).status_code == 200
    resp = client.post(url("check", workspace), {"text": "截止目前，市规土委共受理申请3000件。"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert re.search(r'<span class="finding finding-中" id="f-\d+"[^>]*>规土委</span>', html)
    assert re.search(r'<span class="finding finding-中"[^>]*>截止</span>', html)
    assert 'data-suggestion="规划自然资源委"' in html
    assert "每万字" in html and "合同要求（≤5/万字）" in html and "出版规范（≤1/万字）" in html
    run = ProofRun.objects.get()
    assert run.user == personas["editor"] and run.finding_count == 2
    assert f"{run.error_rate:.2f}" in html
    assert "禁用词/慎用词（1）" in html


def test_clean_text_says_no_findings(personas, workspace, client):
    client.force_login(personas["editor"])
    html = client.post(url("check", workspace), {"text": "今天天气很好。"}).content.decode()
    assert "未发现问题" in html and "达标" in html


def test_upload_docx_and_download_findings_excel(personas, workspace, client, tmp_path):
    d = docx.Document()
    d.add_paragraph("全市共有残废人3000余名。")
    buf = io.BytesIO()
    d.save(buf)
    client.force_login(personas["editor"])
    resp = client.post(url("check", workspace), {"file": SimpleUploadedFile("稿件.docx", buf.getvalue())})
    html = resp.content.decode()
    assert ">残废人</span>" in html and "稿件.docx" in html
    run = ProofRun.objects.get()
    x = client.get(url("run_xlsx", workspace, pk=run.pk))
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxml")
    ws = openpyxl.load_workbook(io.BytesIO(x.content)).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    assert rows[0] == ("稿件", "稿件.docx") or list(rows[0][:2]) == ["稿件", "稿件.docx"]
    hit = next(r for r in rows if r[3] == "残废人")
    assert hit[4] == "残疾人" and "【残废人】" in hit[6]
    # 别人的记录：编辑看不到（404），项目经理可以下载
    client.force_login(personas["designer"])
    assert client.get(url("run_xlsx", workspace, pk=run.pk)).status_code == 404
    client.force_login(personas["manager"])
    assert client.get(url("run_xlsx", workspace, pk=run.pk)).status_code == 200


def test_unsupported_upload_shows_chinese_error(personas, workspace, client):
    client.force_login(personas["editor"])
    html = client.post(url("check", workspace), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}).content.decode()
    assert "不支持的文件类型" in html and not ProofRun.objects.exists()


def test_lexicon_add_edit_deactivate_through_pages(personas, workspace, client):
    client.force_login(personas["reviewer"])
    resp = client.post(url("entry_new", workspace) + "?category=fallen_official",
                       {"category": "fallen_official", "name": "贾仁义", "date": "2024-13-05", "note": "原副市长"})
    assert resp.status_code == 200 and "不是有效日期" in resp.content.decode()
    resp = client.post(url("entry_new", workspace) + "?category=fallen_official",
                       {"category": "fallen_official", "name": "贾仁义", "date": "2024-03-05", "note": "原副市长"})
    assert resp.status_code == 302
    entry = RuleEntry.objects.get()
    assert entry.payload == {"name": "贾仁义", "date": "2024-03-05", "note": "原副市长"}
    html = client.get(url("lexicon", workspace) + "?category=fallen_official").content.decode()
    assert "贾仁义" in html and "被查处日期：2024-03-05" in html and "规则包 v1" in html
    client.post(url("entry_edit", workspace, pk=entry.pk),
                {"name": "贾仁义", "date": "2024-03-06", "note": "原副市长", "entry_note": "据通报更正"})
    entry.refresh_from_db()
    assert entry.payload["date"] == "2024-03-06" and entry.note == "据通报更正"
    client.post(url("entry_toggle", workspace, pk=entry.pk))
    entry.refresh_from_db()
    assert not entry.is_active
    html = client.get(url("lexicon", workspace) + "?category=fallen_official").content.decode()
    assert 'data-entry="贾仁义"' not in html and "还没有落马官员词条" in html
    html = client.get(url("lexicon", workspace) + "?category=fallen_official&show=inactive").content.decode()
    assert 'data-entry="贾仁义"' in html and "停用</span>" in html


def test_import_page_names_the_bad_row(personas, workspace, client):
    client.force_login(personas["manager"])
    f = SimpleUploadedFile("禁用词.txt", "规土委→规划自然资源委\n好\n".encode())
    html = client.post(url("import", workspace), {"category": "banned_expression", "severity": "中",
                                                  "file": f}).content.decode()
    assert "第 2 行" in html and "未导入任何词条" in html and not RuleEntry.objects.exists()
    f = SimpleUploadedFile("禁用词.txt", "规土委→规划自然资源委\n".encode())
    resp = client.post(url("import", workspace), {"category": "banned_expression", "severity": "中", "file": f})
    assert resp.status_code == 302 and RuleEntry.objects.get().payload["suggestion"] == "规划自然资源委"


def test_lexicon_list_query_count(personas, workspace, client, django_assert_max_num_queries):
    for i in range(60):
        services.entry_create(actor=personas["manager"], workspace=workspace, category="sensitive",
                              data={"term": f"测试词{i:03d}"})
    client.force_login(personas["editor"])
    with django_assert_max_num_queries(20):
        resp = client.get(url("lexicon", workspace) + "?category=sensitive")
    assert resp.status_code == 200 and "第 1 / 2 页" in resp.content.decode()


def test_runs_list_query_count(personas, workspace, client, django_assert_max_num_queries):
    for _ in range(5):
        services.proof_run(actor=personas["editor"], workspace=workspace, text="截止目前，一切正常。")
    client.force_login(personas["manager"])
    with django_assert_max_num_queries(19):
        html = client.get(url("runs", workspace)).content.decode()
    assert html.count("（粘贴文本）") == 5


def test_propose_from_check_page_and_decide(personas, workspace, client):
    services.entry_create(actor=personas["manager"], workspace=workspace, category="sensitive",
                          data={"term": "某某基金会"})
    client.force_login(personas["editor"])
    html = client.post(url("check", workspace), {"text": "某某基金会捐赠轮椅。"}).content.decode()
    assert "申请白名单" in html
    resp = client.post(url("propose", workspace), {"term": "某某基金会", "category": "sensitive",
                                                   "reason": "合法公益组织", "source_ref": "proofread.run:1#0"})
    assert "已申请" in resp.content.decode()
    p = WhitelistProposal.objects.get()
    client.force_login(personas["reviewer"])
    home = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug})).content.decode()
    assert "1 条白名单申请待审核" in home
    resp = client.post(url("proposal_decide", workspace, pk=p.pk), {"decision": "accept", "comment": "同意"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted"
    client.force_login(personas["editor"])
    html = client.post(url("check", workspace), {"text": "某某基金会捐赠轮椅。"}).content.decode()
    assert "未发现问题" in html


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_nav_shows_proofread(personas, workspace, client, role):
    client.force_login(personas[role])
    html = client.get(reverse("core:workspace_home", kwargs={"ws": workspace.slug})).content.decode()
    assert 'data-nav="proofread"' in html and 'data-nav="lexicon"' in html


@pytest.mark.parametrize("category", ["sensitive", "banned_expression", "fallen_official", "leader_title",
                                      "quotation", "typo", "headline", "secrecy", "traditional_allow", "whitelist"])
def test_entry_form_renders_each_category_shape(personas, workspace, client, category):
    from rongmei.proofread.shapes import SHAPES

    client.force_login(personas["reviewer"])
    html = client.get(url("entry_new", workspace) + f"?category={category}").content.decode()
    for f in SHAPES[category]:
        assert f'name="{f.name}"' in html and f.label in html


def test_leader_entry_with_former_titles_via_form(personas, workspace, client):
    client.force_login(personas["manager"])
    resp = client.post(url("entry_new", workspace) + "?category=leader_title",
                       {"category": "leader_title", "name": "甄为民", "title": "示例市委书记", "rank": "1",
                        "former_titles": "示例市市长、示例县委书记"})
    assert resp.status_code == 302
    entry = RuleEntry.objects.get()
    assert entry.payload["former_titles"] == ["示例市市长", "示例县委书记"] and entry.payload["rank"] == 1
    html = client.get(url("entry_edit", workspace, pk=entry.pk)).content.decode()
    assert 'value="示例市市长、示例县委书记"' in html


def test_workspace_leader_entry_with_dated_positions_and_official_order(personas, workspace, client):
    """工作区自己的领导词条可以写任职期间与职务连写顺序：卸任后的职务、写反的顺序都会在审校时提示。"""
    client.force_login(personas["manager"])
    resp = client.post(url("entry_new", workspace) + "?category=leader_title",
                       {"category": "leader_title", "name": "甄为民", "title": "示例市委书记、市人大常委会主任",
                        "rank": "1", "positions": "示例市市长 2021-06-01 至 2024-03-10\n示例市委书记 2024年3月10日起",
                        "title_order": "示例市委书记、市人大常委会主任"})
    assert resp.status_code == 302
    entry = RuleEntry.objects.get()
    assert entry.payload["positions"] == [
        {"title": "示例市市长", "from": "2021-06-01", "until": "2024-03-10"},
        {"title": "示例市委书记", "from": "2024-03-10"},
    ]
    html = client.get(url("entry_edit", workspace, pk=entry.pk)).content.decode()
    assert "示例市市长 2021-06-01 至 2024-03-10\n示例市委书记 2024-03-10 起" in html

    found = services.proof_text(workspace=workspace, text="示例市市长甄为民讲话。市人大常委会主任、示例市委书记甄为民出席。")[0]
    messages = [f["message"] for f in found if f["category"] == "leader_title"]
    assert any("已于 2024-03-10 卸任“示例市市长”" in m for m in messages)
    assert any("官方顺序为“示例市委书记、市人大常委会主任”" in m for m in messages)


def test_leader_positions_that_cannot_be_read_are_refused_in_chinese(personas, workspace, client):
    client.force_login(personas["manager"])
    resp = client.post(url("entry_new", workspace) + "?category=leader_title",
                       {"category": "leader_title", "name": "甄为民", "title": "示例市委书记", "rank": "1",
                        "positions": "示例市市长 2024-03-10 至 2021-06-01"})
    assert resp.status_code == 200
    assert "截止日期不晚于起始日期" in resp.content.decode()
    assert not RuleEntry.objects.exists()


def test_thorough_check_also_lists_less_certain_typos(personas, workspace, client):
    """勾选“细查错别字”时，把握较低的疑似错别字（“密切配和”）也列出；默认不列，避免误报。"""
    client.force_login(personas["editor"])
    text = "各部门要密切配和，形成工作合力。"
    plain = client.post(url("check", workspace), {"text": text}).content.decode()
    thorough = client.post(url("check", workspace), {"text": text, "thorough": "on"}).content.decode()
    assert "细查错别字" in plain
    assert "疑为“合”" not in plain
    assert "疑为“合”" in thorough and "把握" in thorough
    assert re.search(r'name="thorough"[^>]*checked', thorough)


def test_lexicon_shows_the_builtin_registers_with_their_evidence_in_chinese(personas, workspace, client):
    client.force_login(personas["editor"])
    html = client.get(url("lexicon", workspace) + "?category=fallen_official").content.decode()
    assert 'data-testid="builtin-register"' in html and "内置落马官员登记表" in html and "截至 2026-01-31" in html
    assert "孙绍骋" in html and "2026-01-29 公布接受审查调查" in html
    assert "2024-06-27 公布开除党籍" in html  # 李尚福、魏凤和：首次公开即开除党籍
    assert 'href="https://www.zaobao.com.sg/news/china/story20260131-8246921"' in html and "联合早报（2026-01-31）" in html
    for raw in ("evidence", "publisher", "announced", "{&#x27;"):
        assert raw not in html
    html = client.get(url("lexicon", workspace) + "?category=leader_title").content.decode()
    assert "内置领导职务姓名登记表" in html and "新疆维吾尔自治区党委书记（2021-12-25 至 2025-07-01）" in html
    assert "中央军委副主席（2025-10-23 起）" in html
    # 每一条都附有核对网页（没有的会标“未能核实”）
    assert re.search(r"：(\d+) 条，截至 \d{4}-\d{2}-\d{2}，其中 \1 条附有核对网页", html)
    html = client.get(url("lexicon", workspace) + "?category=sensitive").content.decode()
    assert 'data-testid="builtin-register"' not in html
