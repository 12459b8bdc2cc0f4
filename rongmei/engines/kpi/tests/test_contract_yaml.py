"""合同 YAML：带行号的中文错误、一致性警告、内置模板。"""

from __future__ import annotations

import textwrap

import pytest

from rongmei.engines.kpi import ContractError, load_template, parse_contract, template_ids, validate_template

GOOD_HEAD = """\
schema: rongmei/contract-v1
id: t
name: 测试
period: {start: 2025-01-01, end: 2025-12-31}
"""


def errors_of(text: str) -> list[str]:
    return [str(e) for e in parse_contract(textwrap.dedent(text)).errors]


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication}\n    taget: 5\n", 9, "未知字段“taget”"),
        ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication, platform: tiktok}\n    target: 5\n",
         8, "“platform”的取值“tiktok”无效"),
        ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication}\n    target: 很多\n", 9, "“target”应为数字"),
        ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication}\n", 6, "缺少目标值 target"),
        ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication}\n    target: 1\n"
         "  - id: a\n    name: 乙\n    facts: {type: publication}\n    target: 1\n", 10, "义务 id“a”重复"),
        ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication}\n    target: 1\n    per: fortnight\n",
         10, "“per”的取值“fortnight”无效"),
        ("scoring:\n  mode: weighted\n  categories:\n    - id: c\n      name: 类\n      weight: 10\n      items:\n"
         "        - {id: i, name: 项, weight: 10, obligation: nope, rule: proportional}\n", 12, "不存在的义务“nope”"),
        ("payments:\n  - {id: p, name: 付款, trigger: months, ratio: 0.3}\n", 6, "trigger: months 需要 months"),
        ("obligations: [\n", 6, "YAML 语法错误"),
    ],
)
def test_errors_have_line_numbers(body, line, fragment):
    errs = errors_of(GOOD_HEAD + body)
    assert any(e.startswith(f"第 {line} 行") and fragment in e for e in errs), errs


def test_missing_required_top_level_and_bad_date():
    errs = errors_of("schema: rongmei/contract-v1\nid: t\nperiod:\n  start: 2025-13-01\n  end: 2025-12-31\n")
    assert any(e.startswith("第 1 行") and "缺少必填字段“name”" in e for e in errs)
    assert any(e.startswith("第 4 行") and "日期" in e for e in errs)


def test_duplicate_key_is_an_error():
    errs = errors_of(GOOD_HEAD + "id: again\n")
    assert any(e.startswith("第 5 行") and "重复" in e for e in errs)


def test_all_errors_reported_at_once():
    body = ("obligations:\n  - id: a\n    name: 甲\n    facts: {type: publication}\n    target: x\n"
            "  - id: b\n    name: 乙\n    facts: {type: nothing}\n    target: 1\n")
    errs = errors_of(GOOD_HEAD + body)
    assert len(errs) >= 2


def test_warnings_for_inconsistent_definition():
    body = textwrap.dedent(
        """\
        amount: 100
        obligations:
          - id: a
            name: 甲
            facts: {type: publication}
            target: 10
            deadline: 2026-03-01
        scoring:
          mode: weighted
          categories:
            - id: c
              name: 大类
              weight: 30
              items:
                - {id: i, name: 项, weight: 15, obligation: a, rule: proportional}
        payments:
          - {id: p1, name: 首付, trigger: signing, amount: 60}
          - {id: p2, name: 尾款, trigger: date, date: 2025-12-31, amount: 30}
        """
    )
    report = parse_contract(GOOD_HEAD + body)
    assert report.ok
    text = [str(w) for w in report.warnings]
    assert any("第 11 行" in w and "截止日期 2026-03-01 在服务期" in w for w in text)  # 义务在服务期外
    assert any("第 17 行" in w and "分值 30 与其二级指标分值之和 15 不一致" in w for w in text)
    assert any("考核大类分值合计 30，与满分 100 不一致" in w for w in text)
    assert any("付款节点金额合计 90.00，与合同金额 100.00 不一致" in w for w in text)


@pytest.mark.parametrize("tid", ["inner-mongolia-dpf-2025", "beijing-planning-2023", "anyuan-employment"])
def test_templates_load_without_errors(tid):
    assert tid in template_ids()
    report = validate_template(tid)
    assert report.errors == []
    assert load_template(tid).id == tid


def test_template_facts_from_seeds():
    bj = load_template("beijing-planning-2023")
    assert (str(bj.start), str(bj.end), bj.amount) == ("2023-07-01", "2024-06-30", 930000)
    assert [p.amount for p in bj.payments] == [700000, 230000]
    assert next(c for c in bj.checkpoints if c.id == "mid_report").due.isoformat() == "2024-01-15"
    assert sorted(p.rate for p in bj.penalties) == [0.003, 0.05, 0.2]
    ay = load_template("anyuan-employment")
    assert ay.amount is None and [p.ratio for p in ay.payments] == [0.3, 0.3, 0.4]
    assert (str(ay.start), str(ay.end)) == ("2025-01-01", "2025-12-31")
    # 种子中“直播运营 25 分”而二级指标 15 + 15 = 30：作为警告保留，不擅自修改
    assert any("直播运营" in str(w) for w in ay.warnings)
    im = load_template("inner-mongolia-dpf-2025")
    assert im.amount is None
    assert im.obligation("subscribers").target == 100000


def test_unknown_template_and_file_errors(tmp_path):
    from rongmei.engines.kpi import load_contract

    with pytest.raises(KeyError):
        load_contract("no-such-template")
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_HEAD + "obligations: 5\n", encoding="utf-8")
    with pytest.raises(ContractError) as exc:
        load_contract(bad)
    assert "第 5 行" in str(exc.value)
