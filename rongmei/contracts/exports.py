"""考核快照导出为 Excel / Word（用 rongmei.engines.docgen）。数字全部取自快照的结果 JSON。"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils import timezone

from rongmei.engines.docgen import Column, Report
from rongmei.engines.numfmt import format_value

from .choices import STATUS_TEXT
from .models import Snapshot


def _n(v):
    return None if v is None else float(v)


def snapshot_report(snapshot: Snapshot) -> Report:
    r = snapshot.result
    ws = snapshot.workspace
    rep = Report(
        title=snapshot.title,
        subtitle=f"{r['contract_name']} · {r['period']['label']}（{r['period']['start']} 至 {r['period']['end']}）",
        meta={
            "甲方": ws.client_name, "乙方": ws.operator_name or "—", "截至日期": snapshot.as_of,
            "合同版本": f"第 {snapshot.version.number} 版（SHA-256 {snapshot.version.digest[:12]}）",
            "计分引擎": snapshot.engine_version, "冻结时间": timezone.localtime(snapshot.created_at).strftime("%Y-%m-%d %H:%M"),
            "事实条数": snapshot.facts_count,
        },
    )
    rep.heading("一、考核结论")
    has_score = r.get("has_score", True) and r.get("score") is not None
    final = r.get("final", True)
    verdict = "合格" if r["passed"] else "不合格"
    ratio = format_value(r["payment_ratio"], "ratio", digits=2)
    if has_score:
        label = "总分" if final else f"截至 {snapshot.as_of} 得分"
        rep.key_figures([
            (label, r["score"], "分"), ("基础得分", r["base"], "分"), ("加分", r["bonus"], "分"),
            ("考核结论", verdict), ("拨付比例", ratio),
        ])
        text = (f"基础得分 {r['base']:.2f} + 加分 {r['bonus']:.2f} = {label} {r['score']:.2f}（满分 {r['max']:g}），"
                f"合格线 {r['pass_ratio'] * 100:.0f}%，考核结论：{verdict}，拨付比例 {ratio}。")
        if not final and r.get("projected_score") is not None:
            text += f"按当前进度预计期末总分 {r['projected_score']:.2f}（预测，非考核结论）。"
        rep.paragraph(text)
        rep.heading("二、评分表")
        rep.table(
            ["考核大类", "指标", Column("实际", "float"), Column("目标", "float"), Column("得分", "float"),
             Column("预计期末得分", "float"), Column("分值", "float"), "计算说明"],
            [[i["category_name"] or "—", i["name"], _n(i["actual"]), _n(i["target"]), _n(i["score"]),
              _n(i.get("projected_score")), _n(i["max"]), i["detail"]] for i in r["indicators"]],
            title="评分表", sheet_name="评分表",
        )
        if r["bonuses"]:
            rep.table(["加分项", "说明", Column("加分", "float")],
                      [[b["name"], b["detail"], _n(b["points"])] for b in r["bonuses"]], title="加分项",
                      sheet_name="加分项")
    else:
        met = sum(1 for o in r["obligations"] if o["scored"] and o["met"])
        total = sum(1 for o in r["obligations"] if o["scored"])
        rep.key_figures([("完成情况", f"{met} / {total} 项达标"), ("考核结论", "全部达标" if r["passed"] else "尚未全部达标")])
        rep.paragraph("合同未约定评分表：不计总分，按各项义务的完成情况与合同约定的违约金条款考核（见下文）。")
    rep.heading("三、义务完成情况与进度")
    rows = []
    for o in r["obligations"]:
        p = o["pace"]
        value = (o.get("measurement") or {}).get("value", p["done"])
        rows.append([o["name"], _n(value), _n(p["expected"]), _n(o["target"]), _n(p["projected"]),
                     _n(p["needed_rate"]), p["rate_unit"], STATUS_TEXT.get(p["status"], p["status_label"]),
                     "是" if o["scored"] else "否"])
    rep.table(["义务", Column("已完成", "float"), Column("应完成", "float"), Column("目标", "float"),
               Column("预计期末", "float"), Column("此后每单位需", "float"), "单位", "状态", "计分"], rows,
              title="义务进度", sheet_name="义务进度")
    if r["payments"]:
        rep.heading("四、付款节点与违约金")
        rep.table(["付款节点", Column("比例", "percent"), Column("应付金额", "float"), Column("拨付系数", "percent"),
                   "付款期限", "状态", "说明"],
                  [[p["name"], _n(p["ratio"]), _n(p["amount_due"]), _n(p["scale"]), p["due_date"] or "—",
                    p["status_label"], p["detail"]] for p in r["payments"]], title="付款节点", sheet_name="付款节点")
    if r["penalties"]:
        rep.table(["违约金", "状态", Column("比例", "percent"), Column("金额", "float"), "说明"],
                  [[p["name"], p["status_label"], _n(p["ratio"]), _n(p["amount"]), p["detail"] or "—"]
                   for p in r["penalties"]], title="违约金", sheet_name="违约金")
    if r["checkpoints"]:
        rep.table(["节点", "截止", "交付/验收", "状态"],
                  [[c["name"], c["due"] or "—", c["delivered"] or "—", c["status_label"]] for c in r["checkpoints"]],
                  title="验收与报送节点", sheet_name="节点")
    ev_rows = []
    for o in r["obligations"]:
        for ref in o["evidence"]["refs"]:
            ev_rows.append([o["name"], ref["date"], ref.get("item") or ref["ref"], ref.get("url") or "",
                            _n(ref.get("value"))])
    if ev_rows:
        rep.heading("五、证据清单（每项义务至多列 50 条，完整清单见平台证据页）")
        rep.table(["义务", "日期", "内容", Column("链接", "url"), Column("数值", "float")], ev_rows,
                  title="证据清单", sheet_name="证据")
    if r["warnings"]:
        rep.heading("附：校验与计算警告")
        for w in r["warnings"]:
            rep.paragraph(w, indent=False)
    return rep


def snapshot_file(snapshot: Snapshot, fmt: str) -> bytes:
    """生成 .xlsx 或 .docx 的字节内容。"""
    rep = snapshot_report(snapshot)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"snapshot.{fmt}"
        if fmt == "xlsx":
            rep.save_xlsx(path)
        elif fmt == "docx":
            rep.save_docx(path)
        else:
            raise ValueError(f"不支持的导出格式：{fmt}")
        return path.read_bytes()
