"""One number everywhere (issue 10): the same figure on every surface that shows it.

For the three demo workspaces, every obligation and every month of the contract up to the demo date, the
figure is read from each registered *surface* and compared with the engine's measurement
(``ObligationResult.measurement.value``). The evidence rows must add up to it.

Two checks per month: the whole period evaluated as of the month's end (a score asked mid-period) and
the month on its own.

Adding a surface (metrics dashboard, reports …): write a function ``(probe: Probe) -> dict[str, float | None]``
that returns {obligation id: the figure that surface shows} for ``probe.workspace``, ``probe.period`` and
``probe.as_of``, and register it with ``@surface("名称")``. Obligations a surface does not show are simply
left out of its dict. Surfaces that are expensive per call can declare ``every=`` to run on a sample of months.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from openpyxl import load_workbook

from rongmei.contracts import exports, selectors, services
from rongmei.core.demo import load_demo
from rongmei.engines.kpi.cli import main as cli_main
from rongmei.engines.kpi.measure import ADDITIVE
from rongmei.engines.numfmt import format_value

pytestmark = pytest.mark.django_db

DEMO_WORKSPACES = ("anyuan-jobs", "bj-planning", "nmg-dpf")
#: figures are rounded to 6 decimals in results; a difference below this is the same number
SAME = 1e-6


@dataclass
class Probe:
    """What a surface function gets: where to look, and the tools to look with."""

    workspace: object
    period: str
    as_of: dt.date
    client: object  # logged-in Django test client (项目经理 of the workspace)
    manager: object
    tmp_path: object
    capsys: object
    state: selectors.ContractState
    cache: dict = field(default_factory=dict)

    @property
    def query(self) -> str:
        return f"?period={self.period}&as_of={self.as_of}"

    def page(self, name: str, **kwargs) -> str:
        url = reverse(name, kwargs={"ws": self.workspace.slug, **kwargs}) + self.query
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content.decode()


@dataclass(frozen=True)
class Surface:
    name: str
    read: Callable[[Probe], dict[str, float | None]]
    every: int = 1  # run for every n-th month only (expensive surfaces)


SURFACES: list[Surface] = []


def surface(name: str, *, every: int = 1):
    def deco(fn):
        SURFACES.append(Surface(name, fn, every))
        return fn

    return deco


def _number(text: str) -> float | None:
    return None if text in ("", "None") else float(text)


# ---------------------------------------------------------------- the surfaces
@surface("进度表（合同履约页）")
def progress_table(probe: Probe) -> dict[str, float | None]:
    body = probe.cache.setdefault("overview", probe.page("contracts:overview"))
    return {ob: _number(v) for ob, v in re.findall(r'data-testid="done-([\w-]+)" data-value="([^"]*)"', body)}


@surface("评分表（合同履约页）")
def scoring_table(probe: Probe) -> dict[str, float | None]:
    body = probe.cache.setdefault("overview", probe.page("contracts:overview"))
    return {ob: _number(v) for ob, v in re.findall(r'data-testid="actual-([\w-]+)" data-value="([^"]*)"', body)}


@surface("证据页", every=3)
def evidence_pages(probe: Probe) -> dict[str, float | None]:
    out = {}
    for ob in probe.state.evaluation.obligations:
        body = probe.page("contracts:evidence", ob=ob.id)
        out[ob.id] = _number(re.search(r'data-testid="evidence-done" data-value="([^"]*)"', body).group(1))
    return out


def _api(probe: Probe) -> dict:
    if "api" not in probe.cache:
        response = probe.client.get(f"/api/contracts/{probe.workspace.slug}/evaluate{probe.query}")
        assert response.status_code == 200
        probe.cache["api"] = response.json()
    return probe.cache["api"]


@surface("API obligations[].measurement.value")
def api_measurement(probe: Probe) -> dict[str, float | None]:
    return {o["id"]: o["measurement"]["value"] for o in _api(probe)["obligations"]}


@surface("API obligations[].pace.done")
def api_pace(probe: Probe) -> dict[str, float | None]:
    return {o["id"]: o["pace"]["done"] for o in _api(probe)["obligations"]}


@surface("API indicators[].actual")
def api_indicators(probe: Probe) -> dict[str, float | None]:
    return {i["obligation"]: i["actual"] for i in _api(probe)["indicators"]}


@surface("命令行 rongmei contract evaluate --json", every=2)
def cli_json(probe: Probe) -> dict[str, float | None]:
    contract_file = probe.tmp_path / f"{probe.workspace.slug}.yaml"
    facts_file = probe.tmp_path / f"{probe.workspace.slug}.jsonl"
    if not facts_file.exists():
        contract_file.write_text(probe.state.version.yaml_text, encoding="utf-8")
        with facts_file.open("w", encoding="utf-8") as out:
            for fact in probe.state.loaded.facts:
                out.write(json.dumps(fact.to_dict(), ensure_ascii=False, default=str) + "\n")
    probe.capsys.readouterr()
    code = cli_main(["evaluate", str(contract_file), "--facts", str(facts_file), "--as-of", str(probe.as_of),
                     "--period", probe.period, "--json"])
    assert code == 0
    data = json.loads(probe.capsys.readouterr().out)
    return {o["id"]: o["measurement"]["value"] for o in data["obligations"]} | {
        f"indicator:{i['obligation']}": i["actual"] for i in data["indicators"]}


@surface("考核快照导出（Excel 义务进度表）", every=6)
def snapshot_export(probe: Probe) -> dict[str, float | None]:
    snap = services.snapshot_create(actor=probe.manager, workspace=probe.workspace, as_of=probe.as_of,
                                    period=probe.period, kind="assessment", title="")
    sheet = load_workbook(io.BytesIO(exports.snapshot_file(snap, "xlsx")))["义务进度"]
    names = {o.name: o.id for o in probe.state.evaluation.obligations}
    out = {}
    for row in sheet.iter_rows(values_only=True):
        if row and row[0] in names:
            out[names[row[0]]] = None if row[1] in (None, "—") else float(row[1])
    return out


# ---------------------------------------------------------------- metrics dashboard, its Excel export, the Word report
#: dashboard figure → (obligation measure, field) it shows; live sessions are counted/summed per workspace or account
_LIVE_FIELDS = {("count", None): "n", ("sum", "hours"): "hours", ("sum", "minutes"): "minutes",
                ("sum", "viewers"): "viewers"}


def _calendar_month(probe: Probe) -> tuple[dt.date, dt.date] | None:
    """The probe's period as dates when it is one calendar month (the dashboard and the monthly report measure
    calendar ranges); None for the whole contract period."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", probe.period)
    if not match:
        return None
    start = dt.date(int(match.group(1)), int(match.group(2)), 1)
    return start, min(start + relativedelta(months=1) - dt.timedelta(days=1), probe.as_of)


