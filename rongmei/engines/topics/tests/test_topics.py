"""专题表达式：优先级、简写、NEAR 的先后与距离、短语、折叠、连字符、语法错误的位置与中文说明、命令行。"""

from __future__ import annotations

import pytest

from rongmei.engines.topics import TopicSyntaxError, compile_topic
from rongmei.engines.topics.cli import main


def m(expr: str, text: str) -> bool:
    return compile_topic(expr).matches(text)


def test_example_from_the_brief():
    t = compile_topic("(残疾人|残联) + 补贴 - 广告")
    assert t.matches("市残联发布两项补贴新标准")
    assert t.matches("残疾人生活补贴提高")
    assert not t.matches("残疾人补贴代办广告")
    assert not t.matches("市残联召开会议")
    assert not t.matches("困难群众补贴发放")


@pytest.mark.parametrize(
    ("expr", "text", "expected"),
    [
        # AND 比 OR 紧：A | B + C 即 A | (B + C)
        ("就业 | 补贴 + 残联", "就业招聘会", True),
        ("就业 | 补贴 + 残联", "补贴发放", False),
        ("就业 | 补贴 + 残联", "残联补贴发放", True),
        ("(就业 | 补贴) + 残联", "就业招聘会", False),
        # 关键字与简写一样
        ("就业 OR 补贴 AND 残联", "补贴发放", False),
        ("就业 OR 补贴 AND 残联", "就业", True),
        # 空格相连即并且
        ("残联 补贴", "残联发补贴", True),
        ("残联 补贴", "残联开会", False),
        # NOT 只管紧跟它的一项
        ("NOT 广告 残联", "残联通知", True),
        ("NOT 广告 残联", "残联广告", False),
        ("残联 -(广告 | 推广)", "残联推广活动", False),
        ("残联 -(广告 | 推广)", "残联通知", True),
        ("-广告", "残联通知", True),
        # 小写 and 是普通词
        ("rock and roll", "Rock And Roll 音乐节", True),
        ("rock and roll", "rock music roll", False),
    ],
)
def test_precedence_and_shortcuts(expr, text, expected):
    assert m(expr, text) is expected


def test_chinese_without_spaces_uses_minus_as_not():
    assert m("补贴-广告", "补贴发放") is True
    assert m("补贴-广告", "补贴广告") is False


def test_hyphen_inside_latin_words_is_part_of_the_word():
    assert m("COVID-19", "新增 covid-19 病例") is True
    assert m("COVID-19", "covid 病例 19 例") is False
    assert m("e-government + 上线", "E-Government 平台上线") is True
    # 字母与空格之间的 - 是排除
    assert m("covid -19", "covid 19") is False
    assert m("covid -19", "covid 病例") is True


def test_latin_case_and_width_folded_and_whole_words():
    assert m("WeChat", "ｗｅｃｈａｔ 公众号") is True
    assert m("ＡＩ", "ai 审校") is True
    assert m("AI", "he said so") is False  # 整词：不匹配 said 里的 ai
    assert m("AI审校", "使用ai审校") is True  # 汉字边上不算单词边界


def test_full_width_operators_and_chinese_quotes():
    assert m("（残联｜就业）＋补贴", "就业补贴") is True
    assert m("“残疾人 补贴”", "残疾人 补贴") is True
    assert m("“残疾人 补贴”", "残疾人补贴") is False


def test_quoted_phrase_keeps_spaces_and_operators_literal():
    assert m('"A+B 方案"', "关于 a+b 方案的说明") is True
    assert m('"A+B 方案"', "a 方案 b") is False
    assert m('"NOT 广告"', "这里 not 广告 字样") is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("残联今天发放补贴", True),  # 残联…补贴之间隔 4 个字
        ("补贴由残联发放", True),  # 先后不限
        ("残联今天上午发放了补贴", False),  # 隔 7 个字
        ("残联补贴", True),  # 紧挨
        ("残联", False),
    ],
)
def test_near_order_and_distance(text, expected):
    assert m("残联 NEAR/4 补贴", text) is expected


