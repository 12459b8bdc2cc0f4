"""传播分析报告（Word）：全部数字取自 selectors（与传播页、接口、合同事实同一组行）。"""

from __future__ import annotations

from django.utils import timezone

from rongmei.engines.docgen import Column, KeyFigure, Link
from rongmei.engines.docgen import Report as Doc
from rongmei.engines.numfmt import format_value

from . import selectors
from .choices import FINDING_SECTIONS, ReachBasis

METHOD = ("全网传播量 = 本方账号发布的阅读与播放（作品累计数据）+ 其他账号转载/转发、引用、媒体采用与网络提及登记的阅读/播放。"
          "同一条外部传播按链接（去掉协议、www、跟踪参数）只计一次，被表格导入和舆情监测各找到一次也只计一次；"
          "没有链接的按“账号/媒体 + 标题 + 日期”去重。本方发布按作品发布时间归入时间线。")


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def build(flagship, *, findings: dict, title: str) -> tuple[Doc, dict]:
    rows = selectors.reach_rows(flagship.workspace, [flagship])
    summary = selectors.reach_summary(rows)
    line = selectors.timeline(rows)
    outlets = selectors.top_outlets(rows)
    comments = selectors.comments_summary(flagship)
    item = flagship.item
    doc = Doc(title=title, meta={"重点内容": item.title, "单位": flagship.workspace.client_name or flagship.workspace.name,
                                 "统计截至": timezone.localtime().strftime("%Y-%m-%d %H:%M")})
    doc.heading("传播概况")
    doc.key_figures([KeyFigure("全网传播量", format_value(summary["total"], "pv")),
                     *(KeyFigure(p["label"], format_value(p["reach"], "pv"), change=f"{p['count']} 条")
                       for p in summary["components"])])
    for para in (findings.get("summary") or "").splitlines():
        if para.strip():
            doc.paragraph(para.strip())
    doc.table(["组成部分", Column("条数", "int"), Column("传播量（pv）", "int"), "依据"],
              [[p["label"], p["count"], p["reach"],
                "本方作品累计数据" if p["code"] == "own" else "登记的阅读/播放（见证据清单）"]
               for p in summary["components"]],
              title="传播组成（总量为各部分之和）", sheet_name="传播组成", note=f"口径：{METHOD}")
    doc.heading("传播时间线")
    if line["days"]:
        doc.chart("bar", "按日传播量", [d.strftime("%m-%d") for d, _v in line["days"]],
                  {"传播量": [v for _d, v in line["days"]]})
        doc.chart("bar", "按发布时段传播量", [f"{h}时" for h, _v in line["hours"]],
                  {"传播量": [v for _h, v in line["hours"]]})
    else:
        doc.paragraph("还没有带发布时间的传播记录。")
    doc.heading("渠道与账号")
    own = [r for r in rows if r.component == "own"]
    if own:
        doc.table(["本方账号", Column("标题", width=36), "发布时间", Column("阅读+播放", "int")],
                  [[r.outlet, r.title, _when(r.published_at), r.reach] for r in sorted(own, key=lambda r: -r.reach)],
                  title="本方各账号发布（按传播量排序）", sheet_name="本方发布")
    if outlets:
        doc.table(["账号/媒体", "类型", Column("条数", "int"), Column("传播量（pv）", "int")],
                  [[o["outlet"], o["label"], o["count"], o["reach"]] for o in outlets],
                  title="转载、采用最多的账号与媒体", sheet_name="外部账号与媒体")
    for para in (findings.get("channels") or "").splitlines():
        if para.strip():
            doc.paragraph(para.strip())
    doc.heading("受众反馈")
    if comments["total"]:
        doc.paragraph(f"本方发布下共收到留言 {comments['total']} 条：正面 {comments['pos']} 条、中性 {comments['neu']} 条、"
                      f"负面 {comments['neg']} 条（情感由互动收件箱入库时判定）。")
        for label, key in (("负面留言举例", "negative_examples"), ("正面留言举例", "positive_examples")):
            if comments[key]:
                doc.paragraph(f"{label}：" + "；".join(t[:80] for t in comments[key]))
    else:
        doc.paragraph("本方发布下还没有留言。")
    for para in (findings.get("audience") or "").splitlines():
        if para.strip():
            doc.paragraph(para.strip())
    if (findings.get("suggestions") or "").strip():
        doc.heading("经验与改进建议")
        for para in findings["suggestions"].splitlines():
            if para.strip():
                doc.paragraph(para.strip())
    doc.heading("证据清单")
    basis = dict(ReachBasis.choices)
    doc.table(["类型", "账号/媒体", Column("标题", width=30), "发布时间", Column("传播量", "int"), "依据", "发现途径",
               Column("链接", "url")],
              [[r.label, r.outlet, r.title, _when(r.published_at), r.reach,
                "作品累计数据" if r.component == "own" else basis.get(r.basis, r.basis),
                "数据导入/接口" if r.component == "own" else "、".join(selectors.found_by_labels(r.found_by)),
                Link("打开", r.url) if r.url.startswith(("http://", "https://")) else ""] for r in rows],
              title=f"证据清单（共 {len(rows)} 条）", sheet_name="证据清单")
    numbers = {"total": summary["total"], "rows": len(rows),
               "components": {p["code"]: p["reach"] for p in summary["components"]},
               "comments": comments["total"]}
    return doc, numbers


__all__ = ["METHOD", "build", "FINDING_SECTIONS"]