def _same_thing(probe: Probe):
    """Obligations whose measurement is a dashboard figure: (obligation, account or None, dashboard key).

    Live sessions: an obligation over the whole period on live_session facts without a where-clause, on every
    platform the workspace's sessions are on. Metrics: a sum of one metric on one platform where the workspace
    has exactly one account.
    """
    from rongmei.metrics.models import LiveSession
    from rongmei.workspaces.models import OfficialAccount

    accounts = list(OfficialAccount.objects.filter(workspace=probe.workspace).select_related("platform"))
    live_platforms = set(LiveSession.objects.filter(workspace=probe.workspace)
                         .values_list("account__platform__code", flat=True))
    for ob in probe.state.evaluation.obligations:
        spec = next(o for o in probe.state.contract.obligations if o.id == ob.id)
        sel = spec.select
        # per month/week/day obligations credit each unit up to its target (dy_live_hours: 24 h a month): the
        # measurement is then the credited figure, not what the dashboard counts
        if sel.where or spec.per != "period" or spec.max_per_unit is not None:
            continue
        if sel.type == "live_session" and (spec.measure, spec.field) in _LIVE_FIELDS and (
                not sel.platforms or live_platforms <= set(sel.platforms)):
            yield ob, None, ("live", _LIVE_FIELDS[(spec.measure, spec.field)])
        elif (sel.type == "metric" and spec.measure == "sum" and sel.names and len(sel.names) == 1
              and sel.names[0][1] > 0 and sel.platforms and len(sel.platforms) == 1):
            on_platform = [a for a in accounts if a.platform.code == sel.platforms[0]]
            if len(on_platform) == 1:
                yield ob, on_platform[0], ("metric", sel.names[0][0])