def test_near_distance_boundary_is_inclusive():
    assert m("甲 NEAR/3 乙", "甲一二三乙") is True
    assert m("甲 NEAR/3 乙", "甲一二三四乙") is False
    assert m("甲 NEAR/0 乙", "乙甲") is True


def test_near_with_or_group_and_precedence_over_and():
    t = compile_topic("(残联|残疾人) NEAR/2 补贴 + 标准")
    assert t.matches("残疾人的补贴新标准")
    assert not t.matches("残疾人今年起发放补贴新标准")
    assert not t.matches("残疾人的补贴")


def test_near_uses_any_occurrence():
    assert m("残联 NEAR/1 补贴", "残联开会。另：补贴由残联发") is True


@pytest.mark.parametrize(
    ("expr", "position", "words"),
    [
        ("", 0, "空"),
        ("   ", 0, "空"),
        ("(残联 | 就业", 0, "左括号"),
        ("残联 + (就业 | (补贴)", 5, "左括号"),
        ("残联)", 2, "右括号"),
        ("残联 AND", 6, "后面缺少词语"),
        ("AND 残联", 0, "前面缺少词语"),
        ("残联 + | 补贴", 5, "后面缺少词语"),
        ('残联 "补贴', 3, "引号"),
        ('残联 ""', 3, "没有内容"),
        ("残联 NEAR 补贴", 3, "NEAR/5"),
        ("残联 NEAR/x 补贴", 3, "NEAR/5"),
        ("残联 NEAR/3 (补贴 + 标准)", 3, "NEAR 两边"),
        ("甲 NEAR/3 乙 NEAR/3 丙", 11, "不能连用"),
        ("残联 + ()", 5, "括号里没有内容"),
        ("残联 -", 4, "后面缺少词语"),
    ],
)
def test_syntax_errors_have_position_and_chinese_message(expr, position, words):
    with pytest.raises(TopicSyntaxError) as info:
        compile_topic(expr)
    assert info.value.position == position
    assert words in info.value.message
    assert f"第 {position + 1} 个字符" in str(info.value)


def test_error_pointer_points_under_the_wrong_character():
    with pytest.raises(TopicSyntaxError) as info:
        compile_topic("残联 + )")
    line, caret = info.value.pointer().split("\n")
    assert line == "残联 + )"
    assert caret.index("^") == 7  # 两个汉字各占两格


def test_terms_and_hits_explain_the_match():
    t = compile_topic("(残疾人|残联) + 补贴 - 广告")
    assert t.terms() == ["残疾人", "残联", "补贴"]
    assert t.hits("市残联发放补贴") == ["残联", "补贴"]


def test_cli_prints_zero_based_numbers_of_matching_lines(tmp_path, capsys):
    f = tmp_path / "lines.txt"
    f.write_text("残联发布补贴标准\n今天天气很好\n残疾人补贴代办广告\n残疾人两项补贴提高\n", encoding="utf-8")
    assert main(["--topic", "(残疾人|残联) + 补贴 - 广告", str(f)]) == 0
    assert capsys.readouterr().out == "0\n3\n"


def test_cli_reports_syntax_error_in_chinese(tmp_path, capsys):
    f = tmp_path / "lines.txt"
    f.write_text("残联\n", encoding="utf-8")
    assert main(["--topic", "(残联 | 补贴", str(f)]) == 2
    err = capsys.readouterr().err
    assert "第 1 个字符处：左括号没有配对的右括号" in err
    assert "^" in err


def test_cli_missing_file_and_missing_topic(tmp_path, capsys):
    assert main(["--topic", "残联", str(tmp_path / "nope.txt")]) == 2
    assert "无法读取文件" in capsys.readouterr().err
    assert main([str(tmp_path / "nope.txt")]) == 2
    assert "用法错误" in capsys.readouterr().err


def test_tree_is_plain_data_for_search_backends():
    t = compile_topic("(残疾人|残联) + 补贴 - 广告 + 甲 NEAR/3 乙")
    assert t.tree() == (
        "and",
        [
            ("or", [("term", "残疾人"), ("term", "残联")]),
            ("term", "补贴"),
            ("not", ("term", "广告")),
            ("near", ["甲"], ["乙"], 3),
        ],
    )
