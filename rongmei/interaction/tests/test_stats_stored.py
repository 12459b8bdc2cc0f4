"""统计读服务存下的工作时间用时：与逐条按工作时段、法定工作日（含调休）现算的结果相同；事实版本随改动而变。"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import types

import pytest
import time_machine

from rongmei.interaction import selectors, services, timing
from rongmei.interaction.choices import Category, ReplyState
from rongmei.interaction.models import Message, PlatformHours

from .conftest import BJ, incoming

# 2025 年国庆：9 月 28 日（周日）、10 月 11 日（周六）调休上班，10 月 1–8 日放假
START = dt.datetime(2025, 9, 25, 0, 0, tzinfo=BJ)
NOW = dt.datetime(2025, 10, 24, 12, 0, tzinfo=BJ)


def _old_stats(workspace, start: dt.date, end: dt.date, by: str, now: dt.datetime) -> dict:
    """改动前的算法（逐条消息现算工作时间），作为对照。"""
    lo = dt.datetime.combine(start, dt.time(0), tzinfo=BJ)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=BJ)
    out: dict[str, dict] = {}
    clocks: dict = {}
    for m in Message.objects.filter(workspace=workspace, received_at__gte=lo, received_at__lt=hi).select_related(
            "account__platform", "department"):
        local = m.received_at.astimezone(BJ)
        key = {"": "all", "account": str(m.account_id), "category": m.category, "department": str(m.department_id or ""),
               "month": f"{local:%Y-%m}", "day": f"{local:%Y-%m-%d}", "platform": m.platform}[by]
        row = out.setdefault(key, {"received": 0, "needing": 0, "responded": 0, "on_time": 0, "late": 0,
                                   "resolved": 0, "first": [], "resolve": []})
        row["received"] += 1
        if not selectors.needs_response(m.category):
            continue
        row["needing"] += 1
        row["responded"] += m.first_response_at is not None
        verdict = selectors.timeliness(m.first_due_at, m.first_response_at, now)
        row["on_time"] += verdict == "on_time"
        row["late"] += verdict == "late"
        row["resolved"] += m.resolved_at is not None
        c = timing.clock_for(workspace, m.platform, cache=clocks)
        if m.first_response_at:
            row["first"].append(c.working(m.received_at, m.first_response_at).total_seconds() / 3600)
        if m.resolved_at:
            row["resolve"].append(max(0.0, c.working(m.received_at, m.resolved_at).total_seconds()
                                      - m.paused_seconds) / 3600)
    return out


def _at(when: dt.datetime):
    return time_machine.travel(when, tick=False)


def _answer(m: Message, when: dt.datetime, personas) -> None:
    with _at(when):
        reply = services.reply_create(actor=personas["support"], message=m, text="您好，已收到，正在办理。")
        services.reply_decide(actor=personas["manager"], reply=reply, approve=True)
        reply.refresh_from_db()
        assert reply.state == ReplyState.APPROVED
        services.reply_mark_manual(actor=personas["support"], reply=reply, sent_at=when)


def _later(rnd: random.Random, after: dt.datetime) -> dt.datetime:
    # 任意钟点（夜里、周末、假期、调休日都有），几分钟到五天
    return after + dt.timedelta(minutes=rnd.randint(3, 5 * 24 * 60))


@pytest.fixture
def sample(receive, seeded, workspace, accounts, personas):
    """60 条随机消息，随机走服务的各条路径：答复（含暂停后再答复）、等待群众补充后关闭、直接关闭、批量关闭、
    转处室后关闭、不处理。微博按 08:00–24:00 值守，其余 09:00–18:00。"""
    PlatformHours.objects.update_or_create(workspace=workspace, platform="weibo",
                                           defaults={"work_start": dt.time(8), "work_end": dt.time(0)})
    dept = services.department_save(actor=personas["manager"], workspace=workspace, name="就业股",
                                    contacts=[personas["department"]])
    rnd = random.Random(12)
    support = personas["support"]
    cats = [Category.CONSULT, Category.CONSULT, Category.SUGGEST, Category.COMPLAIN, Category.RISK, Category.CHAT]
    made = []
    for i in range(60):
        received = START + dt.timedelta(minutes=rnd.randint(0, 18 * 24 * 60))
        account = rnd.choice(["wechat", "douyin", "toutiao", "weibo"])
        with _at(received):
            m = receive(incoming(f"s{i}", f"第 {i} 条留言", when=received), account=account).created[0]
        Message.objects.filter(pk=m.pk).update(category=rnd.choice(cats))
        made.append((m, received))
    to_bulk = []
    for m, received in made:
        m.refresh_from_db()
        path = rnd.choice(["answer", "pause_answer", "pause_close", "close", "bulk", "route", "none"])
        t1 = _later(rnd, received)
        t2 = _later(rnd, t1)
        if path == "answer":
            _answer(m, t1, personas)
        elif path == "pause_answer":
            with _at(t1):
                services.message_set_state(actor=support, message=m, state="waiting_citizen")
            _answer(m, t2, personas)
        elif path == "pause_close":
            with _at(t1):
                services.message_set_state(actor=support, message=m, state="waiting_citizen")
            with _at(t2):
                services.message_set_state(actor=support, message=m, state="closed")
        elif path == "close":
            with _at(t1):
                services.message_set_state(actor=support, message=m, state="closed")
        elif path == "bulk":
            with _at(t1):
                services.message_set_state(actor=support, message=m, state="waiting_citizen")
            to_bulk.append(m)
        elif path == "route":
            with _at(t1):
                services.message_route(actor=support, message=m, department=dept)
            with _at(t2):
                services.message_set_state(actor=support, message=m, state="closed")
    with _at(NOW - dt.timedelta(days=1)):
        services.messages_bulk(actor=support, workspace=workspace, messages=to_bulk, action="close")
    return made


def test_stored_durations_give_the_same_statistics_as_computing_each_message(sample, workspace):
    assert not Message.objects.filter(first_response_at__isnull=False, first_response_seconds__isnull=True).exists()
    assert not Message.objects.filter(resolved_at__isnull=False, resolve_seconds__isnull=True).exists()
    assert Message.objects.filter(paused_seconds__gt=0, resolved_at__isnull=False).exists()
    start, end = dt.date(2025, 9, 20), dt.date(2025, 10, 31)
    for by in ["", *selectors.BY_CHOICES]:
        old = _old_stats(workspace, start, end, by, NOW)
        new = selectors.stats(workspace, start, end, by=by, now=NOW)
        rows = {"all": new["total"]} if not by else {r.key: r for r in new["rows"]}
        assert set(rows) == set(old), by
        for key, want in old.items():
            got = rows[key]
            assert (got.received, got.needing, got.responded, got.on_time, got.late, got.resolved) == (
                want["received"], want["needing"], want["responded"], want["on_time"], want["late"],
                want["resolved"]), (by, key)
            assert sorted(got.first_hours) == pytest.approx(sorted(want["first"]), abs=1 / 3600), (by, key)
            assert sorted(got.resolve_hours) == pytest.approx(sorted(want["resolve"]), abs=1 / 3600), (by, key)
            if want["first"]:
                assert got.first_median == pytest.approx(statistics.median(want["first"]), abs=1 / 3600)
                assert got.first_p90 is not None
    total = selectors.stats(workspace, start, end, now=NOW)["total"]
    assert total.responded and total.resolved and total.late and total.on_time


def test_messages_written_outside_the_services_are_still_counted(sample, workspace):
    """时间点不是经服务写入（没有存用时）的消息，统计当场补算，数字不变。"""
    start, end = dt.date(2025, 9, 20), dt.date(2025, 10, 31)
    before = selectors.stats(workspace, start, end, now=NOW)["total"]
    Message.objects.update(first_response_seconds=None, resolve_seconds=None)
    after = selectors.stats(workspace, start, end, now=NOW)["total"]
    assert sorted(after.first_hours) == sorted(before.first_hours)
    assert sorted(after.resolve_hours) == sorted(before.resolve_hours)


def test_migration_backfills_the_stored_durations(sample, workspace):
    import importlib

    from django.apps import apps
    from django.db import connection

    want = dict(Message.objects.values_list("id", "first_response_seconds"))
    want_resolve = dict(Message.objects.values_list("id", "resolve_seconds"))
    Message.objects.update(first_response_seconds=None, resolve_seconds=None)
    migration = importlib.import_module("rongmei.interaction.migrations.0008_message_working_durations")
    migration.backfill(apps, types.SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name))
    assert dict(Message.objects.values_list("id", "first_response_seconds")) == want
    assert dict(Message.objects.values_list("id", "resolve_seconds")) == want_resolve


def test_facts_revision_changes_whenever_a_fact_relevant_message_changes(receive, seeded, workspace, personas,
                                                                         at_friday):
    from rongmei.interaction import facts

    seen = [facts.interaction_facts_revision(workspace)]

    def changed() -> bool:
        now = facts.interaction_facts_revision(workspace)
        fresh = now not in seen
        seen.append(now)
        return fresh

    m = receive(incoming("a", "请问怎么报名？")).created[0]
    assert changed()
    assert not changed()  # 没有改动时不变：合同页命中缓存
    services.message_correct(actor=personas["support"], message=m, category="complain")
    assert changed()
    services.message_set_state(actor=personas["support"], message=m, state="waiting_citizen")
    assert changed()
    _answer(m, dt.datetime(2025, 11, 17, 10, 0, tzinfo=BJ), personas)
    assert changed()
    services.message_set_state(actor=personas["support"], message=m, state="in_progress")  # 重新打开
    assert changed()
    services.messages_bulk(actor=personas["support"], workspace=workspace, messages=[m], action="close")
    assert changed()
    at_friday.move_to(dt.datetime(2025, 11, 18, 9, 0, tzinfo=BJ))  # 第二天：未答复的可能已超时
    assert changed()
