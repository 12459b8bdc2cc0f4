"""演示数据：各演示账号在服务期内（截至固定日期）的确定性日数据、作品数据，安源抖音的几场直播。"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rongmei.contracts import demo as contract_demo
from rongmei.core.demo import register
from rongmei.metrics.choices import PromotionObjective, PromotionProduct
from rongmei.metrics.models import DailyMetric, LiveSession, Promotion
from rongmei.metrics.services import DayValue, _write_daily, live_session_create, metric_enter, promotion_save
from rongmei.workspaces.models import OfficialAccount

DEMO_UNTIL = dt.date(2025, 9, 30)  # 与合同演示事实的截止日一致
BASE = {"wechat": ("reads", 900), "douyin": ("plays", 6000), "channels": ("plays", 2500), "kuaishou": ("plays", 3000),
        "weibo": ("reads", 1500), "toutiao": ("reads", 1200), "baijiahao": ("reads", 600)}


def _n(seed: str, lo: int, hi: int) -> int:
    return lo + int(hashlib.md5(seed.encode()).hexdigest()[:8], 16) % (hi - lo + 1)


def daily_rows(account, start: dt.date, end: dt.date):
    """确定性的日数据：(日期, 指标, 值)。"""

    main, level = BASE.get(account.platform.code, (None, 0))
    total = 5000 + _n(f"t{account.platform.code}{account.name}", 0, 20000)  # not the pk: ids differ between databases
    day = start
    while day <= end:
        key = f"{account.platform.code}{account.name}{day}"
        weekend = day.weekday() >= 5
        if main:
            value = _n(key + "m", level // 2, level * 2) * (0.7 if weekend else 1.0)
            yield DayValue(account.pk, day, main, round(value))
            yield DayValue(account.pk, day, "likes", round(value * _n(key + "l", 2, 6) / 100))
            yield DayValue(account.pk, day, "shares", round(value * _n(key + "s", 1, 3) / 100))
            yield DayValue(account.pk, day, "comments", round(value * _n(key + "c", 0, 2) / 200))
            yield DayValue(account.pk, day, "favorites", round(value * _n(key + "f", 0, 2) / 100))
            gained, lost = _n(key + "g", 5, 60), _n(key + "x", 0, 12)
            total += gained - lost
            yield DayValue(account.pk, day, "followers_gained", gained)
            yield DayValue(account.pk, day, "followers_lost", lost)
            yield DayValue(account.pk, day, "followers_net", gained - lost)
            yield DayValue(account.pk, day, "followers_total", total)
        day += dt.timedelta(days=1)


@register(60, "数据")
def load(workspaces, users):
    for ws in workspaces.values():
        end = min(ws.period_end or DEMO_UNTIL, DEMO_UNTIL)
        start = ws.period_start or dt.date(end.year, 1, 1)
        for account in OfficialAccount.objects.filter(workspace=ws).select_related("platform"):
            if account.platform.code not in BASE or DailyMetric.objects.filter(account=account).exists():
                continue
            # 账号开通之前没有数据：后面的演示步骤（如账号自查的“沉睡”账号）新开的账号，重跑演示时也不补造数据
            first = max(start, account.opened_on) if account.opened_on else start
            if first > end:
                continue
            with transaction.atomic():
                _write_daily(workspace=ws, values=list(daily_rows(account, first, end)), source="manual")
    ay = workspaces.get("anyuan-jobs")
    if ay is not None:
        douyin = OfficialAccount.objects.filter(workspace=ay, platform__code="douyin").first()
        manager = users.get("ay-manager")
        for name, value in (("enterprise_regs", 18), ("jobs_posted", 260), ("placements_job", 41), ("leads", 95)):
            if douyin:
                metric_enter(actor=manager, account=douyin, date=dt.date(2025, 9, 30), name=name, value=value)


LIVE_TITLES = ("春风行动 线上招聘专场", "就业政策直播答疑", "返乡创业 带岗直播", "高校毕业生求职指导", "技能培训公开课",
               "重点企业直播带岗", "零工市场 岗位速递", "社保政策一问一答")


@register(95, "直播场次")
def load_lives(workspaces, users):
    """演示直播场次只有一份：取合同演示事实里在本工作区账号上的直播，登记为直播场次（看板读它，合同经事实注册表读它）。"""
    tz = timezone.get_current_timezone()
    for ws in workspaces.values():
        if LiveSession.objects.filter(workspace=ws).exists():
            continue
        lives = contract_demo.recorded_on_accounts(ws, contract_demo.generated_facts(ws))
        accounts = {a.platform.code: a for a in OfficialAccount.objects.filter(workspace=ws).select_related("platform")}
        with transaction.atomic():
            for n, fact in enumerate(lives):
                day = dt.date.fromisoformat(fact["date"])
                hour = (15, 19)[_n(f"{ws.slug}{n}h", 0, 1)]
                viewers = int(fact.get("viewers") or 0)
                live_session_create(actor=None, account=accounts[fact["platform"]],
                                    title=LIVE_TITLES[_n(f"{ws.slug}{n}t", 0, len(LIVE_TITLES) - 1)],
                                    started_at=dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz),
                                    minutes=int(fact.get("minutes") or 60), peak_viewers=viewers // 3,
                                    total_viewers=viewers)


PROMO_TITLES = ("春风行动招聘会现场直击", "3 分钟看懂创业担保贷款", "零工市场岗位速递", "高校毕业生就业见习申请指南",
                "重点企业带岗：技术工种", "社保补贴怎么领")


@register(96, "付费推广")
def load_promotions(workspaces, users):
    """安源（种子 002 要求使用抖音付费推广与小程序投流）：2025 年 1—9 月每月一笔 DOU+（4 月漏投，合同页能看到缺口），
    每季度末一笔小程序投流。结果是确定性的演示数字。"""
    ay = workspaces.get("anyuan-jobs")
    if ay is None or Promotion.objects.filter(workspace=ay).exists():
        return
    douyin = OfficialAccount.objects.filter(workspace=ay, platform__code="douyin").first()
    if douyin is None:
        return
    tz = timezone.get_current_timezone()
    manager = users.get("ay-manager")
    with transaction.atomic():
        for month in range(1, 10):
            orders = []
            if month != 4:
                orders.append((PromotionProduct.DOU_PLUS, PromotionObjective.PLAYS, 8, 300))
            if month % 3 == 0:
                orders.append((PromotionProduct.MINI_PROGRAM, PromotionObjective.FOLLOWERS, 20, 500))
            for product, objective, day, budget in orders:
                key = f"{month}{product}"
                spend = Decimal(budget) - Decimal(_n(key + "s", 0, 4000)) / 100
                plays = _n(key + "p", 15_000, 26_000) if objective == PromotionObjective.PLAYS else _n(key + "p", 3_000,
                                                                                                      6_000)
                promotion_save(actor=manager, account=douyin, product=product,
                               order_no=f"{'DP' if product == PromotionProduct.DOU_PLUS else 'XXH'}2025{month:02d}{day:02d}01",
                               item_title=PROMO_TITLES[_n(key + "t", 0, len(PROMO_TITLES) - 1)],
                               ordered_at=dt.datetime(2025, month, day, 10, 30, tzinfo=tz), objective=objective,
                               budget=Decimal(budget), spend=spend,
                               targeting="萍乡市 18—45 岁" if objective == PromotionObjective.FOLLOWERS else "系统智能推荐",
                               plays=plays, followers=_n(key + "f", 20, 60) if objective == PromotionObjective.PLAYS
                               else _n(key + "f", 150, 320), home_visits=_n(key + "h", 200, 900), leads=0)
