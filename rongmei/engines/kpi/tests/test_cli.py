"""命令行：evaluate --json 的结构、中文表格、validate、templates；无 Django 也能导入。"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rongmei.engines.kpi.cli import main

from .factsets import set_b

ROOT = Path(__file__).resolve().parents[4]


def write_facts(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "facts.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_evaluate_json_shape(tmp_path, capsys):
    facts = write_facts(tmp_path, set_b())
    code = main(["evaluate", "anyuan-employment", "--facts", str(facts), "--as-of", "2025-12-31", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("score", "base", "bonus", "passed", "payment_ratio", "indicators", "warnings", "obligations",
                "payments", "penalties", "checkpoints", "period", "as_of", "contract_digest"):
        assert key in data
    assert data["score"] == 69.3786 and data["passed"] is False
    ind = data["indicators"][0]
    assert {"id", "name", "score", "max", "actual", "target"} <= ind.keys()
    assert ind == {**ind, "id": "video_count", "name": "短视频发布数量", "max": 15, "actual": 170, "target": 180}
    assert "series" not in data["obligations"][0]
    assert any("直播运营" in w for w in data["warnings"])


def test_evaluate_period_month_and_series(tmp_path, capsys):
    facts = write_facts(tmp_path, set_b())
    main(["evaluate", "anyuan-employment", "--facts", str(facts), "--as-of", "2025-12-31", "--period", "2025-03",
          "--json", "--series"])
    data = json.loads(capsys.readouterr().out)
    assert data["period"]["code"] == "2025-03" and data["score"] == 88.1783
    assert data["obligations"][0]["series"]["plan"][-1] == ["2025-03-31", 15.0]


def test_evaluate_table_in_chinese(tmp_path, capsys):
    facts = write_facts(tmp_path, set_b())
    assert main(["evaluate", "anyuan-employment", "--facts", str(facts), "--as-of", "2025-12-31"]) == 0
    out = capsys.readouterr().out
    assert "短视频发布数量" in out and "考核结论：不合格" in out and "总分 69.38" in out


def test_evaluate_rejects_bad_facts_file(tmp_path, capsys):
    facts = tmp_path / "bad.csv"
    facts.write_text("type,date\npublication,2025-01-01\n", encoding="utf-8")
    code = main(["evaluate", "anyuan-employment", "--facts", str(facts), "--as-of", "2025-12-31", "--json"])
    assert code == 1
    err = capsys.readouterr().err
    assert "第 2 行，列“platform”：发布记录必须填写此项" in err and "整个文件未导入" in err


def test_usage_errors(tmp_path, capsys):
    facts = write_facts(tmp_path, set_b())
    assert main(["evaluate", "nope", "--facts", str(facts), "--as-of", "2025-12-31"]) == 2
    assert main(["evaluate", "anyuan-employment", "--facts", str(facts), "--as-of", "31/12/2025"]) == 2
    assert main(["evaluate", "anyuan-employment", "--facts", str(facts), "--as-of", "2025-12-31",
                 "--period", "2026-05"]) == 2


def test_validate_and_templates(tmp_path, capsys):
    assert main(["validate", "beijing-planning-2023"]) == 0
    bad = tmp_path / "c.yaml"
    bad.write_text("schema: rongmei/contract-v1\nid: x\nname: x\nperiod: {start: 2025-01-01, end: 2025-12-31}\n"
                   "obligations:\n  - {id: a, name: a, facts: {type: publication}, target: -1}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 1
    assert "错误 第 6 行" in capsys.readouterr().out
    assert main(["templates", "--json"]) == 0
    ids = [t["id"] for t in json.loads(capsys.readouterr().out)]
    assert ids == ["anyuan-employment", "beijing-planning-2023", "inner-mongolia-dpf-2025"]


def test_package_imports_with_django_blocked(tmp_path):
    facts = write_facts(tmp_path, set_b())
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import rongmei.engines.kpi as kpi, rongmei.engines.kpi.cli as cli\n"
        f"rc = cli.main(['evaluate', 'anyuan-employment', '--facts', {str(facts)!r}, '--as-of', '2025-12-31', '--json'])\n"
        "assert rc == 0\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules if sys.modules[m] is not None)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["score"] == 69.3786