@surface("数据看板（接口与网页）")
def metrics_dashboard(probe: Probe) -> dict[str, float | None]:
    month = _calendar_month(probe)
    if month is None:
        return {}
    start, end = month
    out = {}
    for ob, account, (kind, key) in _same_thing(probe):
        query = f"?start={start}&end={end}" + (f"&account={account.pk}" if account else "")
        if kind == "metric":
            data = probe.client.get(f"/api/metrics/{probe.workspace.slug}/dashboard{query}").json()
            figure = next((f for f in data["figures"] if f["name"] == key), None)
            if figure is not None:
                out[ob.id] = figure["value"]
        else:
            name = "metrics:account" if account else "metrics:dashboard"
            kwargs = {"pk": account.pk} if account else {}
            html = probe.client.get(reverse(name, kwargs={"ws": probe.workspace.slug, **kwargs})
                                    + query).content.decode()
            if key == "minutes":
                key, scale = "hours", 60
            else:
                scale = 1
            value = re.search(rf'data-live="{key}" data-value="([^"]*)"', html)
            if value is not None:
                out[ob.id] = float(value.group(1)) * scale
    return out


@surface("数据看板导出（Excel 趋势表）", every=3)
def metrics_excel(probe: Probe) -> dict[str, float | None]:
    from rongmei.metrics.choices import metric_label

    month = _calendar_month(probe)
    if month is None:
        return {}
    start, end = month
    out = {}
    for ob, account, (kind, key) in _same_thing(probe):
        if kind != "metric":
            continue
        url = reverse("metrics:account", kwargs={"ws": probe.workspace.slug, "pk": account.pk})
        response = probe.client.get(f"{url}?start={start}&end={end}&export=trend")
        rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[1].iter_rows(values_only=True)]
        at = next((i for i, r in enumerate(rows) if r and r[0] == "日期"), None)
        if at is None or metric_label(key) not in rows[at]:
            continue
        column = rows[at].index(metric_label(key))
        out[ob.id] = sum(r[column] or 0 for r in rows[at + 1:])
    return out


