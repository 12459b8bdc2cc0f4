"""典型案例征集的读操作与范围：主办方看全部，地区主管部门只看本地区，申报单位只看本单位，专家只看分给自己、
未回避的案例（匿名评审时隐去单位名字）。排名只在 category_results 里算一次，页面、接口、导出都读它。"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from rongmei.core.permissions import has_perm
from rongmei.engines.casescore import CaseInput, Config, Criterion, rank
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Membership

from .choices import CallStatus, CaseStatus, FileKind
from .models import Call, Case, CaseFile, Category, Conflict, Panel, PanelExpert, RegionReport, Score, Unit
from .permissions import CasePerm
from .text import char_count, mask, total_chars


def _membership(user, workspace) -> Membership | None:
    return Membership.objects.filter(user=user, workspace=workspace).first()


def is_organiser(user, workspace) -> bool:
    return has_perm(user, workspace, CasePerm.MANAGE)


def regional_region(user, workspace) -> str:
    m = _membership(user, workspace)
    return m.region if m is not None and m.role == Role.REGIONAL else ""


def expert_membership(workspace, user) -> Membership | None:
    return Membership.objects.filter(user=user, workspace=workspace, role=Role.EXPERT).first()


def experts_of(workspace):
    return Membership.objects.filter(workspace=workspace, role=Role.EXPERT).select_related("user").order_by(
        "user__display_name")


# ---------------------------------------------------------------- 征集与单位
def calls_visible(user, workspace):
    qs = Call.objects.filter(workspace=workspace)
    if not is_organiser(user, workspace):
        qs = qs.exclude(status=CallStatus.DRAFT)
    return qs


def call_get(user, workspace, pk: int) -> Call:
    call = calls_visible(user, workspace).filter(pk=pk).first()
    if call is None:
        raise Http404("征集不存在")
    return call


def public_call(pk: int) -> Call:
    """注册页用：只有征集中的征集对外可见。"""
    call = Call.objects.filter(pk=pk).select_related("workspace").first()
    if call is None or not call.is_open() or not call.workspace.is_active:
        raise Http404("征集不存在或已截止")
    return call


def unit_of(user, workspace) -> Unit | None:
    return Unit.objects.filter(workspace=workspace, account=user, status="confirmed").first()


def units_visible(user, workspace):
    qs = Unit.objects.filter(workspace=workspace)
    if is_organiser(user, workspace):
        return qs
    region = regional_region(user, workspace)
    return qs.filter(region=region) if region else qs.none()


def regions_visible(user, call: Call) -> list[str]:
    if is_organiser(user, call.workspace):
        return list(call.regions)
    region = regional_region(user, call.workspace)
    return [region] if region and has_perm(user, call.workspace, CasePerm.REVIEW) else []


# ---------------------------------------------------------------- 案例
def cases_visible(user, call: Call):
    qs = Case.objects.filter(call=call).select_related("unit", "category")
    ws = call.workspace
    if has_perm(user, ws, CasePerm.RESULTS):  # 主办方与局领导：全部地区，但草稿是申报单位自己的，提交前不给看
        return qs.exclude(status=CaseStatus.DRAFT)
    region = regional_region(user, ws)
    if region:
        return qs.filter(unit__region=region).exclude(status=CaseStatus.DRAFT)
    unit = unit_of(user, ws) if has_perm(user, ws, CasePerm.APPLY) else None
    if unit is not None:
        return qs.filter(unit=unit)
    return qs.none()


def case_get(user, workspace, pk: int) -> Case:
    case = Case.objects.filter(pk=pk, call__workspace=workspace).select_related("call", "unit", "category").first()
    if case is None or not cases_visible(user, case.call).filter(pk=pk).exists():
        raise Http404("申报不存在")
    return case


def my_cases(user, workspace):
    unit = unit_of(user, workspace)
    if unit is None:
        return Case.objects.none()
    return Case.objects.filter(unit=unit).select_related("call", "category").order_by("-pk")


def live_files(case: Case):
    return case.files.filter(removed_at__isnull=True)


def file_get(user, workspace, pk: int) -> CaseFile:
    item = CaseFile.objects.filter(pk=pk, case__call__workspace=workspace).select_related("case").first()
    if item is None or not cases_visible(user, item.case.call).filter(pk=item.case_id).exists():
        raise Http404("文件不存在")
    return item


def element_counts(case: Case) -> list[tuple[int, str, str, int]]:
    return [(n, name, text, char_count(text)) for n, name, text in case.element_rows()]


def case_chars(case: Case) -> int:
    return total_chars(case.elements)


# ---------------------------------------------------------------- 地区
@dataclass
class RegionRow:
    region: str
    counts: dict
    total: int
    report: RegionReport | None


def region_status(call: Call, regions: list[str]) -> list[RegionRow]:
    """每个地区：各状态的案例数、是否已排序、是否已上传盖章扫描件（主办方看全部地区）。"""
    counts: dict[str, dict] = {r: {} for r in regions}
    for row in (Case.objects.filter(call=call, unit__region__in=regions).values("unit__region", "status")
                .annotate(n=Count("pk"))):
        counts[row["unit__region"]][row["status"]] = row["n"]
    reports = {r.region: r for r in RegionReport.objects.filter(call=call, region__in=regions)}
    return [RegionRow(r, counts[r], sum(counts[r].values()), reports.get(r)) for r in regions]


def region_cases(call: Call, region: str):
    return (Case.objects.filter(call=call, unit__region=region).exclude(status=CaseStatus.DRAFT)
            .select_related("unit", "category"))


def region_ranked(call: Call, region: str) -> list[Case]:
    return list(region_cases(call, region).filter(status=CaseStatus.PASSED).order_by("regional_rank", "pk"))


def region_report(call: Call, region: str) -> RegionReport | None:
    return RegionReport.objects.filter(call=call, region=region).first()


# ---------------------------------------------------------------- 评审
def panels_of(call: Call):
    return Panel.objects.filter(call=call).select_related("category").prefetch_related("experts__user")


def panel_get(call: Call, pk: int) -> Panel:
    panel = Panel.objects.filter(call=call, pk=pk).select_related("category", "call").first()
    if panel is None:
        raise Http404("评审组不存在")
    return panel


def panel_cases(panel: Panel):
    return (Case.objects.filter(call=panel.call, category=panel.category, status=CaseStatus.PASSED)
            .select_related("unit", "category").order_by("pk"))


def expert_panels(user, workspace):
    return (PanelExpert.objects.filter(user=user, panel__call__workspace=workspace,
                                       panel__call__status__in=[CallStatus.REVIEWING, CallStatus.FINISHED])
            .select_related("panel__category", "panel__call"))


def expert_panel(user, workspace, pk: int) -> PanelExpert:
    pe = expert_panels(user, workspace).filter(panel__pk=pk).first()
    if pe is None:
        raise Http404("您不在该评审组")
    return pe


def expert_cases(pe: PanelExpert) -> list[Case]:
    """专家能看、能评的案例：本组已通过初审、未回避；未声明利益冲突前一件也看不到。"""
    if pe.declared_at is None:
        return []
    excluded = set(pe.conflicts.values_list("case_id", flat=True))
    # 声明之后才通过初审的案例也要回避：同单位、同地区，以及本人声明过有关联的单位的其他案例
    declared_units = set(pe.conflicts.filter(automatic=False).values_list("case__unit_id", flat=True))
    return [c for c in panel_cases(pe.panel) if c.pk not in excluded and c.unit_id not in declared_units
            and not (pe.unit and c.unit.name == pe.unit) and not (pe.region and c.unit.region == pe.region)]


def expert_case(pe: PanelExpert, pk: int) -> Case:
    for case in expert_cases(pe):
        if case.pk == pk:
            return case
    raise Http404("该案例不在您的评审范围内")


def own_scores(pe: PanelExpert) -> dict[int, Score]:
    return {s.case_id: s for s in pe.scores.all()}


def panel_progress(panel: Panel) -> dict:
    experts = list(panel.experts.all())
    cases = list(panel_cases(panel))
    conflicts = set(Conflict.objects.filter(expert__panel=panel).values_list("expert_id", "case_id"))
    due = sum(1 for e in experts for c in cases if (e.pk, c.pk) not in conflicts)
    done = Score.objects.filter(expert__panel=panel).count()
    declared = sum(1 for e in experts if e.declared_at)
    return {"experts": len(experts), "declared": declared, "cases": len(cases), "due": due, "done": done}


@dataclass
class BlindCase:
    title: str
    unit: str
    region: str
    elements: list[tuple[int, str, str]]
    data: list[tuple[str, str, str]]
    files: list[tuple[CaseFile, str]]
    masked: int
    warnings: list[str]


def case_for_expert(case: Case, blind: bool) -> BlindCase:
    """专家看到的案例。匿名时隐去单位全称、简称、地区（文字与附件文件名），并提示附件内容无法隐去。"""
    names = case.unit.known_names if blind else []
    title, n = mask(case.title, names)
    elements, data, files = [], [], []
    for number, name, text in case.element_rows():
        masked, k = mask(text, names)
        n += k
        elements.append((number, name, masked))
    for f in case.call.data_fields:
        value, k = mask(str(case.data.get(f["key"], "")), names)
        n += k
        data.append((f["label"], value, f.get("unit", "")))
    warnings = []
    for item in live_files(case):
        shown, k = mask(item.name, names)
        n += k
        files.append((item, shown))
    if blind and any(f.kind != FileKind.LINK for f, _ in files):
        warnings.append("附件（PDF、Word、图片）里面的单位名称、台标与公章无法自动隐去，打开附件时请注意回避，"
                        "评分只看材料本身")
    if blind and any(f.kind == FileKind.LINK for f, _ in files):
        warnings.append("网盘链接指向的内容无法隐去单位信息")
    return BlindCase(title, "（匿名）" if blind else case.unit.name, "（匿名）" if blind else case.unit.region,
                     elements, data, files, n, warnings)


# ---------------------------------------------------------------- 计分与结果（一个数字只在这里算）
def engine_criteria(rows) -> list[Criterion]:
    return [Criterion(str(i), name, weight, top) for i, (name, weight, top) in enumerate(rows)]


def score_config(call: Call) -> Config:
    return Config([Criterion(str(c.pk), c.name, c.weight, c.max_score) for c in call.criteria.all()],
                  method=call.method, trim=call.trim, outlier_points=call.outlier_points,
                  expert_weight=call.expert_weight, vote_weight=call.vote_weight, data_weight=call.data_weight)


@dataclass
class ResultRow:
    case: Case
    rank: int
    final: float | None
    expert_score: float | None
    experts: list[tuple[str, float, bool]]  # (专家, 总分, 离群)
    notes: list[str]
    trimmed: bool


def category_results(category: Category) -> list[ResultRow]:
    call = category.call
    config = score_config(call)
    cases = {c.pk: c for c in Case.objects.filter(call=call, category=category, status=CaseStatus.PASSED)
             .select_related("unit")}
    sheets: dict[int, dict[str, dict]] = {pk: {} for pk in cases}
    names = {}
    for s in Score.objects.filter(case__in=cases.keys()).select_related("expert__user"):
        sheets[s.case_id][str(s.expert_id)] = s.values
        names[str(s.expert_id)] = str(s.expert.user.display_name or s.expert.user.username)
    inputs = [CaseInput(str(pk), sheets[pk], vote=c.vote_score, data=c.data_score,
                        order=int(c.first_submitted_at.timestamp() * 1000) if c.first_submitted_at else 0)
              for pk, c in cases.items()]
    out = []
    for r in rank(config, inputs):
        out.append(ResultRow(cases[int(r.key)], r.rank, r.rounded(r.final), r.rounded(r.expert_score),
                             [(names[e], round(float(t), 2), e in r.outliers) for e, t in sorted(r.expert_totals.items())],
                             r.notes, r.trimmed))
    return out


def call_results(call: Call) -> list[tuple[Category, Panel | None, list[ResultRow]]]:
    return [(cat, Panel.objects.filter(category=cat).first(), category_results(cat))
            for cat in call.categories.all()]


def decided(call: Call, *decisions: str):
    return (Case.objects.filter(call=call, decision__in=decisions).select_related("unit", "category")
            .order_by("category__order", "pk"))


def pending_units_count(user, workspace) -> int:
    return units_visible(user, workspace).filter(status="pending").count()


def call_counts(call: Call) -> dict:
    return dict(Case.objects.filter(call=call).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=~Q(status=CaseStatus.DRAFT)),
        passed=Count("pk", filter=Q(status=CaseStatus.PASSED))))
