"""互动收件箱的性能基准（不是测试断言）。

    RONGMEI_DATA_DIR=/tmp/rm-ibench .venv/bin/python bench/interaction/run.py ingest --messages 5000
    RONGMEI_DATA_DIR=/tmp/rm-ibench .venv/bin/python bench/interaction/run.py inbox --messages 1000000

ingest：经 services.receive_messages 收消息（每批 100 条，像一次接口轮询），含 textclass 分类（工作区有 200 条
人工更正词）、时限计算、去重查询、关联发布、入库、紧急消息推送两位值班经理，单进程单核，报告墙钟与进程 CPU 的
条/秒（2 核机器上常有别人的进程，CPU 时间才反映本进程的开销）。
inbox：在一个工作区里直接批量写入 N 条消息（95% 已办结，5% 未办结；分类与时间分布像真实账号），
然后用 Django 测试客户端以客服身份打开收件箱（默认页、按状态、只看逾期、按分类、按账号、分给我的、第 5 页、
四种搜索）、消息详情、工作台、统计页各 --repeat 次，再直接调用 facts_revision、统计选择器与近一年的互动事实，
报告墙钟与进程 CPU 的 p50 / p95（毫秒）。结果见 RESULTS.md。
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

TEXTS = [
    "请问灵活就业社保补贴怎么申请？需要什么材料？", "下周有没有招聘会？想找个仓管的工作", "视频拍得好，支持家乡就业！",
    "上次报名的育婴师培训什么时候开班？一直没人通知", "投诉某某公司拖欠工资三个月，求帮助", "建议多发一些技能培训的报名信息",
    "请问残疾人证到期了怎么换证？要重新评定吗？", "给工作人员点赞！办事很顺利", "小区旁边违建拆了半年还没人管",
    "请问不动产登记现在能网上预约吗？", "紧急！工地夜间施工噪音太大，请尽快处理", "这个政策什么时候开始执行？",
]


ANALYZE = True


def setup_workspace(slug: str):
    from rongmei.accounts.models import User
    from rongmei.interaction import services
    from rongmei.workspaces.models import Membership, OfficialAccount, Platform, Workspace
    from rongmei.workspaces.services import platforms_ensure

    call_command("migrate", verbosity=0)
    platforms_ensure()
    ws = Workspace.objects.filter(slug=slug).first()
    if ws is None:
        ws = Workspace.objects.create(slug=slug, name="基准工作区", client_name="基准甲方")
    user = User.objects.filter(username=f"{slug}-support").first()
    if user is None:
        user = User.objects.create_user(username=f"{slug}-support", password="x", display_name="基准客服",
                                        must_change_password=False)
        Membership.objects.create(user=user, workspace=ws, role="support")
    services.sla_seed(workspace=ws)
    accounts = []
    for i, code in enumerate(["douyin", "wechat", "weibo", "kuaishou", "toutiao"]):
        acc, _ = OfficialAccount.objects.get_or_create(workspace=ws, platform=Platform.objects.get(code=code),
                                                      name=f"基准账号{i}")
        accounts.append(acc)
    return ws, user, accounts


def realistic_workspace(ws, user, account, corrections: int) -> None:
    """像真实工作区：两位项目经理值班（紧急、舆情风险消息逐条推送通知），有 corrections 条人工分类更正词。"""
    from rongmei.accounts.models import User
    from rongmei.interaction.models import Correction, Message
    from rongmei.workspaces.models import Membership

    for k in range(2):
        name = f"{ws.slug}-manager{k}"
        if not User.objects.filter(username=name).exists():
            manager = User.objects.create_user(username=name, password="x", display_name=f"基准经理{k}",
                                               must_change_password=False)
            Membership.objects.create(user=manager, workspace=ws, role="manager")
    have = Correction.objects.filter(workspace=ws).count()
    if have >= corrections:
        return
    anchor = Message.objects.filter(workspace=ws).first() or Message.objects.create(
        workspace=ws, account=account, platform=account.platform.code, external_id="anchor", text="锚点",
        received_at=timezone.now())
    cats = ["consult", "suggest", "complain", "chat", "risk"]
    Correction.objects.bulk_create([
        Correction(workspace=ws, message=anchor, field="category", old_value="chat", new_value=cats[i % 5],
                   keyword=f"更正词{i}号", by=user) for i in range(have, corrections)])


def ingest(n: int, batch: int, profile: str = "", corrections: int = 200) -> None:
    from rongmei.engines.platforms.models import Incoming
    from rongmei.interaction import services
    from rongmei.interaction.models import Message

    ws, user, accounts = setup_workspace("bench-ingest")
    account = accounts[0]
    realistic_workspace(ws, user, account, corrections)
    start_id = Message.objects.filter(account=account).count()
    rnd = random.Random(1)
    now = timezone.now()
    rows = [Incoming(external_id=f"b{start_id + i}", kind="comment", text=f"{rnd.choice(TEXTS)}（{i}）",
                     author=f"网友{i % 500}", created_at=now - dt.timedelta(seconds=n - i)) for i in range(n + batch)]
    # 第一批单独计时：进程里第一次收消息要导入分类词表、加载 URL 配置，常驻的 worker 只付一次
    w0, c0 = time.perf_counter(), time.process_time()
    services.receive_messages(workspace=ws, account=account, incoming=rows[n:], source="api")
    print(f"首批 {batch} 条（含一次性加载）：墙钟 {(time.perf_counter() - w0) * 1000:.0f} ms，"
          f"CPU {(time.process_time() - c0) * 1000:.0f} ms")
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    w0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, n, batch):
        services.receive_messages(workspace=ws, account=account, incoming=rows[i:min(n, i + batch)], source="api")
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    if prof is not None:
        prof.disable()
        prof.dump_stats(profile)
        print(f"剖析结果写入 {profile}（剖析开销使下面的数字偏低）")
    print(f"ingest: {n} 条，每批 {batch} 条；墙钟 {wall:.2f} s = {n / wall:,.0f} 条/秒；"
          f"进程 CPU {cpu:.2f} s = {n / cpu:,.0f} 条/秒（单进程单核）")
    w0, c0 = time.perf_counter(), time.process_time()
    res = services.receive_messages(workspace=ws, account=account, incoming=rows[:batch], source="api")
    print(f"重复一批（{batch} 条全部已收过）：墙钟 {(time.perf_counter() - w0) * 1000:.1f} ms，"
          f"CPU {(time.process_time() - c0) * 1000:.1f} ms，重复 {res.duplicates}")


def build_inbox(total: int) -> tuple:
    """直接用 SQL 批量写入（ORM 的 bulk_create 在负载高的 2 核机器上每秒只有一二百条，造不出百万条）。"""
    from django.db import connection

    from rongmei.interaction.models import Message

    ws, user, accounts = setup_workspace("bench-inbox")
    have = Message.objects.filter(workspace=ws).count()
    if have >= total:
        bench_departments(ws)
        return ws, user, accounts
    from rongmei.accounts.models import User
    from rongmei.workspaces.models import Membership

    handlers = []
    for k in range(3):  # 办结的消息分给三位客服（“分给我的”筛选才像真实工作区，不是全空）
        name = f"{ws.slug}-handler{k}"
        h = User.objects.filter(username=name).first()
        if h is None:
            h = User.objects.create_user(username=name, password="x", display_name=f"客服{k}",
                                         must_change_password=False)
            Membership.objects.create(user=h, workspace=ws, role="support")
        handlers.append(h.pk)
    departments = bench_departments(ws)

    def routed(i, received, open_):
        """每 50 条有 1 条转过处室（三个处室轮流），办结的都已答复。"""
        if i % 50:
            return None, None, None, None
        return (departments[(i // 50) % 3], ts(received + dt.timedelta(hours=1)), ts(received + dt.timedelta(days=1)),
                None if open_ else ts(received + dt.timedelta(hours=5)))

    rnd = random.Random(2)
    now = timezone.now().astimezone(dt.UTC).replace(tzinfo=None)
    cats = ["consult"] * 4 + ["suggest", "complain", "chat", "chat", "chat", "risk"]
    cols = ["workspace_id", "account_id", "platform", "kind", "source", "external_id", "parent_external_id",
            "content_external_id", "author", "author_id", "text", "received_at", "created_at", "raw", "category",
            "sentiment", "sentiment_score", "urgent", "reasons", "state", "assignee_id", "department_question",
            "department_answer", "first_due_at", "due_at", "first_response_at", "resolved_at", "paused_seconds",
            "escalation_level", "curation_state", "curation_error", "pinned_reason", "pinned_key", "group_key", "department_id",
            "department_asked_at", "department_due_at", "department_answered_at", "first_response_seconds",
            "resolve_seconds"]
    sql = (f"INSERT INTO {Message._meta.db_table} ({', '.join(cols)}) "
           f"VALUES ({', '.join(['%s'] * len(cols))})")

    def ts(value):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if value else None

    from rongmei.interaction import timing

    clocks = {acc.platform.code: timing.clock_for(ws, acc.platform.code) for acc in accounts}
    aware = dt.UTC

    t0 = time.perf_counter()
    chunk = 50_000
    for start in range(have, total, chunk):
        rows = []
        for i in range(start, min(total, start + chunk)):
            received = now - dt.timedelta(minutes=(total - i) * 0.5)
            open_ = rnd.random() < 0.05
            acc = accounts[i % len(accounts)]
            first = None if open_ else received + dt.timedelta(hours=rnd.random() * 30)
            resolved = None if open_ else received + dt.timedelta(hours=rnd.random() * 50)
            # 服务在答复、办结时存下的工作时间用时（这里直接写库，照样算好写进去）
            seconds = timing.durations(clocks[acc.platform.code], received.replace(tzinfo=aware),
                                       first and first.replace(tzinfo=aware), resolved and resolved.replace(tzinfo=aware), 0)
            rows.append((ws.pk, acc.pk, acc.platform.code, "comment", "api", f"m{i}", "", "", f"网友{i % 5000}", "",
                         f"{rnd.choice(TEXTS)}（{i}）", ts(received), ts(received), "{}", rnd.choice(cats), "neu", 0.0,
                         False, '["基准"]', "new" if open_ else rnd.choice(["answered", "answered", "closed"]),
                         None if open_ else handlers[i % 3], "",
                         "", ts(received + dt.timedelta(hours=24)), ts(received + dt.timedelta(days=2)),
                         ts(first), ts(resolved), 0, 0, "none", "", "", "",
                         "", *routed(i, received, open_), *seconds))
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(sql, rows)
        print(f"  已写入 {min(total, start + chunk):,} 条（{time.perf_counter() - t0:.0f} s）", flush=True)
    # SQLite 不跑 ANALYZE：部署出去的 SQLite 库从来没有统计信息，查询计划要在没有统计信息时也对。
    # PostgreSQL 的自动清理（autovacuum，默认开着）在大批写入后一分钟内就会 VACUUM ANALYZE，这里照做；
    # 本机的 PostgreSQL 关了自动清理，要看没有统计信息时的样子用 --no-analyze
    if connection.vendor == "postgresql" and ANALYZE:
        with connection.cursor() as cur:
            cur.execute(f"VACUUM ANALYZE {Message._meta.db_table}")
    return ws, user, accounts


def bench_departments(ws) -> list[int]:
    """三个处室，第一个有一位处室联络人（基准里用他看处室页和导航数字）。"""
    from rongmei.accounts.models import User
    from rongmei.interaction.models import Department
    from rongmei.workspaces.models import Membership

    out = []
    for k, name in enumerate(["就业处", "社保处", "规划处"]):
        dept, _ = Department.objects.get_or_create(workspace=ws, name=name)
        out.append(dept.pk)
        if k == 0 and not dept.contacts.exists():
            contact = User.objects.filter(username=f"{ws.slug}-dept").first() or User.objects.create_user(
                username=f"{ws.slug}-dept", password="x", display_name="处室联络人", must_change_password=False)
            Membership.objects.get_or_create(user=contact, workspace=ws, defaults={"role": "department"})
            dept.contacts.add(contact)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round((len(values) - 1) * p)))]


def inbox(total: int, repeat: int) -> None:
    ws, user, accounts = build_inbox(total)
    client = Client()
    client.force_login(user)
    base = f"/w/{ws.slug}/interaction/"
    cases = {
        "默认页（未办结）": "", "按状态：待处理": "?state=new", "按状态：等待群众补充（极少）": "?state=waiting_citizen",
        "只看逾期": "?overdue=1", "按分类": "?category=complain", "按账号": f"?account={accounts[1].pk}",
        "分给我的": "?assignee=me", "全部状态第 5 页": "?state=all&page=5",
        "搜索常见词（约 1/12 命中）": "?q=招聘会&state=all", "搜索罕见词（1/5000 命中）": "?q=网友4321&state=all",
        "搜索没有的词": "?q=不存在的词&state=all", "搜索两字词": "?q=社保&state=all",
        "消息详情": None, "工作台（首页卡片、导航数字）": f"/w/{ws.slug}/", "统计（近 30 天，按账号）": "stats/",
    }
    from rongmei.interaction.models import Message

    detail = Message.objects.filter(workspace=ws).order_by("-id").values_list("pk", flat=True).first()
    from rongmei.accounts.models import User

    contact = Client()
    contact.force_login(User.objects.get(username=f"{ws.slug}-dept"))
    as_contact = {"处室联络人：本处室问题页（含导航数字）"}
    cases["处室联络人：本处室问题页（含导航数字）"] = "department/"
    cases["处室答复情况（全部处室）"] = "departments/"
    print(f"inbox: 工作区消息 {Message.objects.filter(workspace=ws).count():,} 条，每种请求 {repeat} 次")
    for label, query in cases.items():
        url = f"{base}m/{detail}/" if query is None else query if query.startswith("/") else base + query
        who = contact if label in as_contact else client
        assert who.get(url).status_code == 200, url
        times, cpus = [], []
        for _ in range(repeat if not query or not query.startswith("stats") else max(3, repeat // 4)):
            t0, c0 = time.perf_counter(), time.process_time()
            resp = who.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
            assert resp.status_code == 200
        print(f"  {label:<16} 墙钟 p50 {statistics.median(times):7.1f} ms  p95 {pct(times, 0.95):7.1f} ms   "
              f"CPU p50 {statistics.median(cpus):7.1f} ms  p95 {pct(cpus, 0.95):7.1f} ms")
    from rongmei.core import clock
    from rongmei.interaction import facts, selectors

    today = clock.today()
    calls = {
        "facts_revision（合同页判断事实缓存）": lambda: selectors.facts_revision(ws),
        "selectors.stats 近 30 天合计": lambda: selectors.stats(ws, today - dt.timedelta(days=29), today),
        "selectors.stats 近 30 天按日": lambda: selectors.stats(ws, today - dt.timedelta(days=29), today, by="day"),
        "互动事实（合同页，近一年按日按平台）": lambda: list(facts.interaction_facts(ws, today - dt.timedelta(days=365), today)),
    }
    for label, fn in calls.items():
        fn()
        times, cpus = [], []
        for _ in range(repeat if label.startswith("facts_revision") else max(3, repeat // 4)):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        print(f"  {label:<16} 墙钟 p50 {statistics.median(times):7.1f} ms  p95 {pct(times, 0.95):7.1f} ms   "
              f"CPU p50 {statistics.median(cpus):7.1f} ms  p95 {pct(cpus, 0.95):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["ingest", "inbox"])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--corrections", type=int, default=200, help="ingest：工作区已有的人工分类更正词条数")
    parser.add_argument("--profile", default="", help="ingest：把计时部分的 cProfile 结果写到这个文件")
    parser.add_argument("--no-analyze", action="store_true",
                        help="inbox：PostgreSQL 上建完库不跑 VACUUM ANALYZE（看没有统计信息时的查询计划）")
    args = parser.parse_args()
    global ANALYZE
    ANALYZE = not args.no_analyze
    print(f"负载（1/5/15 分钟）：{os.getloadavg()}")
    if args.what == "ingest":
        ingest(args.messages, args.batch, args.profile, args.corrections)
    else:
        inbox(args.messages, args.repeat)
    print(f"负载（1/5/15 分钟）：{os.getloadavg()}")


if __name__ == "__main__":
    main()
