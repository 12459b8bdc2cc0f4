"""舆情的性能基准（不是测试断言）。

    # 入库吞吐：去重 + 规范化 + 分词 + 情感 + 近似重复 + 专题匹配 + 写库（含 FTS5 触发器），单进程单核
    RONGMEI_DATA_DIR=/tmp/rm-obench .venv/bin/python bench/opinion/run.py ingest --n 20000
    # 检索：快速灌入 N 条（分词按片段预先算好，直接批量写库，触发器建 FTS5 索引），再测 selectors.search 的 p50/p95
    RONGMEI_DATA_DIR=/tmp/rm-obench .venv/bin/python bench/opinion/run.py search --n 1000000
    # 在同一个库上：事件页、总览页、检索页与舆情月报（Word）
    RONGMEI_DATA_DIR=/tmp/rm-obench .venv/bin/python bench/opinion/run.py pages

合成数据：政务舆情常见句式的片段随机组合（约两成是带小改动的转载），发布时间铺在最近 90 天。
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_HUEY_IMMEDIATE", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

SUBJECTS = [
    "自治区残联",
    "安源区就业之家",
    "市规划和自然资源委员会",
    "某旗民政局",
    "区人社局",
    "市城管执法局",
    "某街道办事处",
    "市卫健委",
    "县教育局",
    "市住建局",
    "某社区居委会",
    "市场监管局",
]
EVENTS = [
    "发布残疾人两项补贴新标准",
    "举办春风行动招聘会",
    "公示控制性详细规划草案",
    "开展无障碍设施排查整改",
    "启动老旧小区改造",
    "发放创业担保贷款",
    "推进城市更新试点",
    "开展技能培训进社区",
    "回应群众关于盲道被占的投诉",
    "处理违建举报",
    "公布就业补贴申领指南",
    "召开稳就业工作推进会",
    "通报回迁房延期交付问题",
    "上线零工市场小程序",
]
DETAILS = [
    "惠及群众{n}人",
    "涉及{n}个小区",
    "提供岗位{n}个",
    "已完成{n}处整改",
    "累计发放{n}万元",
    "覆盖{n}个街道",
    "网友留言{n}条",
    "现场咨询{n}人次",
]
VOICES = [
    "网友纷纷点赞，认为办得实在",
    "有网友投诉办理太慢，很失望",
    "部分居民表示强烈不满，质疑程序不透明",
    "群众反映总体满意",
    "评论区讨论热烈",
    "相关负责人表示将持续跟进",
    "有家属称补贴迟迟未到账",
    "业内人士认为做法值得借鉴",
    "当地媒体进行了报道",
    "多位求职者反映岗位信息与实际不符，感觉被骗",
]
CITIES = ["呼和浩特", "包头", "鄂尔多斯", "萍乡", "安源", "海淀", "丰台", "通州", "赤峰", "通辽"]
MEDIA = [
    "内蒙古日报",
    "萍乡日报",
    "北京日报",
    "新京报",
    "新浪微博",
    "抖音",
    "今日头条",
    "人民网",
    "正北方网",
    "千龙网",
]
TOPICS = [
    ("残疾人补贴", "(残疾人|残联) + 补贴 - 广告"),
    ("招聘与就业", "招聘会 | (就业 + (补贴|岗位))"),
    ("规划公示", "(规划|控规) + 公示"),
    ("投诉", "投诉 | 不满 | (补贴 NEAR/10 未到账)"),
    ("城市更新", "城市更新 | 老旧小区"),
]
QUERIES = ["补贴", "残疾人 补贴", "招聘会 -虚假", "(规划 | 控规) + 公示", '"老旧小区"', "鄂尔多斯 投诉"]


def text_of(rnd: random.Random) -> str:
    return (
        f"{rnd.choice(CITIES)}{rnd.choice(SUBJECTS)}{rnd.choice(EVENTS)}，"
        f"{rnd.choice(DETAILS).format(n=rnd.randint(3, 5000))}。{rnd.choice(VOICES)}。"
    )


def workspace():
    from rongmei.workspaces.models import Workspace

    ws = Workspace.objects.filter(slug="obench").first()
    if ws is None:
        ws = Workspace.objects.create(slug="obench", name="舆情基准", client_name="基准甲方")
    return ws


def topics(ws):
    from rongmei.opinion.models import Topic, TopicVersion

    out = []
    for name, expr in TOPICS:
        t, created = Topic.objects.get_or_create(workspace=ws, name=name, defaults={"expression": expr})
        if created:
            TopicVersion.objects.create(topic=t, version=1, expression=expr)
        out.append(t)
    return out


def ingest(n: int, batch: int, seed: int = 7) -> None:
    from rongmei.opinion.choices import SourceKind
    from rongmei.opinion.ingest import MentionInput, write
    from rongmei.opinion.models import Mention, MentionGroup
    from rongmei.opinion.services import system_source

    ws = workspace()
    topics(ws)
    source = system_source(workspace=ws, kind=SourceKind.IMPORT)
    rnd = random.Random(seed)
    now = django.utils.timezone.now()
    before = Mention.objects.filter(workspace=ws).count()  # 再跑一次就接着加 N 条新的（链接不同）
    items, recent = [], []
    for i in range(n):
        if recent and rnd.random() < 0.2:  # 转载：小改动
            text = rnd.choice(recent) + rnd.choice(["（转）", "来源：网络", "！", "引发热议"])
        else:
            text = text_of(rnd)
            recent = (recent + [text])[-200:]
        items.append(
            MentionInput(
                text=text,
                source_name=rnd.choice(MEDIA),
                url=f"https://bench.example/{before + i}",
                published_at=now - dt.timedelta(minutes=rnd.randint(0, 90 * 24 * 60)),
            )
        )
    t0 = time.perf_counter()
    c0 = time.process_time()
    done = 0
    for start in range(0, n, batch):
        with transaction.atomic():
            done += write(source=source, items=items[start : start + batch]).count
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    groups = MentionGroup.objects.filter(workspace=ws, size__gt=1).count()
    print(
        json.dumps(
            {
                "mentions": done,
                "already_there": before,
                "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "per_s_wall": round(done / wall),
                "per_s_cpu": round(done / cpu),
                "groups_with_reposts": groups,
                "load": os.getloadavg(),
            },
            ensure_ascii=False,
        )
    )


def _fast_rows(n: int, ws_id: int, source_id: int):
    """合成行：片段先各分词一次，整条的分词就是片段分词的拼接（检索基准只需要分词后的文字）。"""
    from rongmei.engines.textclass import normalize, sentiment
    from rongmei.engines.topics import fold
    from rongmei.opinion.analysis import segment

    seg = {}
    for pool in (CITIES, SUBJECTS, EVENTS, VOICES):
        for x in pool:
            seg[x] = segment(normalize(x))
    senti = {v: sentiment(v).label for v in VOICES}
    rnd = random.Random(11)
    base = dt.datetime(2025, 11, 30, tzinfo=dt.UTC)
    for i in range(n):
        city, subj, event, voice = (
            rnd.choice(CITIES),
            rnd.choice(SUBJECTS),
            rnd.choice(EVENTS),
            rnd.choice(VOICES),
        )
        detail = rnd.choice(DETAILS).format(n=rnd.randint(3, 5000))
        text = f"{city}{subj}{event}，{detail}。{voice}。"
        tokens = " ".join((seg[city], seg[subj], seg[event], seg[voice]))
        at = (base - dt.timedelta(seconds=rnd.randint(0, 90 * 86400))).strftime("%Y-%m-%d %H:%M:%S")
        h = hashlib.sha256(f"{i}{text}".encode()).hexdigest()
        yield (
            (
                ws_id,
                source_id,
                rnd.choice(MEDIA),
                h,
                "",
                "",
                text,
                text,
                tokens,
                f"https://bench.example/{i}",
                "",
                at,
                at,
                h,
                senti[voice],
                0.0,
                "[]",
                True,
                "[]",
                False,
                at,
            ),
            fold(text),
        )


def search(n: int, repeat: int) -> None:
    from rongmei.engines.topics import compile_topic
    from rongmei.opinion import selectors
    from rongmei.opinion.choices import SourceKind
    from rongmei.opinion.models import Mention
    from rongmei.opinion.services import system_source

    ws = workspace()
    ts = topics(ws)
    compiled = [(t, compile_topic(t.expression)) for t in ts]
    source = system_source(workspace=ws, kind=SourceKind.IMPORT)
    have = Mention.objects.filter(workspace=ws).count()
    if have < n:
        t0 = time.perf_counter()
        cols = (
            "workspace_id, source_id, source_name, dedupe_key, external_id, title, text, norm_text, tokens, url, "
            "author, published_at, fetched_at, content_hash, sentiment, sentiment_score, sentiment_reasons, "
            "is_first, regions, truncated, created_at"
        )
        sql = f"INSERT INTO opinion_mention ({cols}) VALUES ({', '.join(['%s'] * 21)})"
        chunk, folded = [], []
        with connection.cursor() as cur:
            for row, f in _fast_rows(n - have, ws.pk, source.pk):
                chunk.append(row)
                folded.append((row[11], row[14], f))
                if len(chunk) == 20_000:
                    _flush(cur, sql, chunk, folded, compiled)
                    chunk, folded = [], []
            if chunk:
                _flush(cur, sql, chunk, folded, compiled)
        print(
            json.dumps(
                {"loaded": n - have, "load_s": round(time.perf_counter() - t0, 1)}, ensure_ascii=False
            ),
            flush=True,
        )
    total = Mention.objects.filter(workspace=ws).count()
    results = {}
    cases = [(f"检索 {q}", {"query": q}) for q in QUERIES]
    cases += [(f"专题 {t.name}", {"topic": t}) for t in ts[:3]]
    cases += [
        ("专题 投诉 + 负面", {"topic": ts[3], "sentiment": "neg"}),
        (
            "检索 补贴 + 日期范围",
            {"query": "补贴", "start": dt.date(2025, 10, 1), "end": dt.date(2025, 10, 31)},
        ),
    ]
    for label, kw in cases:
        times, cpus = [], []
        for r in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            page = selectors.search(ws, offset=(r % 3) * 50, **kw)
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
            assert not page.error, page.error
        results[label] = {**_percentiles(times), **_percentiles(cpus, "cpu_"), "hits_on_page": len(page.mentions)}
    print(
        json.dumps(
            {"mentions": total, "repeat": repeat, "load": os.getloadavg(), "results": results},
            ensure_ascii=False,
            indent=1,
        )
    )


def _percentiles(values: list[float], prefix: str = "") -> dict:
    values = sorted(values)
    return {
        f"{prefix}p50_ms": round(statistics.median(values), 1),
        f"{prefix}p95_ms": round(values[max(0, int(len(values) * 0.95) - 1)], 1),
    }


def pages(repeat: int, group_size: int, month: str) -> None:
    """在 search 灌好的库上：事件页（事件的信息组有 group_size 条信息）与舆情月报（Word）的生成时间。"""
    from django.test import Client

    from rongmei.accounts.models import User
    from rongmei.opinion import services
    from rongmei.opinion.choices import DocKind, RiskGrade
    from rongmei.opinion.models import Event, Mention, MentionGroup
    from rongmei.workspaces.models import Membership

    ws = workspace()
    total = Mention.objects.filter(workspace=ws).count()
    user = User.objects.filter(username="obench-analyst").first()
    if user is None:  # 舆情分析员：能看、处置事件、生成文档，且不需要第二重验证（组长需要，基准里无法输入）
        user = User.objects.create(username="obench-analyst", display_name="基准分析员", must_change_password=False)
        Membership.objects.create(user=user, workspace=ws, role="analyst")
    event = Event.objects.filter(workspace=ws, title="基准大事件").first()
    if event is None:
        with transaction.atomic():
            group = MentionGroup.objects.create(workspace=ws, title="基准大事件", size=group_size)
            ids = list(Mention.objects.filter(workspace=ws).order_by("id").values_list("id", flat=True)[:group_size])
            for start in range(0, len(ids), 500):
                Mention.objects.filter(id__in=ids[start : start + 500]).update(group=group, is_first=False)
            first = Mention.objects.filter(group=group).order_by("published_at").first()
            MentionGroup.objects.filter(pk=group.pk).update(
                first_mention=first, first_published_at=first.published_at, last_published_at=first.published_at
            )
            event = services.event_open(
                actor=user, workspace=ws, title="基准大事件", grade=RiskGrade.LARGER, group=group
            )
    client = Client()
    client.force_login(user)
    url = f"/w/{ws.slug}/opinion/events/{event.pk}/"
    results = {}
    for label, call in (
        (f"事件页（组内 {group_size:,} 条）", lambda: client.get(url)),
        ("舆情总览页", lambda: client.get(f"/w/{ws.slug}/opinion/")),
        ("信息检索页（检索 补贴）", lambda: client.get(f"/w/{ws.slug}/opinion/mentions/", {"q": "补贴"})),
    ):
        times, cpus = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            response = call()
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        results[label] = {**_percentiles(times), **_percentiles(cpus, "cpu_")}
    t0, c0 = time.perf_counter(), time.process_time()
    doc = services.document_request(actor=user, workspace=ws, kind=DocKind.MONTHLY, params={"month": month})
    doc = services.document_generate(doc.pk)
    assert doc.state == "done", doc.error
    results[f"舆情月报 {month}（Word，含图表）"] = {
        "wall_ms": round((time.perf_counter() - t0) * 1000),
        "cpu_ms": round((time.process_time() - c0) * 1000),
        "mentions_in_month": doc.numbers.get("mentions"),
    }
    print(
        json.dumps(
            {"mentions": total, "repeat": repeat, "load": os.getloadavg(), "results": results},
            ensure_ascii=False,
            indent=1,
        )
    )


def _flush(cur, sql, chunk, folded, compiled):
    from rongmei.opinion.models import Mention, TopicMatch

    with transaction.atomic():
        cur.executemany(sql, chunk)
        keys = [r[3] for r in chunk]
        ids = dict(Mention.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", "id"))
        matches = []
        for row, (at, senti, f) in zip(chunk, folded, strict=True):
            for topic, c in compiled:
                if c.matches_folded(f):
                    matches.append(
                        TopicMatch(
                            topic=topic,
                            mention_id=ids[row[3]],
                            version=1,
                            published_at=dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC),
                            sentiment=senti,
                        )
                    )
        TopicMatch.objects.bulk_create(matches, batch_size=2000)


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ingest")
    a.add_argument("--n", type=int, default=20_000)
    a.add_argument("--batch", type=int, default=500)
    a.add_argument("--seed", type=int, default=7, help="合成文本的随机种子（接着加数据时换一个，免得与已有的完全相同）")
    b = sub.add_parser("search")
    b.add_argument("--n", type=int, default=1_000_000)
    b.add_argument("--repeat", type=int, default=30)
    c = sub.add_parser("pages", help="在 search 灌好的库上测事件页与舆情月报")
    c.add_argument("--repeat", type=int, default=10)
    c.add_argument("--group-size", type=int, default=20_000)
    c.add_argument("--month", default="2025-10")
    args = p.parse_args()
    call_command("migrate", verbosity=0)
    if args.cmd == "ingest":
        ingest(args.n, args.batch, args.seed)
    elif args.cmd == "pages":
        pages(args.repeat, args.group_size, args.month)
    else:
        search(args.n, args.repeat)


if __name__ == "__main__":
    main()
