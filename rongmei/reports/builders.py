"""把工作区数据组装成 docgen 报告（Word/Excel）。数字全部由系统生成；文字部分取自 report.sections。

数据来源：数据模块的汇总表（rongmei.metrics.selectors，同一议题 #7 的姊妹应用）；发布清单与其他应用的
事实通过注册表 rongmei.core.facts.collect；合同计划与完成情况优先用 rongmei.contracts.selectors.evaluation_for。
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import F
from django.utils import timezone

from rongmei.contracts import selectors as contracts
from rongmei.core import clock
from rongmei.core import facts as fact_registry
from rongmei.engines.docgen import Column, Heading, KeyFigure, Link
from rongmei.engines.docgen import Report as Doc
from rongmei.engines.kpi.vocab import FACT_TYPES, kind_label, platform_label
from rongmei.engines.numfmt import format_value
from rongmei.metrics import selectors as metrics
from rongmei.metrics.choices import WORKSPACE_COUNTS, metric_label

from .choices import SECTIONS, ReportKind

PLATFORM_COLUMNS = ("plays", "reads", "likes", "shares", "comments", "favorites", "followers_gained",
                    "followers_lost", "followers_total")
HEADLINE = ("plays", "reads", "likes", "shares", "favorites", "comments")


def _d(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _num(value: float, unit: str | None = None) -> str:
    """报告里的每个数字都经 numfmt.format_value（与网页相同的写法：千分位、万/亿）。"""
    return format_value(value, unit)


#: 就业服务类的工作区数字（安源合同）；其他工作区只有录过这些数字时才出现这一章
EMPLOYMENT_COUNTS = ("enterprise_regs", "jobs_posted", "placements_job", "leads")


def _sum(totals: dict[str, dict[str, float]], name: str) -> float:
    return sum(v.get(name, 0.0) for v in totals.values())


class Builder:
    def __init__(self, report) -> None:
        self.report = report
        self.ws = report.workspace
        self.start, self.end = report.period_start, report.period_end
        self.numbers: dict = {}
        self.doc = Doc(title=report.title, subtitle=self.ws.name, meta={
            "报送单位": self.ws.operator_name or self.ws.name, "服务对象": self.ws.client_name,
            "统计周期": f"{_d(self.start)}—{_d(self.end)}", "数据截至": timezone.localtime(),
        })
        self._facts: list[dict] | None = None
        self._contract = None
        self._contract_loaded = False

    # -- 数据 --------------------------------------------------------------------------------------
    @property
    def facts(self) -> list[dict]:
        if self._facts is None:
            self._facts = fact_registry.collect(self.ws, self.start, self.end)
        return self._facts

    @property
    def publications(self) -> list[dict]:
        return sorted((f for f in self.facts if f.get("type") == "publication"),
                      key=lambda f: (str(f.get("date")), f.get("platform") or ""))

    @property
    def contract(self):
        """工作区当前的合同（没有合同时为 None）：报告的章节按合同取舍。"""
        if not self._contract_loaded:
            version = contracts.current_version(self.ws)
            self._contract = contracts.contract_of(version) if version is not None else None
            self._contract_loaded = True
        return self._contract

    def contract_has(self, fact_type: str) -> bool:
        return self.contract is not None and any(ob.select.type == fact_type for ob in self.contract.obligations)

    def heading(self, text: str) -> None:
        """一级标题（章）。编号在 finish() 里统一加上：没有内容的章会被删掉，编号不留空缺。"""
        self.doc.heading(text)

    def section(self, key: str, title: str) -> None:
        """报告页面上填写的文字；没填写时什么也不输出（不在文档里留占位文字）。"""
        text = (self.report.sections or {}).get(key, "").strip()
        for para in text.splitlines():
            if para.strip():
                self.doc.paragraph(para.strip())

    def finish(self) -> Doc:
        """删掉没有内容的章标题，再给各章编号（一、二、三……）。"""
        blocks = self.doc.blocks
        kept = []
        for index, block in enumerate(blocks):
            if isinstance(block, Heading) and block.level == 1:
                following = next((b for b in blocks[index + 1:] if not (isinstance(b, Heading) and b.level > 1)), None)
                if following is None or (isinstance(following, Heading) and following.level == 1):
                    continue
            kept.append(block)
        numerals = "一二三四五六七八九十"
        chapter = 0
        for index, block in enumerate(kept):
            if isinstance(block, Heading) and block.level == 1:
                chapter += 1
                number = numerals[chapter - 1] if chapter <= 10 else str(chapter)
                kept[index] = Heading(f"{number}、{block.text}", 1)
        self.doc.blocks[:] = kept
        return self.doc

    # -- 通用块 ------------------------------------------------------------------------------------
    def overview(self) -> None:
        totals = metrics.platform_totals(self.ws, self.start, self.end)
        p_start, p_end = metrics.comparison_period(self.start, self.end)  # 与看板同一个环比定义
        before = metrics.platform_totals(self.ws, p_start, p_end)
        figures = []
        self.numbers["changes"] = {}
        for name in HEADLINE:
            now, prev = _sum(totals, name), _sum(before, name)
            self.numbers[name] = now
            if now or prev:
                change = metrics.change_text(now, prev)
                self.numbers["changes"][name] = change
                figures.append(KeyFigure(metric_label(name), _num(now), "", f"环比 {change}"))
        gained, lost = _sum(totals, "followers_gained"), _sum(totals, "followers_lost")
        self.numbers.update(followers_gained=gained, followers_lost=lost, followers_total=_sum(totals, "followers_total"))
        figures.append(KeyFigure("净增关注", _num(gained - lost), "人"))
        self.numbers["comparison"] = [p_start.isoformat(), p_end.isoformat()]
        pubs = len(self.publications)
        self.numbers["publications"] = pubs
        # 本工作区没有的指标（如只有短视频账号时的阅读量）不写进句子，免得出现“阅读量 0次”
        counted = [f"{label} {_num(self.numbers[name], '次')}" for name, label in
                   (("plays", "播放量"), ("reads", "阅读量"), ("likes", "点赞"), ("shares", "分享"), ("favorites", "收藏"))
                   if self.numbers[name] or name in ("plays", "reads") and not (self.numbers["plays"] or
                                                                               self.numbers["reads"])]
        self.doc.paragraph(
            f"{_d(self.start)}至{_d(self.end)}，矩阵账号共发布作品 {_num(pubs, '条')}，{'，'.join(counted)}；"
            f"新增关注 {_num(gained, '人')}，净增 {_num(gained - lost, '人')}。")
        self.doc.key_figures(figures)
        self.platform_table(totals)

    def platform_table(self, totals) -> None:
        rows = []
        for platform in sorted(totals):
            rows.append([platform_label(platform), *[totals[platform].get(n, 0.0) for n in PLATFORM_COLUMNS]])
        rows.append(["合计", *[_sum(totals, n) for n in PLATFORM_COLUMNS]])
        self.numbers["platforms"] = {p: {n: totals[p].get(n, 0.0) for n in PLATFORM_COLUMNS} for p in totals}
        self.doc.table(["平台", *[Column(metric_label(n), "int") for n in PLATFORM_COLUMNS]], rows,
                       title="各平台数据汇总", sheet_name="各平台数据",
                       note="注：累计关注为期末值；数据来自平台接口、后台导出文件与手工录入。")

    def workspace_counts(self) -> None:
        """就业服务等工作区数字：只列出本工作区记录过的项目（北京规自委的报告里不会出现“企业注册数量”）。"""
        names = [n for n in EMPLOYMENT_COUNTS if n in metrics.recorded_names(self.ws, EMPLOYMENT_COUNTS)]
        if not names:
            return
        totals = metrics.platform_totals(self.ws, self.start, self.end)
        rows = []
        for name in names:
            value = _sum(totals, name)
            self.numbers[name] = value
            rows.append([WORKSPACE_COUNTS[name], value])
        self.doc.table(["项目", Column("数量", "int")], rows, title="就业服务数据", sheet_name="就业服务数据")

    def trend_chart(self) -> None:
        days = (self.end - self.start).days
        if days <= 62:
            series = metrics.daily_series(self.ws, self.start, self.end, ("plays", "reads", "followers_gained"))
            cats = [self.start + dt.timedelta(days=i) for i in range(days + 1)]
            data = {metric_label(n): [series[n].get(d, 0.0) for d in cats] for n in series if any(series[n].values())}
            if data:
                self.doc.chart("line", "每日播放、阅读与新增关注", [f"{d.month}月{d.day}日" for d in cats], data)
            return
        first = self.start.replace(day=1)
        monthly = metrics.monthly_totals(self.ws, first, self.end)
        months = sorted({m for m, _n in monthly})
        data = {metric_label(n): [monthly.get((m, n), 0.0) for m in months]
                for n in ("plays", "reads", "followers_gained") if any(monthly.get((m, n)) for m in months)}
        if data:
            self.doc.chart("bar", "各月播放、阅读与新增关注", [f"{m.year}年{m.month}月" for m in months], data)

    def top_items(self, limit: int = 10) -> None:
        items = list(metrics.items_of(self.ws, start=self.start, end=self.end)
                     .annotate(total_views=F("plays") + F("reads")).order_by("-total_views")[:limit])
        if not items:
            self.doc.paragraph("本期没有作品级数据。")
            return
        rows = [[_naive(i.published_at), i.account.platform.name,
                 Link(i.title or i.item_ref, i.url) if i.url else (i.title or i.item_ref),
                 i.plays, i.reads, i.likes, i.shares, i.comments] for i in items]
        self.doc.table([Column("发布时间", "datetime"), "平台", Column("标题", width=40), Column("播放", "int"),
                        Column("阅读", "int"), Column("点赞", "int"), Column("分享", "int"), Column("评论", "int")],
                       rows, title=f"热门作品（前 {len(items)} 条）", sheet_name="热门作品")

    def live(self) -> None:
        """直播：合同有直播考核或本期有直播时才写（与看板读同一个汇总 metrics.live_summary）。"""
        summary = metrics.live_summary(self.ws, self.start, self.end)
        self.numbers["live_sessions"] = summary["n"]
        self.numbers["live_minutes"] = summary["minutes"]
        self.numbers["live_hours"] = summary["hours"]
        if not summary["n"]:
            if self.contract_has("live_session"):
                self.doc.paragraph("本期没有直播。")
            return
        sessions = list(metrics.live_sessions_of(self.ws, start=self.start, end=self.end).order_by("started_at"))
        self.doc.paragraph(f"本期直播 {_num(summary['n'], '场')}，总时长 {_num(summary['hours'], '小时')}"
                           f"（{_num(summary['minutes'], '分钟')}），累计观看 {_num(summary['viewers'], '人次')}。")
        self.doc.table([Column("开始时间", "datetime"), "账号", "主题", Column("时长（分钟）", "int"),
                        Column("最高在线", "int"), Column("累计观看", "int")],
                       [[_naive(s.started_at), str(s.account), s.title, s.minutes, s.peak_viewers,
                         s.total_viewers] for s in sessions], title="直播场次", sheet_name="直播")

    def promotion(self) -> None:
        """付费推广（投流）：本期有订单或合同要求使用付费推广时才写；数字与投流台账同出 metrics.promotion_summary。"""
        summary = metrics.promotion_summary(self.ws, self.start, self.end)
        totals = summary["totals"]
        self.numbers["promotion_orders"] = totals["orders"]
        self.numbers["promotion_spend"] = str(totals["spend"])
        if not totals["orders"]:
            if self.contract_has("promotion"):
                self.doc.paragraph("本期没有付费推广订单（合同要求使用付费推广）。")
            return
        self.doc.paragraph(
            f"本期付费推广 {_num(totals['orders'], '笔')}，投放金额 {format_value(totals['budget'], '元')}，"
            f"实际消耗 {format_value(totals['spend'], '元')}；平台回传付费播放 {_num(totals['plays'])}、"
            f"新增粉丝 {_num(totals['followers'], '人')}。")
        if summary["by_objective"]:
            self.doc.table(["投放目标", Column("订单", "int"), "消耗", Column("结果", "int"), "单个结果成本"],
                           [[r["label"], r["orders"], format_value(r["spend"], "元"), r["results"],
                             "—" if r["cost"] is None else f"{format_value(r['cost'], None, digits=2)} {r['unit']}"]
                            for r in summary["by_objective"]], title="按投放目标的单个结果成本", sheet_name="投流成本")
        if summary["months"]:
            self.doc.table(["月份", "消耗", Column("播放总量", "int"), Column("付费播放", "int"), Column("自然播放", "int"),
                            Column("新增粉丝总量", "int"), Column("付费新增粉丝", "int"), Column("自然新增粉丝", "int")],
                           [[f"{m['month'].year}年{m['month'].month}月", format_value(m["spend"], "元"),
                             m["plays_total"], m["plays_paid"], m["plays_organic"], m["followers_total"],
                             m["followers_paid"], m["followers_organic"]] for m in summary["months"]],
                           title="自然与付费（逐月）", sheet_name="自然与付费", note=f"口径：{summary['method']}")

    def content_by_kind(self) -> None:
        pubs = self.publications
        counts = Counter((kind_label(f.get("kind")), platform_label(f.get("platform"))) for f in pubs)
        if not counts:
            self.doc.paragraph("本期没有发布记录。")
            return
        self.doc.table(["内容形态", "平台", Column("发布数", "int")],
                       [[k, p, n] for (k, p), n in sorted(counts.items())], title="发布作品按形态与平台统计",
                       sheet_name="发布统计")

    def plan_vs_done(self) -> None:
        rows = _contract_rows(self.ws, self.start, self.end, self.report.kind)
        if rows is not None:
            self.doc.table(["考核事项", Column("计划", "float"), Column("完成", "float"), "单位",
                            Column("完成率", "percent")], rows, title="合同计划与完成情况", sheet_name="计划与完成")
            self.numbers["plan_rows"] = len(rows)
            return
        by_kind: dict[tuple[str, str], int] = defaultdict(int)
        for f in self.facts:
            if f.get("type") in ("publication", "deliverable", "live_session", "placement", "training"):
                by_kind[(f["type"], kind_label(f.get("kind")) if f.get("kind") else "")] += 1

        self.doc.table(["类别", "形态", Column("完成数量", "int")],
                       [[FACT_TYPES.get(t, t), k, n] for (t, k), n in sorted(by_kind.items())],
                       title="本期完成情况（按类别计数）", sheet_name="完成情况",
                       note="注：本工作区尚未配置合同考核，按记录的发布、交付物、直播等计数。")

    def publication_list(self) -> None:
        pubs = self.publications
        rows = [[f.get("date"), platform_label(f.get("platform")), kind_label(f.get("kind")),
                 f.get("title") or f.get("item") or "", Link("查看", f["url"]) if f.get("url") else ""] for f in pubs]
        self.doc.table(["发布日期", "平台", "形态", Column("标题", width=40), Column("链接", "url")], rows,
                       title=f"已发布作品清单（共 {len(rows)} 条）", sheet_name="发布清单")

    def sections(self, keys: list[str] | None = None) -> None:
        for key, title in SECTIONS.get(self.report.kind, []):
            if keys is None or key in keys:
                self.heading(title)
                self.section(key, title)

    # -- 各类报告 ----------------------------------------------------------------------------------
    def build(self) -> Doc:
        kind = self.report.kind
        if kind == ReportKind.NEWS_BRIEF:
            self.news_brief()
        elif kind == ReportKind.MONTHLY_DATA:
            self.heading("总体情况")
            self.overview()
            self.heading("就业服务数据")
            self.workspace_counts()
            self.heading("数据趋势")
            self.trend_chart()
            self.heading("热门作品")
            self.top_items()
            self.heading("直播")
            self.live()
            self.heading("付费推广")
            self.promotion()
            self.sections()
        elif kind == ReportKind.MONTHLY_SUMMARY:
            self.heading("本月工作概况")
            self.section("work", "本月工作概况")
            self.heading("计划完成情况")
            self.plan_vs_done()
            self.heading("运营数据")
            self.overview()
            self.trend_chart()
            self.heading("本月发布清单")
            self.publication_list()
            self.sections(["problems", "next"])
        elif kind == ReportKind.QUARTERLY:
            self.heading("用户分析")
            self.overview()
            self.trend_chart()
            self.section("users", "用户分析")
            self.heading("内容分析")
            self.content_by_kind()
            self.top_items()
            self.section("content", "内容分析")
            self.sections(["lessons", "next"])
        else:  # 半年、年度、中期、终期
            self.heading("总体情况")
            self.section("work", "工作概况")
            self.overview()
            self.trend_chart()
            self.heading("计划完成情况")
            self.plan_vs_done()
            self.heading("内容与直播")
            self.content_by_kind()
            self.top_items()
            self.live()
            self.heading("付费推广")
            self.promotion()
            if kind == ReportKind.FINAL:
                self.heading("已发布作品清单")
                self.publication_list()
            self.sections([k for k, _t in SECTIONS[kind] if k != "work"])
        return self.finish()

    def news_brief(self) -> None:
        self.section("intro", "导语")
        wanted = set((self.report.params or {}).get("items") or [])
        pubs = [f for f in self.publications if not wanted or (f.get("ref") or f.get("title")) in wanted]
        items = list(metrics.items_of(self.ws, start=self.start, end=self.end).order_by("published_at"))
        if wanted:
            items = [i for i in items if f"metrics.item:{i.pk}" in wanted]
        self.numbers["items"] = len(pubs) + len(items)
        n = 0
        for f in pubs:
            n += 1
            self.doc.heading(f"{n}. {f.get('title') or f.get('item') or '（无标题）'}", 2)
            line = f"{f.get('date')} · {platform_label(f.get('platform'))}"
            self.doc.paragraph([line, "  ", Link("原文链接", f["url"])] if f.get("url") else line, indent=False)
        for i in items:
            n += 1
            self.doc.heading(f"{n}. {i.title or i.item_ref}", 2)
            text = (f"{timezone.localtime(i.published_at):%Y-%m-%d %H:%M} · {i.account.platform.name} · "
                    f"播放 {_num(i.plays)} · 阅读 {_num(i.reads)} · 点赞 {_num(i.likes)}")
            self.doc.paragraph([text, "  ", Link("原文链接", i.url)] if i.url else text, indent=False)
        if not n:
            self.doc.paragraph("本期没有选定的作品。")


def _contract_rows(ws, start: dt.date, end: dt.date, kind: str) -> list[list] | None:
    """合同评估（若合同应用提供）→ [[事项, 计划, 完成, 单位, 完成率]]；没有合同或接口时返回 None。"""
    period = f"{start:%Y-%m}" if kind in (ReportKind.MONTHLY_SUMMARY, ReportKind.MONTHLY_DATA) else "annual"
    try:
        state = contracts.evaluation_for(ws, as_of=min(end, clock.today()), period=period)
    except Exception:  # 合同期间不匹配等：退回按类别计数
        return None
    if state is None:
        return None
    rows = []
    for ob in state.evaluation.obligations:
        # 完成数取义务的计量值（合同页、接口、命令行读的同一个数）
        done = ob.measurement.value if ob.measurement is not None else ob.actual
        rows.append([ob.name, ob.target, done, ob.unit, ob.completion])
    return rows


def build(report) -> tuple[Doc, dict]:
    builder = Builder(report)
    doc = builder.build()
    return doc, builder.numbers


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    """Excel 不支持带时区的时间：转为北京时间后去掉时区。"""
    return timezone.localtime(value).replace(tzinfo=None) if value else None
