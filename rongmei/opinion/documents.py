"""舆情文档的组装（Word，中文图表）：舆情月报、专报、应对方案、应急预案。数字全部由系统从数据生成。"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from rongmei.engines import months
from rongmei.engines.docgen import Column, KeyFigure, Link
from rongmei.engines.docgen import Report as Doc

from . import selectors
from .choices import DocKind, EventState, RiskGrade, Sentiment
from .models import Event, Mention, RiskAssessment, TopicMatch

#: 应急预案的章节（键, 标题）
PLAN_SECTIONS = (
    ("purpose", "总则（目的、依据、适用范围）"),
    ("organization", "组织机构与职责"),
    ("grading", "分级标准"),
    ("monitoring", "监测与预警"),
    ("response", "应急响应与处置流程"),
    ("aftermath", "善后与总结评估"),
)

#: 应对方案的模板章节（键, 标题, 默认文字；{title} {grade} 由事件填入）
RESPONSE_PLAN_TEMPLATE = (
    ("situation", "一、事件概况", None),
    ("judgement", "二、研判意见", None),
    ("principles", "三、应对原则",
     "坚持“快报事实、慎报原因、重报态度、续报进展”，第一时间发布权威信息，不回避、不拖延、不激化。"),
    ("measures", "四、处置措施",
     "1. 责任部门立即核查事实，{hours}小时内形成书面情况；\n2. 宣传部门会同网信部门统一对外口径，"
     "先期回应稿经快速审核流程审定后发布；\n3. 暂停本单位排期发布的非必要内容，避免不当信息引发次生舆情；\n"
     "4. 安排专人值守互动渠道，对相关留言统一答复、及时回应；\n5. 持续监测，每{watch}小时报告一次舆情走势。"),
    ("statement", "五、回应口径", None),
    ("division", "六、分工与联络",
     "事件负责人：{owner}；舆情监测：值班人员；口径审定：按快速审核流程；对外发布：新媒体运营团队。"),
)


def _d(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _t(moment: dt.datetime | None) -> str:
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def default_title(kind: str, workspace, event, params: dict) -> str:
    if kind == DocKind.MONTHLY:
        year, month = params["month"].split("-")
        return f"{workspace.name}{int(year)}年{int(month)}月舆情月报"
    if kind == DocKind.SPECIAL:
        return f"关于“{event.title}”的舆情专报"
    if kind == DocKind.RESPONSE_PLAN:
        return f"“{event.title}”舆情应对方案"
    return "舆情文档"


def build(doc) -> tuple[Doc, dict]:
    builder = {DocKind.MONTHLY: _monthly, DocKind.SPECIAL: _special, DocKind.RESPONSE_PLAN: _response_plan,
               DocKind.EMERGENCY_PLAN: _emergency_plan}[doc.kind]
    return builder(doc)


def _meta(doc, **extra) -> dict:
    return {"单位": doc.workspace.client_name or doc.workspace.name, **extra,
            "生成时间": _t(timezone.now())}


def month_range(month: str) -> tuple[dt.datetime, dt.datetime, dt.date, dt.date]:
    first = dt.date.fromisoformat(f"{month}-01")
    last = months.month_end(first)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end, first, last


def month_figures(workspace, month: str) -> dict:
    """月报的数字（页面与 Word 同一个定义）：信息量、正/中/负面条数与负面占比、事件数、各级事件数。"""
    start, end, first, last = month_range(month)
    v = selectors.volume(workspace, first, last)  # 信息量与正/负面条数只在 selectors 里数（与总览同一口径）
    total = v["total"]
    by_sent = {Sentiment.NEG: v["negative"], Sentiment.POS: v["positive"],
               Sentiment.NEU: total - v["negative"] - v["positive"]}
    events = Event.objects.filter(workspace=workspace, opened_at__gte=start, opened_at__lt=end)
    grades = dict(events.values_list("grade").annotate(n=Count("id")).order_by())
    return {"mentions": total, "neg": by_sent.get(Sentiment.NEG, 0), "neu": by_sent.get(Sentiment.NEU, 0),
            "pos": by_sent.get(Sentiment.POS, 0), "negative_share": round(100 * by_sent.get(Sentiment.NEG, 0) / total, 1)
            if total else 0.0, "events": events.count(), "grades": {g: grades.get(g, 0) for g in RiskGrade.values}}


def _monthly(doc) -> tuple[Doc, dict]:
    ws = doc.workspace
    month = doc.params["month"]
    start, end, first, last = month_range(month)
    numbers = month_figures(ws, month)
    report = Doc(title=doc.title, meta=_meta(doc, 统计周期=f"{_d(first)}至{_d(last)}"))
    report.heading("一、总体情况")
    report.paragraph(
        f"{_d(first)}至{_d(last)}，共监测到相关信息 {numbers['mentions']} 条，其中负面 {numbers['neg']} 条，"
        f"负面占比 {numbers['negative_share']}%；新建舆情事件 {numbers['events']} 起（重大 "
        f"{numbers['grades'][RiskGrade.MAJOR]} 起、较大 {numbers['grades'][RiskGrade.LARGER]} 起、一般 "
        f"{numbers['grades'][RiskGrade.GENERAL]} 起）。")
    report.key_figures([KeyFigure("信息总量", numbers["mentions"], "条"), KeyFigure("负面信息", numbers["neg"], "条"),
                        KeyFigure("负面占比", f"{numbers['negative_share']}%"), KeyFigure("舆情事件", numbers["events"], "起")])
    qs = Mention.objects.filter(workspace=ws, published_at__gte=start, published_at__lt=end)
    cats, daily = [], {s: Counter() for s in Sentiment.values}
    for day, total, negative, positive in selectors.daily_counts(ws, first, last):  # 与总览的趋势同一个函数
        cats.append(day)
        daily[Sentiment.NEG][day], daily[Sentiment.POS][day] = negative, positive
        daily[Sentiment.NEU][day] = total - negative - positive
    if numbers["mentions"]:
        report.heading("二、信息走势与情感分布")
        report.chart("line", "每日信息量", [f"{d.month}月{d.day}日" for d in cats],
                     {Sentiment(s).label: [daily[s].get(d, 0) for d in cats] for s in Sentiment.values})
        report.chart("pie", "情感分布", [Sentiment(s).label for s in Sentiment.values],
                     {"条数": [numbers[s] for s in Sentiment.values]})
    topics = (TopicMatch.objects.filter(topic__workspace=ws, published_at__gte=start, published_at__lt=end)
              .values("topic__name").annotate(n=Count("id"), neg=Count("id", filter=Q(sentiment=Sentiment.NEG)))
              .order_by("-n")[:15])
    rows = [[t["topic__name"], t["n"], t["neg"], (t["neg"] / t["n"]) if t["n"] else 0.0] for t in topics]
    numbers["topics"] = {r[0]: r[1] for r in rows}
    if rows:
        report.heading("三、各专题情况")
        report.table(["专题", Column("信息量", "int"), Column("负面", "int"), Column("负面占比", "percent")], rows,
                     title="各专题信息量")
        report.chart("bar", "各专题信息量", [r[0] for r in rows], {"信息量": [r[1] for r in rows]})
    events = list(Event.objects.filter(workspace=ws, opened_at__gte=start, opened_at__lt=end)
                  .select_related("owner", "group").order_by("-grade", "-opened_at")[:10])
    events.sort(key=lambda e: ({"major": 0, "larger": 1}.get(e.grade, 2), e.opened_at))
    if events:
        report.heading("四、重点舆情事件")
        report.table([Column("开始时间", "datetime"), Column("事件", width=40), "级别", "状态", "负责人",
                      Column("信息量", "int")],
                     [[timezone.localtime(e.opened_at).replace(tzinfo=None), e.title, e.get_grade_display(),
                       e.get_state_display(), str(e.owner or "—"), e.group.size if e.group else 0] for e in events],
                     title="本月舆情事件")
    top = list(qs.filter(sentiment=Sentiment.NEG).select_related("group").order_by("-group__size", "-published_at")[:10])
    if top:
        report.heading("五、主要负面信息")
        report.table([Column("发布时间", "datetime"), "来源", Column("标题", width=40)],
                     [[timezone.localtime(m.published_at).replace(tzinfo=None), m.source_name or str(m.source),
                       Link(m.headline, m.url) if m.url else m.headline] for m in top], title="负面信息（前 10 条）")
    report.heading("六、工作建议")
    report.paragraph("持续关注负面占比较高的专题，对较大及以上事件按应急预案处置，及时发布权威信息。")
    return report, numbers


def _event_facts(event) -> dict:
    group = event.group
    assessment = RiskAssessment.objects.filter(group=group).first() if group else None
    return {"mentions": group.size if group else 0, "negative": group.negative if group else 0,
            "first_source": group.first_source_name if group else "", "first_at": group.first_published_at if group else None,
            "reasons": list(assessment.reasons) if assessment else [], "grade": event.grade}


def _timeline_table(report: Doc, event) -> int:
    entries = list(event.entries.select_related("actor").order_by("at", "id"))
    if entries:
        report.table([Column("时间", "datetime"), "类型", Column("内容", width=50), "记录人"],
                     [[timezone.localtime(e.at).replace(tzinfo=None), e.get_kind_display(), e.text,
                       str(e.actor or "系统")] for e in entries], title="事件时间线")
    return len(entries)


def _special(doc) -> tuple[Doc, dict]:
    event = doc.event
    facts = _event_facts(event)
    report = Doc(title=doc.title, meta=_meta(doc, 事件级别=event.get_grade_display(), 负责人=str(event.owner or "—")))
    report.heading("一、事件概况")
    first = f"，首发于{facts['first_source']}（{_t(facts['first_at'])}）" if facts["first_source"] else ""
    report.paragraph(f"{_t(event.opened_at)}，发现“{event.title}”相关舆情{first}。截至目前共监测到相关信息 "
                     f"{facts['mentions']} 条，其中负面 {facts['negative']} 条。")
    if event.summary:
        report.paragraph(event.summary)
    report.heading("二、研判意见")
    report.paragraph(f"经研判，该事件定为{event.get_grade_display()}舆情。")
    for reason in facts["reasons"]:
        report.paragraph(f"· {reason}", indent=False)
    if event.group_id:
        series = Counter(timezone.localtime(t).replace(minute=0, second=0, microsecond=0)
                         for t in Mention.objects.filter(group=event.group).values_list("published_at", flat=True))
        if series:
            hours = sorted(series)
            report.chart("bar", "相关信息量（按小时）", [f"{h.day}日{h.hour}时" for h in hours],
                         {"信息量": [series[h] for h in hours]})
    report.heading("三、处置情况")
    entries = _timeline_table(report, event)
    status = "已结束" if event.state == EventState.CLOSED else "处置中"
    crisis = "；已启动危机开关，暂停排期发布" if event.crisis_on else ""
    report.paragraph(f"目前事件{status}{crisis}。")
    if event.plan_id:
        report.paragraph(f"适用应急预案：{event.plan.title}（第 {event.plan.version} 版）。")
    if event.review:
        report.heading("四、复盘")
        for key, label in (("cause", "起因"), ("handling", "处置经过"), ("lessons", "经验教训")):
            if event.review.get(key):
                report.paragraph(f"{label}：{event.review[key]}")
    return report, {**{k: v for k, v in facts.items() if k != "first_at"}, "entries": entries}


def _response_plan(doc) -> tuple[Doc, dict]:
    event = doc.event
    facts = _event_facts(event)
    hours = 2 if event.grade == RiskGrade.MAJOR else 4
    values = {"title": event.title, "grade": event.get_grade_display(), "owner": str(event.owner or "待定"),
              "hours": hours, "watch": 1 if event.grade == RiskGrade.MAJOR else 2}
    report = Doc(title=doc.title, meta=_meta(doc, 事件级别=event.get_grade_display()))
    statement = (event.entries.filter(kind="statement").order_by("-at").values_list("text", flat=True).first()
                 or "（待定：按快速审核流程审定先期回应口径）")
    filled = {
        "situation": f"{_t(event.opened_at)}发现“{event.title}”相关舆情，共 {facts['mentions']} 条，负面 "
                     f"{facts['negative']} 条。" + (event.summary or ""),
        "judgement": f"定为{event.get_grade_display()}舆情。" + "".join(f"{r}；" for r in facts["reasons"][1:4]),
        "statement": statement,
    }
    for key, heading, template in RESPONSE_PLAN_TEMPLATE:
        report.heading(heading)
        text = (doc.params or {}).get(key) or filled.get(key) or (template or "").format(**values)
        for para in text.splitlines():
            if para.strip():
                report.paragraph(para.strip())
    if event.plan_id:
        report.paragraph(f"本方案依据《{event.plan.title}》（第 {event.plan.version} 版）制定。")
    return report, {"mentions": facts["mentions"], "grade": event.grade, "hours": hours}


def _emergency_plan(doc) -> tuple[Doc, dict]:
    report = Doc(title=doc.title, meta=_meta(doc, 版本=f"第 {doc.version} 版"))
    numerals = "一二三四五六七八九十"
    for index, (key, heading) in enumerate(PLAN_SECTIONS):
        report.heading(f"{numerals[index]}、{heading}")
        for para in (doc.sections.get(key) or "").splitlines():
            if para.strip():
                report.paragraph(para.strip())
    linked = Event.objects.filter(plan=doc).count()
    return report, {"version": doc.version, "events": linked}




#: 新建第一版应急预案时的示范文字（由工作区按实际修改）
PLAN_DEFAULTS = {
    "purpose": "为及时、妥善处置涉及本单位的网络舆情，维护良好网络生态，依据《中华人民共和国网络安全法》等规定，"
               "结合工作实际，制定本预案。本预案适用于本单位新媒体矩阵及相关网络空间舆情的监测、研判与处置。",
    "organization": "成立网络舆情应对工作小组，组长由分管领导担任，成员包括宣传、业务、法规等部门负责人。"
                    "工作小组负责研判定级、审定口径、协调处置；运营团队负责监测值守、信息报送与对外发布。",
    "grading": "按信息量、增长速度、负面占比、是否涉及敏感类别、是否点名领导干部、是否涉及人员伤亡，"
               "将舆情分为一般、较大、重大三级（具体标准见系统“分级规则”）。",
    "monitoring": "值班人员实行 7×24 小时监测；发现较大及以上舆情，系统即时向值班人员推送预警，"
                  "值班人员须在 15 分钟内确认，逾时自动升级通知项目经理与甲方领导。",
    "response": "一般舆情由运营团队按常规口径回应；较大舆情由工作小组研判，启动危机开关暂停排期发布，"
                "2 小时内发布先期回应；重大舆情由组长直接指挥，1 小时内报告，统一口径、持续发布进展。",
    "aftermath": "事件平息后 3 个工作日内完成复盘，形成专报，总结经验教训并收入案例库；必要时修订本预案。",
}
