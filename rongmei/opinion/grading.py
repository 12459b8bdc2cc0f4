"""舆情分级的数据准备（只读）：工作区规则与词库、信息组的事实、预警消息的文字。

定级本身在纯核心 ``rongmei.engines.grading``；这里把数据库里的信息组整理成 ``GroupFacts``。
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from rongmei.engines.grading import (
    DEFAULT_RULES,
    GradingRules,
    GroupFacts,
    Lexicon,
    default_lexicon,
    merge_signals,
    scan,
)
from rongmei.proofread import selectors as proofread

from .choices import Sentiment
from .models import GradingRuleSet, Mention

#: 信号扫描最多看组内最近多少条信息
SCAN_LIMIT = 200
#: 增长率的比较窗口（小时）：最近 24 小时对前 24 小时
WINDOW_HOURS = 24


def rules_for(workspace) -> GradingRules:
    row = GradingRuleSet.objects.filter(workspace=workspace).first()
    if row is None or not row.rules:
        return DEFAULT_RULES
    return GradingRules.from_dict(row.rules)


def lexicon_for(workspace, rules: GradingRules | None = None) -> Lexicon:
    """AI 审校的内置词库加本工作区在“审校词库”里维护的敏感词、落马官员与领导职务登记表。"""
    rules = rules or rules_for(workspace)
    extra, _whitelist = proofread.engine_data(workspace)
    sensitive = [e.get("term", "") for e in extra.get("sensitive", []) if e.get("severity", "高") == "高"]
    sensitive += [e.get("name", "") or e.get("term", "") for e in extra.get("fallen_official", [])]
    officials = {e.get("name") or e.get("term"): e.get("title", "") for e in extra.get("leader_title", [])
                 if e.get("name") or e.get("term")}
    return default_lexicon(extra_sensitive=[s for s in sensitive if s], extra_officials=officials,
                           categories=rules.categories)


def group_facts(group, *, now: dt.datetime, lexicon: Lexicon | None = None) -> GroupFacts:
    """信息组的事实：总条数与负面条数（组上的计数），最近 24 小时对前 24 小时的条数，组内信息的信号并集。"""
    lexicon = lexicon or lexicon_for(group.workspace)
    mentions = Mention.objects.filter(group=group)
    recent = mentions.filter(published_at__gt=now - dt.timedelta(hours=WINDOW_HOURS)).count()
    before = mentions.filter(published_at__gt=now - dt.timedelta(hours=2 * WINDOW_HOURS),
                             published_at__lte=now - dt.timedelta(hours=WINDOW_HOURS)).count()
    texts = mentions.order_by("-published_at").values_list("title", "text")[:SCAN_LIMIT]
    signals = merge_signals(scan(f"{t}\n{x}", lexicon) for t, x in texts)
    volume = group.size or mentions.count()
    negative = group.negative if group.size else mentions.filter(sentiment=Sentiment.NEG).count()
    previous = before if (recent or before) else None  # 两个窗口都没有信息时不谈增长
    return GroupFacts(volume=volume, negative=negative, previous_volume=previous, signals=signals)


def facts_json(facts: GroupFacts) -> dict:
    return {"volume": facts.volume, "negative": facts.negative, "previous_volume": facts.previous_volume,
            "negative_share": round(facts.negative_share, 1), "signals": facts.signals.to_json()}


def robot_message(alert, *, round_name: str) -> tuple[str, str]:
    """群机器人消息（markdown）：级别、标题、理由、次数、时间（北京时间）、处置入口。含“舆情”二字（钉钉关键词）。"""
    prefix = {"first": "", "upgrade": "【级别升高】", "escalate": "【无人确认，已升级】"}.get(round_name, "")
    title = f"{prefix}舆情预警（{alert.get_grade_display()}）"
    when = timezone.localtime(alert.last_at).strftime("%m月%d日 %H:%M")
    lines = [f"**{alert.title}**", f"> 级别：{alert.get_grade_display()}　次数：{alert.count}　时间：{when}"]
    lines += [f"- {r}" for r in (alert.body or "").splitlines() if r.strip()][:6]
    path = reverse("opinion:alert_list", kwargs={"ws": alert.workspace.slug})
    lines.append(f"请值班人员登录融媒运营平台“{alert.workspace.name}”确认并处置（{path}）。")
    return title, "\n".join(lines)
