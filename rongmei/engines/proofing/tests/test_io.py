"""文件抽取、词表导入、命令行与“无 Django”导入。"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from rongmei.engines.proofing import ExtractError, check_file, extract_text, import_wordlist
from rongmei.engines.proofing.cli import main

REPO = Path(__file__).resolve().parents[4]


def _docx(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("关于做好帮扶工作的通知", level=1)
    d.add_paragraph("截止目前，全市共有残废人三千余名。")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "联系人"
    table.rows[0].cells[1].text = "身份证号11010519491231002X"
    d.save(str(path))
    return path


def test_extract_docx(tmp_path: Path) -> None:
    p = _docx(tmp_path / "稿件.docx")
    text = extract_text(p)
    assert text.splitlines()[0] == "关于做好帮扶工作的通知"
    assert "联系人\t身份证号11010519491231002X" in text
    found = check_file(p)
    assert {f.text for f in found} >= {"截止", "残废人", "11010519491231002X"}
    for f in found:
        assert text[f.start : f.end] == f.text


def test_extract_html(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>标题</title><style>p{color:red}</style></head><body>"
        "<p>社区为<b>残废人</b>提供服务&amp;帮助。</p><script>var a='聋哑人';</script><div>第二段</div></body></html>",
        encoding="utf-8",
    )
    text = extract_text(p)
    assert text == "标题\n社区为残废人提供服务&帮助。\n第二段"
    assert [f.text for f in check_file(p) if f.category == "banned_expression"] == ["残废人"]


def test_extract_markdown(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "# 通知\n\n- 社区为**残废人**提供[服务](http://example.com)。\n\n```\n聋哑人\n```\n", encoding="utf-8"
    )
    text = extract_text(p)
    assert text == "通知\n社区为残废人提供服务。"
    found = check_file(p)
    assert [f.text for f in found if f.category == "banned_expression"] == ["残废人"]


def test_extract_txt_gb18030(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("截止目前，工作完成。".encode("gb18030"))
    assert extract_text(p) == "截止目前，工作完成。"


def test_extract_errors(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="不支持的文件类型"):
        extract_text(tmp_path / "a.pdf")
    with pytest.raises(ExtractError, match="找不到文件"):
        extract_text(tmp_path / "missing.txt")


def test_import_wordlist_txt_and_xlsx(tmp_path: Path) -> None:
    txt = tmp_path / "words.txt"
    txt.write_text("# 注释\n习近平,\n党\n测试词一\n测试词一\n残废人\t残疾人\n", encoding="utf-8")
    assert import_wordlist(txt, "sensitive") == [
        {"term": "习近平", "severity": "中"},
        {"term": "测试词一", "severity": "中"},
        {"term": "残废人", "severity": "中"},
    ]
    assert import_wordlist(txt, "banned_expression")[-1] == {"term": "残废人", "suggestion": "残疾人", "severity": "中"}
    xlsx = tmp_path / "names.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "日期"])
    ws.append(["马有才", "2024-05-01"])
    wb.save(xlsx)
    assert import_wordlist(xlsx, "fallen_official") == [{"name": "马有才", "date": "2024-05-01", "note": ""}]


# ---------------------------------------------------------------------------
# 命令行
# ---------------------------------------------------------------------------
def test_cli_exit_codes_and_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("今天天气很好，我们去公园散步。", encoding="utf-8")
    assert main([str(clean)]) == 0
    assert "0 条发现" in capsys.readouterr().out

    medium = tmp_path / "medium.txt"
    medium.write_text("截止目前，工作完成。", encoding="utf-8")
    assert main([str(medium)]) == 0  # 只有“中”级
    out = capsys.readouterr().out
    assert "第1行第1列 [中] 错别字“截止”，建议：截至" in out

    high = tmp_path / "high.md"
    high.write_text("# 通知\n\n身份证号11010519491231002X。\n", encoding="utf-8")
    assert main([str(high)]) == 1


def test_cli_json_one_object_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.txt"
    a.write_text("残废人", encoding="utf-8")
    b = _docx(tmp_path / "b.docx")
    assert main(["--json", str(a), str(b)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    objs = [json.loads(line) for line in lines]
    assert [o["file"] for o in objs] == [str(a), str(b)]
    first = objs[0]
    assert set(first) == {"file", "rulepack", "error_rate", "findings"}
    assert first["findings"][0]["text"] == "残废人"
    assert first["findings"][0]["suggestion"] == "残疾人"
    assert any(f["severity"] == "高" for f in objs[1]["findings"])


def test_cli_packs_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "a.txt"
    p.write_text("残废人，身份证号11010519491231002X", encoding="utf-8")
    assert main(["--json", "--packs", "banned_expression", str(p)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert {f["category"] for f in obj["findings"]} == {"banned_expression"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "用法错误"),
        (["--packs", "nope", "x.txt"], "未知的类别"),
        (["/nonexistent/稿件.txt"], "找不到文件"),
        (["a.pdf"], "不支持的文件类型"),
    ],
)
def test_cli_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "AI 预审" in capsys.readouterr().out


def test_import_without_django() -> None:
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import rongmei.engines.proofing as p\n"
        "from rongmei.engines.proofing.cli import main\n"
        "assert p.check('残废人')[0].suggestion == '残疾人'\n"
        "assert not [m for m in sys.modules if m.startswith('django') and sys.modules[m] is not None]\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
    assert "Building prefix dict" not in res.stderr  # jieba 安静初始化


@pytest.mark.parametrize(("content", "why"), [
    (b"MZ\x90\x00not a zip at all", "不是有效的 .docx 文档"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "旧版 Word（.doc）文件"),
])
def test_a_broken_word_file_is_explained_in_chinese_without_library_text_or_paths(tmp_path, content, why):
    bad = tmp_path / "通知.docx"
    bad.write_bytes(content)
    with pytest.raises(ExtractError) as info:
        extract_text(bad)
    message = str(info.value)
    assert "《通知.docx》" in message and why in message and "另存为 .docx" in message
    assert str(tmp_path) not in message and "Package" not in message and "zip" not in message.lower()
