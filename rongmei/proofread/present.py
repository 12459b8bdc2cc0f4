"""审校结果的呈现：高亮分段、按类别分组、差错率对照、Excel 导出。"""

from __future__ import annotations

from collections import OrderedDict

from django.utils import timezone

from rongmei.engines.docgen import Column, Sheet, sheets_xlsx

from .choices import RATE_THRESHOLDS, SEVERITY_COLOURS, WHITELISTABLE


def segments(text: str, findings: list[dict]) -> list[dict]:
    """把文本切成 [{"text", "finding"?}]；互相重叠的发现只高亮先出现（最长）的那条，其余标 ``nested``。"""
    out: list[dict] = []
    cursor = 0
    for f in sorted(findings, key=lambda f: (f["start"], -f["end"])):
        if f["start"] < cursor or f["end"] <= f["start"]:
            f["nested"] = True
            continue
        if f["start"] > cursor:
            out.append({"text": text[cursor:f["start"]]})
        out.append({"text": text[f["start"]:f["end"]], "finding": f})
        cursor = f["end"]
    if cursor < len(text):
        out.append({"text": text[cursor:]})
    return out


def grouped(findings: list[dict]) -> list[dict]:
    groups: OrderedDict[str, dict] = OrderedDict()
    order = {"高": 0, "中": 1, "低": 2}
    for f in sorted(findings, key=lambda f: (order.get(f["severity"], 9), f["start"])):
        f["whitelistable"] = f["category"] in WHITELISTABLE
        f["colour"] = SEVERITY_COLOURS.get(f["severity"], "secondary")
        g = groups.setdefault(f["category"], {"category": f["category"], "label": f.get("category_label") or
                                              f["category"], "items": []})
        g["items"].append(f)
    return sorted(groups.values(), key=lambda g: min(order.get(i["severity"], 9) for i in g["items"]))


def rate_checks(rate: float) -> list[dict]:
    return [{"limit": limit, "label": label, "ok": rate <= limit} for limit, label in RATE_THRESHOLDS]


FINDING_COLUMNS = (
    Column("序号", "int", width=6), Column("严重程度", width=9), Column("类别", width=14), Column("原文", width=16),
    Column("建议", width=18), Column("说明", width=60), Column("上下文", width=40), Column("位置", width=10),
    Column("规则", width=28), Column("来源", width=8),
)


def findings_xlsx(run) -> bytes:
    """审校发现清单（Excel）：稿件信息在上，发现逐条在下，高/中严重程度着色。"""
    rows = [(i, f["severity"], f.get("category_label") or f["category"], f["text"], f.get("suggestion") or "",
             f["message"], f"{f.get('context_before', '')}【{f['text']}】{f.get('context_after', '')}",
             f"{f['start']}–{f['end']}", f["rule"], "大模型" if f.get("source") == "model" else "规则")
            for i, f in enumerate(run.findings, start=1)]
    preamble = (("稿件", run.source_name or "（粘贴文本）"),
                ("审校时间", timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")),
                ("计字数", run.char_count), ("差错率（每万字）", round(run.error_rate, 2)), ("规则包版本", run.rulepack))
    return sheets_xlsx([Sheet("审校发现", FINDING_COLUMNS, rows, preamble=preamble, wrap=frozenset({"说明"}),
                              fills={"严重程度": {"高": "F8D7DA", "中": "FFF3CD"}})])
