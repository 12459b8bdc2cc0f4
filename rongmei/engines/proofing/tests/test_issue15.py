"""Issue 15：编辑实际会犯的错（逐条）、规范表述（带日期）、数字与标点新规则、隐私。"""

from __future__ import annotations

import pytest

from rongmei.engines.proofing import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _find(engine: Engine, text: str, rule_prefix: str, date: str | None = None):
    return [f for f in engine.check(text, date=date) if f.rule.startswith(rule_prefix)]


SLIPS = [
    ("我们要发扬拼博精神。", "拼博", "拼搏"),
    ("进一步提高服务水品。", "水品", "水平"),
    ("这件事早已人尽皆之。", "人尽皆之", "人尽皆知"),
    ("报名截至时间是11月30日。", "截至时间", "截止时间"),
    ("充分发挥党组织的做用。", "做用", "作用"),
    ("认真履行监管职则。", "职则", "职责"),
    ("严历打击违法犯罪。", "严历", "严厉"),
    ("人民的名运与国家紧密相连。", "名运", "命运"),
    ("持续加强廉正建设。", "廉正", "廉政"),
    ("他总是觉得自已没有错。", "自已", "自己"),
    ("这一招真历害。", "历害", "厉害"),
    ("市场竟争很激烈。", "竟争", "竞争"),
]


@pytest.mark.parametrize(("text", "wrong", "right"), SLIPS)
def test_common_slips_of_government_copy_are_caught(engine: Engine, text: str, wrong: str, right: str) -> None:
    hits = [(f.text, f.suggestion) for f in _find(engine, text, "typo")]
    assert (wrong, right) in hits


@pytest.mark.parametrize("text", ["他为人廉正，群众信服。", "报名截止时间是11月30日。", "截至目前，已有3万人报名。"])
def test_correct_usage_is_left_alone(engine: Engine, text: str) -> None:
    assert _find(engine, text, "typo") == []


DE_CASES = [
    ("各项活动开展的有声有色。", "得"),
    ("他高兴的说：“我们成功了！”", "地"),
    ("讲解员认真的为参观群众讲解展品。", "地"),
    ("工作做的井井有条。", "得"),
    ("她耐心的向我们介绍情况。", "地"),
]


@pytest.mark.parametrize(("text", "right"), DE_CASES)
def test_de_di_de_cases_from_the_issue(engine: Engine, text: str, right: str) -> None:
    [f] = _find(engine, text, "typo.de")
    assert f.text in "的地得" and f.suggestion == right


@pytest.mark.parametrize("text", ["要了解事情发展的来龙去脉。", "这是一件令人高兴的事。", "他认真的态度值得学习。", "最好的说法是这样。"])
def test_de_rules_do_not_fire_on_correct_de(engine: Engine, text: str) -> None:
    assert _find(engine, text, "typo.de") == []


WORDING = [
    ("台湾总统发表讲话。", None, "台湾总统", "台湾地区领导人"),
    ("中国外交部长王毅会见外宾。", None, "中国外交部长", "外交部部长"),
    ("香港主权移交25周年。", None, "香港主权移交", "香港回归"),
    ("亚太经合组织成员国领导人出席会议。", None, "亚太经合组织成员国", "亚太经合组织成员"),
    ("新冠肺炎患者明显减少。", "2023-02-01", "新冠肺炎", "新冠病毒感染"),
    ("推进十四五规划实施。", None, "十四五", "“十四五”"),
    ("美国、日本、台湾等国家参加。", None, "台湾等国家", "国家和地区"),
]


@pytest.mark.parametrize(("text", "date", "hit", "sugg"), WORDING)
def test_wording_pack(engine: Engine, text: str, date: str | None, hit: str, sugg: str) -> None:
    found = _find(engine, text, "wording", date)
    assert (hit, sugg) in [(f.text, f.suggestion) for f in found]
    assert all("依据" in f.message for f in found)


def test_renaming_applies_only_from_its_date(engine: Engine) -> None:
    assert _find(engine, "新冠肺炎患者明显减少。", "wording", "2021-06-01") == []
    assert _find(engine, "新冠肺炎患者明显减少。", "wording", "2022-12-26")
    assert _find(engine, "新冠肺炎患者明显减少。", "wording")  # 不给日期：按现行规则


@pytest.mark.parametrize("text", ["“十四五”规划顺利实施。", "共建“一带一路”倡议。", "大陆和台湾同属一个中国。",
                                  "习近平新时代中国特色社会主义思想", "香港特区政府发布公告。"])
def test_wording_pack_leaves_correct_wording_alone(engine: Engine, text: str) -> None:
    assert _find(engine, text, "wording") == []


def test_number_rules(engine: Engine) -> None:
    [f] = _find(engine, "增速约为10%左右。", "number.approx")
    assert f.text == "约为10%左右" and f.suggestion == "约为10%"
    [f] = _find(engine, "预计增长5-8%。", "number.percent_range")
    assert f.suggestion == "5%～8%"
    [f] = _find(engine, "预计增长5%-8%。", "number.range_mark")
    assert f.suggestion == "5%～8%"
    assert _find(engine, "预计增长5%～8%，2024-05-01发布。", "number") == []


def test_dunhao_between_clauses(engine: Engine) -> None:
    [f] = _find(engine, "会议研究了工作、同时部署了下一步任务。", "punctuation.clause_dunhao")
    assert f.text == "、" and f.suggestion == "，"
    assert _find(engine, "要加强学习、提高本领、改进作风。", "punctuation.clause_dunhao") == []


def test_id_number_in_running_text_needs_a_valid_checksum(engine: Engine) -> None:
    [f] = _find(engine, "当事人张某（身份证号11010519491231002X）已到案。", "privacy.id")
    assert f.severity == "高"
    assert _find(engine, "当事人张某（身份证号110105194912310029）已到案。", "privacy.id") == []
