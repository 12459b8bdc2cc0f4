"""申报：字数按字符计、截止时刻（北京时间）、版本保留、截止后不能改、上传检查、申请表 Word。"""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from rongmei.audit.models import AuditEvent
from rongmei.cases import documents, services
from rongmei.cases.choices import CaseStatus, FileKind
from rongmei.cases.models import CaseVersion
from rongmei.cases.text import char_count, mask

from .conftest import at, fill, pdf, submitted

pytestmark = pytest.mark.django_db


def test_characters_not_bytes():
    assert char_count("媒体融合，ab c\n") == 8        # 媒 体 融 合 ， a b c；空格换行不计
    assert len("媒体融合".encode()) == 12 and char_count("媒体融合") == 4
    assert char_count("　全角空格\t") == 4
    assert char_count("📺直播") == 3                  # 一个表情也算一个字


def test_char_limit_counts_all_elements(world):
    case = fill(world, "长春广播电视台")
    user = world.users["长春广播电视台"]
    n = len(case.category.elements)
    exact = ["融" * (5000 // n)] * (n - 1) + ["融" * (5000 - (5000 // n) * (n - 1))]
    services.case_save(actor=user, case=case, title=case.title, elements=exact, data={})
    assert services.submit_problems(case) == []
    over = exact[:-1] + [exact[-1] + "合"]
    services.case_save(actor=user, case=case, title=case.title, elements=over, data={})  # 草稿照存，不丢字
    assert services.submit_problems(case) == ["申报材料共 5001 字，超过 5000 字的上限 1 字"]
    with pytest.raises(ValidationError):
        services.case_submit(actor=user, case=case)
    assert not CaseVersion.objects.filter(case=case).exists()


@pytest.mark.parametrize(("moment", "accepted"), [
    (at(2024, 4, 17, 23, 59, 59), True),
    (at(2024, 4, 18, 0, 0, 0), False),
    (at(2024, 4, 17, 15, 59, 59).astimezone(tz=None), True),  # 同一时刻换成服务器时区表示，结果不变
])
def test_deadline_in_beijing_time(world, moment, accepted):
    case = fill(world, "长春广播电视台")
    with time_machine.travel(moment, tick=False):
        if accepted:
            services.case_submit(actor=world.users["长春广播电视台"], case=case)
        else:
            with pytest.raises(ValidationError, match="征集已截止"):
                services.case_submit(actor=world.users["长春广播电视台"], case=case)
    case.refresh_from_db()
    assert (case.status == CaseStatus.SUBMITTED) is accepted
    assert case.versions.count() == (1 if accepted else 0)


def test_every_submitted_version_is_kept(world):
    user = world.users["长春广播电视台"]
    case = submitted(world, "长春广播电视台", text="第一稿")
    services.case_review(actor=world.regional_cc, case=case, passed=False, reason="请补充收入数据")
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    services.case_save(actor=user, case=case, title=case.title,
                       elements=[e.replace("第一稿", "第二稿") for e in case.elements], data={"revenue": "1860"})
    services.case_submit(actor=user, case=case)
    versions = list(case.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "第一稿" in versions[0].snapshot["elements"][0] and "第二稿" in versions[1].snapshot["elements"][0]
    assert versions[1].snapshot["data"]["revenue"] == "1860"


def test_nothing_changes_after_deadline(world):
    user = world.users["长春广播电视台"]
    case = fill(world, "长春广播电视台")
    with time_machine.travel(at(2024, 4, 18, 0, 0, 1), tick=False):
        with pytest.raises(ValidationError, match="征集已截止"):
            services.case_save(actor=user, case=case, title="改名", elements=["x"] * 6, data={})
        with pytest.raises(ValidationError, match="征集已截止"):
            services.case_file_add(actor=user, case=case, kind=FileKind.EVIDENCE, upload=pdf("新证据.pdf"))
        with pytest.raises(ValidationError):
            services.case_create(actor=user, call=world.call, category=case.category, title="迟到的案例")
    case.refresh_from_db()
    assert case.title != "改名" and case.files.count() == 2


def test_submitted_case_cannot_be_edited(world):
    case = submitted(world, "长春广播电视台")
    with pytest.raises(ValidationError, match="不能修改"):
        services.case_save(actor=world.users["长春广播电视台"], case=case, title="x", elements=[], data={})


def test_submit_needs_word_and_stamped_pdf(world):
    user = world.users["长春广播电视台"]
    category = world.call.categories.first()
    case = services.case_create(actor=user, call=world.call, category=category, title="缺材料")
    problems = services.submit_problems(case)
    assert "还没有上传申请表 Word 版" in problems and "还没有上传盖章扫描的申请表 PDF 版" in problems
    assert any(p.startswith("第 1 项要素") for p in problems)


@pytest.mark.parametrize(("kind", "upload", "message"), [
    (FileKind.FORM_PDF, SimpleUploadedFile("申请表.exe", b"MZ..."), "类型不对"),
    (FileKind.FORM_PDF, SimpleUploadedFile("假的.pdf", b"not a pdf"), "不是有效的 PDF"),
    (FileKind.FORM_WORD, SimpleUploadedFile("申请表.docx", b"hello"), "不是有效的 docx"),
    (FileKind.EVIDENCE, SimpleUploadedFile("空.pdf", b""), "空文件"),
])
def test_upload_checks(world, kind, upload, message):
    case = fill(world, "长春广播电视台")
    before = case.files.count()
    with pytest.raises(ValidationError, match=message):
        services.case_file_add(actor=world.users["长春广播电视台"], case=case, kind=kind, upload=upload)
    assert case.files.count() == before


def test_large_evidence_asks_for_a_link(world):
    case = fill(world, "长春广播电视台")
    big = pdf("宣传片.pdf")
    big.size = 51 * 1024 * 1024
    with pytest.raises(ValidationError, match="网盘链接"):
        services.case_file_add(actor=world.users["长春广播电视台"], case=case, kind=FileKind.EVIDENCE, upload=big)
    item = services.case_file_add(actor=world.users["长春广播电视台"], case=case, kind=FileKind.LINK,
                                  url="https://pan.example.cn/s/abc", title="宣传片")
    assert item.url.endswith("/abc")
    with pytest.raises(ValidationError, match="http"):
        services.case_file_add(actor=world.users["长春广播电视台"], case=case, kind=FileKind.LINK, url="javascript:x")


def test_application_form_docx_has_the_annex_layout(world):
    case = fill(world, "农安县融媒体中心", category_index=1, title="田间直播间")
    doc = Document(io.BytesIO(documents.application_form(case)))
    assert doc.paragraphs[0].text == "2024年度融合生产传播典型案例申请表"
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "田间直播间" in cells and "农安县融媒体中心" in cells and "县级融媒体中心" in cells
    for name in case.category.elements:
        assert any(name in c for c in cells)
    assert any(c.startswith("农安县融媒体中心做法与成效。") for c in cells)
    assert any("（盖章）" in c for c in cells)


def test_writes_are_audited(world):
    submitted(world, "长春广播电视台")
    messages = list(AuditEvent.objects.values_list("message", flat=True))
    assert any("提交申报" in m and "第 1 版" in m for m in messages)
    assert any("发布征集" in m for m in messages)


def test_mask_replaces_longest_names_first():
    text, n = mask("长春广播电视台（长春台）在长春市", ["长春广播电视台", "长春市", "长春台", "长春"])
    assert text == "〔已隐去〕（〔已隐去〕）在〔已隐去〕" and n == 3


def test_call_attachments_checked_and_downloadable(world, client):
    with pytest.raises(ValidationError, match="类型不对"):
        services.call_attachment_add(actor=world.organiser, call=world.call, title="样表",
                                     upload=SimpleUploadedFile("样表.exe", b"MZ"))
    item = services.call_attachment_add(actor=world.organiser, call=world.call, title="附件1 推荐排序表",
                                        upload=pdf("附件1.pdf"))
    client.force_login(world.users["长春广播电视台"])
    resp = client.get(f"/w/{world.ws.slug}/cases/calls/{world.call.pk}/attachments/{item.pk}/")
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith(".pdf")  # 下载名＝附件名＋原扩展名
    with pytest.raises(PermissionDenied):
        services.call_attachment_add(actor=world.users["长春广播电视台"], call=world.call, title="x", upload=pdf())
