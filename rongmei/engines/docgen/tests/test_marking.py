"""密级标注印在 Word 每页页眉；没有标注时页眉为空。"""

from docx import Document

from rongmei.engines.docgen import Report


def test_marking_is_printed_in_the_header(tmp_path):
    path = Report(title="某月工作总结", marking="内部").paragraph("正文。").save_docx(tmp_path / "a.docx")
    assert Document(str(path)).sections[0].header.paragraphs[0].text == "内部"
    plain = Report(title="某月工作总结").paragraph("正文。").save_docx(tmp_path / "b.docx")
    assert Document(str(plain)).sections[0].header.paragraphs[0].text == ""
