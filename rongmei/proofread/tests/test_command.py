"""命令行 proof_ws：用工作区词条审校真实文件，退出状态与 rongmei proof 一致。"""

import json

import docx
import pytest
from django.core.management import CommandError, call_command

from rongmei.proofread import services
from rongmei.proofread.models import ProofRun


def _run(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("proof_ws", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def _docx(path, *paragraphs):
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return str(path)


def test_exit_codes_follow_high_findings(personas, workspace, tmp_path):
    clean = _docx(tmp_path / "稿件.docx", "市规土委召开专题会议。", "会议由主任主持。")
    code, out = _run("--workspace", workspace.slug, clean)
    assert code == 0 and "0 条发现" in out
    # 工作区把规土委列为禁用词（中）：仍为 0；把一个姓名列为落马官员（高）：变为 1
    services.entry_create(actor=personas["manager"], workspace=workspace, category="banned_expression",
                          data={"term": "规土委", "suggestion": "规划自然资源委"})
    code, out = _run("--workspace", workspace.slug, clean)
    assert code == 0 and "规划自然资源委" in out and "第1行第2列" in out
    services.entry_create(actor=personas["manager"], workspace=workspace, category="fallen_official",
                          data={"name": "贾仁义", "date": "2024-03-05"})
    risky = _docx(tmp_path / "高.docx", "贾仁义出席会议。")
    code, out = _run("--workspace", workspace.slug, "--json", risky)
    assert code == 1
    data = json.loads(out.strip())
    assert data["findings"][0]["category"] == "fallen_official" and "+ws." in data["rulepack"]
    assert ProofRun.objects.filter(source="cli").count() == 3


def test_usage_errors(workspace, tmp_path):
    with pytest.raises(CommandError, match="找不到工作区") as exc:
        call_command("proof_ws", "--workspace", "nope", str(tmp_path / "a.txt"))
    assert exc.value.returncode == 2
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="不支持的文件类型") as exc:
        call_command("proof_ws", "--workspace", workspace.slug, str(tmp_path / "a.pdf"))
    assert exc.value.returncode == 2
