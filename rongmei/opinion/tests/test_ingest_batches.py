"""入库提速不改变结果：分词与 jieba 搜索模式逐词相同；同一批信息成批写入与逐条写入，近似重复组、情感、
地域、专题命中与检索结果都相同。"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import re

import jieba
import pytest
from django.utils import timezone

from rongmei.opinion import selectors, services
from rongmei.opinion.analysis import segment
from rongmei.opinion.choices import SourceKind
from rongmei.opinion.ingest import MentionInput
from rongmei.opinion.models import Mention, Topic, TopicMatch, TopicVersion

jieba.setLogLevel(logging.WARNING)
_WORD = re.compile(r"\w", re.UNICODE)

PLACES = ["呼和浩特", "鄂尔多斯", "萍乡", "安源", "海淀", "通州"]
WHO = ["自治区残联", "区人社局", "市规划和自然资源委员会", "某街道办事处", "市住建局", "县教育局"]
WHAT = [
    "发布残疾人两项补贴新标准",
    "举办春风行动招聘会",
    "公示控制性详细规划草案",
    "启动老旧小区改造",
    "回应群众关于盲道被占的投诉",
    "公布就业补贴申领指南",
]
DETAIL = ["惠及群众{n}人", "涉及{n}个小区", "提供岗位{n}个", "累计发放{n}万元"]
VOICE = [
    "网友纷纷点赞，认为办得实在",
    "有网友投诉办理太慢，很失望",
    "部分居民表示强烈不满，质疑程序不透明",
    "有家属称补贴迟迟未到账",
    "評論區討論熱烈",  # 繁体：规范化后再比
    "哈哈哈哈，ＡＢＣ小区2025年第3批",
]
TOPICS = [
    ("残疾人补贴", "(残疾人|残联) + 补贴 - 广告"),
    ("招聘与就业", "招聘会 | (就业 + (补贴|岗位))"),
    ("规划公示", "(规划|控规) + 公示"),
    ("投诉", "投诉 | 不满 | (补贴 NEAR/10 未到账)"),
]


def texts(n: int, seed: int = 5) -> list[str]:
    """政务通稿式的句子，约两成是带小改动的转载（与 bench/opinion 的合成数据同一思路，词表小一些）。"""
    rnd = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        if out and rnd.random() < 0.2:
            out.append(rnd.choice(out[-50:]) + rnd.choice(["（转）", "来源：网络", "！", "引发热议"]))
        else:
            out.append(
                f"{rnd.choice(PLACES)}{rnd.choice(WHO)}{rnd.choice(WHAT)}，"
                f"{rnd.choice(DETAIL).format(n=rnd.randint(3, 5000))}。{rnd.choice(VOICE)}。"
            )
    return out


def jieba_search_mode(text: str) -> str:
    return " ".join(w for w in jieba.cut_for_search(text.lower(), HMM=False) if _WORD.search(w))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "哈哈哈",
        "人人人",
        "政“𠀀公 b人人人聘x㐀)政公)2—划ay",  # 罕用字、英文字母夹在汉字中间、路径概率几乎相同的切法
        "abc123 残疾人补贴ABC 2025年\t\r\n第3批 ＋#&._%- 😀",
        "中华人民共和国残疾人保障法",
        "The quick brown fox 跳过了 lazy dog",
    ],
)
def test_segmentation_is_word_for_word_jiebas_search_mode(text):
    assert segment(text) == jieba_search_mode(text)


def test_segmentation_matches_jieba_on_generated_mentions():
    sample = texts(2000, seed=11)
    assert [segment(t) for t in sample] == [jieba_search_mode(t) for t in sample]


def _topics(ws):
    for name, expr in TOPICS:
        t = Topic.objects.create(workspace=ws, name=name, expression=expr)
        TopicVersion.objects.create(topic=t, version=1, expression=expr)


def _items(n: int) -> list[MentionInput]:
    base = dt.datetime(2025, 11, 20, 8, tzinfo=timezone.get_current_timezone())
    rnd = random.Random(3)
    return [
        MentionInput(
            text=t,
            source_name=rnd.choice(["新浪微博", "抖音", "萍乡日报"]),
            url=f"https://m.example/{i}",
            published_at=base + dt.timedelta(minutes=rnd.randint(0, 3 * 24 * 60)),
        )
        for i, t in enumerate(texts(n))
    ]


def _outcome(ws) -> dict:
    """用户能看到的结果：每条信息的分词、情感、地域、所在组（组里首发的链接、条数、负面数、首发来源、首发与最近时间），
    专题命中，检索结果。"""
    rows = {}
    for m in Mention.objects.filter(workspace=ws).select_related("group", "group__first_mention"):
        g = m.group
        rows[m.url] = (
            m.tokens,
            m.sentiment,
            m.sentiment_score,
            m.sentiment_reasons,
            m.regions,
            m.is_first,
            (
                g.first_mention.url,
                g.size,
                g.negative,
                g.first_source_name,
                g.first_source_id is not None,
                g.title,
                g.first_published_at,
                g.last_published_at,
            )
            if g
            else None,
        )
    matches = sorted(TopicMatch.objects.filter(topic__workspace=ws).values_list("topic__name", "mention__url"))
    found = {
        q: [m.url for m in selectors.search(ws, query=q, limit=200).mentions]
        for q in ["补贴", "残疾人 补贴", '"老旧小区"', "招聘会 -虚假", "哈哈"]
    }
    return {"rows": rows, "matches": matches, "search": found}


def test_batch_and_one_by_one_ingest_give_the_same_groups_labels_topics_and_search(workspace, other_workspace):
    items = _items(300)
    for ws in (workspace, other_workspace):
        _topics(ws)
    batched = services.system_source(workspace=workspace, kind=SourceKind.IMPORT)
    for start in range(0, len(items), 100):
        chunk = [dataclasses.replace(x) for x in items[start : start + 100]]
        services.mentions_ingest(source=batched, items=chunk)
    single = services.system_source(workspace=other_workspace, kind=SourceKind.IMPORT)
    for x in items:
        services.mentions_ingest(source=single, items=[dataclasses.replace(x)])

    a, b = _outcome(workspace), _outcome(other_workspace)
    assert len(a["rows"]) == 300
    assert sum(1 for r in a["rows"].values() if not r[5]) > 25  # 确有转载归到了别人的组里
    assert a["matches"] and all(a["search"].values())
    assert a == b
