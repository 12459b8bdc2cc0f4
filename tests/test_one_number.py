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
from rongmei.engines.numfmt import format_value
from rongmei.engines.kpi.cli import main as cli_main
from rongmei.engines.kpi.measure import ADDITIVE

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