@surface("月度数据报告（Word）", every=3)
def monthly_report_docx(probe: Probe) -> dict[str, float | None]:
    import docx

    from rongmei.engines.kpi.vocab import platform_label
    from rongmei.metrics.choices import metric_label
    from rongmei.reports import builders
    from rongmei.reports.models import Report

    month = _calendar_month(probe)
    if month is None:
        return {}
    report = Report(workspace=probe.workspace, kind="monthly_data", title="一致性检查", period_start=month[0],
                    period_end=month[1])
    doc, _numbers = builders.build(report)
    document = docx.Document(str(doc.save_docx(probe.tmp_path / f"{probe.workspace.slug}-{probe.period}.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    live = re.search(r"本期直播 ([\d,.]+)场，总时长 ([\d,.]+)小时（([\d,.]+)分钟），累计观看 ([\d,.万]+)人次", text)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    platforms = next((t for t in tables if t[0][0] == "平台"), [])
    out = {}
    for ob, account, (kind, key) in _same_thing(probe):
        if kind == "live":
            values = {"n": 1, "minutes": 3, "viewers": 4}  # 小时在文档里保留两位小数，按分钟比较
            text = live.group(values[key]) if live and key in values else None
            if key in values and (text is None or "万" not in text):  # 10 万以上写作“万”，不是精确值
                out[ob.id] = float(text.replace(",", "")) if text else 0.0
        elif platforms and metric_label(key) in platforms[0]:
            row = next((r for r in platforms if r[0] == platform_label(account.platform.code)), None)
            if row is not None:
                out[ob.id] = float(row[platforms[0].index(metric_label(key))].replace(",", "") or 0)
    return out


@surface("月度工作总结（Excel“计划与完成”表）", every=3)
def monthly_summary_plan_table(probe: Probe) -> dict[str, float | None]:
    from rongmei.reports import builders
    from rongmei.reports.models import Report

    month = _calendar_month(probe)
    if month is None:
        return {}
    report = Report(workspace=probe.workspace, kind="monthly_summary", title="一致性检查", period_start=month[0],
                    period_end=month[1])
    doc, _numbers = builders.build(report)
    path = doc.save_xlsx(probe.tmp_path / f"{probe.workspace.slug}-{probe.period}-summary.xlsx")
    rows = list(load_workbook(path)["计划与完成"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "考核事项")
    names = {o.name: o.id for o in probe.state.evaluation.obligations}
    return {names[r[0]]: r[2] for r in rows[at + 1:] if r and r[0] in names}


# ---------------------------------------------------------------- the evidence adds up
def evidence_sum_problems(probe: Probe) -> list[str]:
    problems = []
    for ob in probe.state.evaluation.obligations:
        value = ob.measurement.value
        if ob.measure not in ADDITIVE:
            continue
        if ob.units:
            total = sum(u.credited for u in ob.units)
            what = "各单位“计入”之和"
        else:
            items = selectors.evidence_facts(probe.state, ob.id)
            total = selectors.evidence_totals(probe.state, ob.id, items).rows_total
            what = f"{len(items)} 条证据之和"
        if abs(total - value) > SAME:
            problems.append(f"{ob.name}（{ob.id}）：{what} {total} ≠ {value}")
    return problems


# ---------------------------------------------------------------- the test
def _months(start: dt.date, end: dt.date):
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        last = month + relativedelta(months=1) - dt.timedelta(days=1)
        yield f"{month.year}-{month.month:02d}", min(last, end)
        month += relativedelta(months=1)


@pytest.fixture
def demo(platforms):
    # The whole demo a user gets from `rongmei demo` (every app's demo module), not whichever demo modules
    # earlier test files in this process happened to import: the figures depend on all of them.
    autodiscover_modules("demo")
    return load_demo()


def test_one_number_everywhere(demo, client, tmp_path, capsys):
    problems: list[str] = []
    checked = 0
    for slug in DEMO_WORKSPACES:
        workspace = demo["workspaces"][slug]
        manager = demo["users"][f"{ {'anyuan-jobs': 'ay', 'bj-planning': 'bj', 'nmg-dpf': 'nm'}[slug]}-manager"]
        client.force_login(manager)
        default = selectors.evaluation_for(workspace)
        contract = default.contract
        for index, (month, month_end) in enumerate(_months(contract.start, default.as_of)):
            for period in ("annual", month):
                state = selectors.evaluation_for(workspace, as_of=month_end, period=period)
                probe = Probe(workspace, period, month_end, client, manager, tmp_path, capsys, state)
                expected = {o.id: o.measurement.value for o in state.evaluation.obligations}
                where = f"{slug} {period} 截至 {month_end}"
                for surf in SURFACES:
                    if index % surf.every:
                        continue
                    for key, shown in surf.read(probe).items():
                        ob_id = key.removeprefix("indicator:")
                        want = expected[ob_id]
                        checked += 1
                        if (shown is None) != (want is None) or (want is not None and abs(shown - want) > SAME):
                            problems.append(f"{where}｜{surf.name}｜{ob_id}：显示 {shown}，计量为 {want}")
                problems += [f"{where}｜证据｜{p}" for p in evidence_sum_problems(probe)]
    assert checked > 3000, checked
    assert not problems, f"{len(problems)} 处不一致：\n" + "\n".join(problems[:40])

    # the symptoms reported in issue 10, on the same demo data
    anyuan = selectors.evaluation_for(demo["workspaces"]["anyuan-jobs"], as_of=dt.date(2025, 9, 30)).evaluation
    hours = next(i for i in anyuan.indicators if i.obligation == "dy_live_hours")
    hours_ob = next(o for o in anyuan.obligations if o.id == "dy_live_hours")
    assert hours.actual == hours_ob.pace.done == 216 and not hours.final  # not 418.98 (uncapped hours)
    assert hours.score == 15 and "缺 0小时" in hours.detail and "合计缺 0小时" in hours_ob.detail  # not "缺 72"
    assert not anyuan.final and anyuan.projected_score is not None
    beijing = selectors.evaluation_for(demo["workspaces"]["bj-planning"]).evaluation
    assert not beijing.has_score and beijing.score is None and beijing.indicators == []  # no invented score
    growth = {o.id: o.measurement for o in beijing.obligations}
    assert growth["users_growth"].unit == "ratio" and 0 < growth["users_growth"].value < 1  # a ratio, not 6.13
    assert growth["reads_growth"].value is None  # no base-period data: unknown, not 0
    client.force_login(demo["users"]["bj-manager"])
    body = client.get(reverse("contracts:overview", kwargs={"ws": "bj-planning"})).content.decode()
    assert 'data-testid="scoring-table"' not in body and "合同未约定评分表" in body
    shown = format_value(growth["users_growth"].value, "ratio")
    assert shown == "84.1%" and shown in body and "违约金" in body
