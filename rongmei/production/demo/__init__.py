"""演示数据：北京（bj-planning）的 23+2 个栏目、每月一题、五级审校与推荐时段；内蒙古（nmg-dpf）的三级四审与专项方案；
安源（anyuan-jobs）的编辑→审核→领导流程。可重复执行。"""

from __future__ import annotations

import datetime as dt

from rongmei.core import clock
from rongmei.core.demo import register

from .. import services
from ..choices import ColumnType, ItemStatus, Verdict
from ..models import Campaign, Column, ContentItem, PublishingWindow, ReviewChain, ThemePlan
from .data import BJ_COLUMNS, BJ_REPOST_COLUMNS, BJ_THEMES, NM_CAMPAIGNS

CHAIN_FOR = {"bj-planning": "beijing5", "nmg-dpf": "sanji4shen", "anyuan-jobs": "three_step"}
WINDOWS_FOR = {"bj-planning": "beijing", "nmg-dpf": "guide", "anyuan-jobs": "guide"}
PREFIX = {"bj-planning": "bj", "nmg-dpf": "nm", "anyuan-jobs": "ay"}


def _d(t):
    return dt.date(*t) if t else None


def load_columns(ws, actor) -> None:
    for rows, ctype in ((BJ_COLUMNS, ColumnType.ORIGINAL), (BJ_REPOST_COLUMNS, ColumnType.REPOST)):
        for order, name, desc, sources in rows:
            if not Column.objects.filter(workspace=ws, name=name).exists():
                services.column_save(actor=actor, workspace=ws, name=name, column_type=ctype, description=desc,
                                     departments="\n".join(sources), order=order)


@register(40, "策划与采编")
def load(workspaces, users) -> None:
    for slug, preset in CHAIN_FOR.items():
        ws = workspaces.get(slug)
        if ws is None:
            continue
        p = PREFIX[slug]
        manager = users.get(f"{p}-manager")
        if not ReviewChain.objects.filter(workspace=ws, kind="").exists():
            services.chain_install_preset(actor=manager, workspace=ws, preset=preset)
        if not PublishingWindow.objects.filter(workspace=ws).exists():
            services.windows_install_preset(actor=manager, workspace=ws, preset=WINDOWS_FOR[slug])
        if slug == "bj-planning":
            load_columns(ws, manager)
            for i, (year, month, theme, content, form, depts) in enumerate(BJ_THEMES, 1):
                if not ThemePlan.objects.filter(workspace=ws, year=year, month=month, content=content,
                                                theme=theme).exists():
                    services.theme_plan_save(actor=manager, workspace=ws, year=year, month=month, theme=theme,
                                             content=content, form=form, departments=depts, order=i)
        if slug == "nmg-dpf":
            for name, kd, day, start, end, goals in NM_CAMPAIGNS:
                if not Campaign.objects.filter(workspace=ws, name=name).exists():
                    services.campaign_save(actor=manager, workspace=ws, name=name, key_date_name=kd, key_date=_d(day),
                                           start=_d(start), end=_d(end), goals=goals)
        _demo_items(ws, users, p)


def _demo_items(ws, users, p) -> None:
    if ContentItem.objects.filter(workspace=ws).exists():
        return
    editor, reviewer = users.get(f"{p}-editor"), users.get(f"{p}-reviewer")
    manager = users.get(f"{p}-manager")
    if editor is None:
        return
    column = Column.objects.filter(workspace=ws, name="不动产登记").first()
    theme = ThemePlan.objects.filter(workspace=ws, theme="民生保障").first()
    accounts = list(ws.accounts.all()[:2])
    draft = services.item_create(actor=editor, workspace=ws, title="不动产登记“一窗办理”再提速", kind="article",
                                 body=('<h3 style="text-align:center"><span style="color:rgb(255, 255, 255);'
                                       'background-color:rgb(183, 28, 28)">　一窗办理　</span></h3>'
                                       '<p style="text-indent:2em">市民可登陆“北京市不动产登记”网站预约办理，'
                                       '<strong>材料齐全的当场受理</strong>。</p>'
                                       '<blockquote>办理时间：工作日 9:00–17:00</blockquote>'),
                                 body_format="html", column=column,
                                 theme=theme, target_accounts=accounts, deadline=clock.today() + dt.timedelta(days=3))
    services.item_create(actor=users.get(f"{p}-designer") or editor, workspace=ws, title="节日海报", kind="poster",
                         body="海报文案：欢度佳节。", importance="low")
    services.item_submit(actor=editor, item=draft)
    draft.refresh_from_db()
    # 让一条内容走完全流程（演示审批表与署名）
    done = services.item_create(actor=editor, workspace=ws, title="公益宣传片《同在蓝天下》", kind="promo_film",
                                body="30 秒公益宣传片脚本。", duration_seconds=45, airing_count=60)
    services.item_submit(actor=editor, item=done)
    for _ in range(8):
        done.refresh_from_db()
        if done.status != ItemStatus.IN_REVIEW:
            break
        stage = done.current_stage
        pending = list(done.findings.filter(revision=done.current_revision, decision="pending"))
        decider = _decider(ws, users, p, stage, author=done.author) or manager
        for f in pending:
            services.finding_resolve(actor=decider, finding=f, accept=False, reason="演示：已人工核对")
        services.item_decide(actor=decider, item=done, verdict=Verdict.APPROVE, comments="同意")
    _ = reviewer


def _decider(ws, users, p, stage, *, author=None):
    """本环节的一位演示审核人；环节不允许作者自审时跳过作者（职责分离）。"""
    for role in stage.roles:
        user = users.get(f"{p}-{role.replace('_', '-')}")
        if user is not None and (stage.allow_author or user != author):
            return user
    return None
