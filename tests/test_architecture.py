"""应用骨架、命名与依赖方向的检查（规则见 docs/architecture.md “新应用的规则”）。

分层本身由 import-linter 在 ``make lint`` 里检查（pyproject.toml）；这里检查 import-linter 管不到的：
每个应用有约定的骨架、模块名不出现同一类东西的第二个名字、应用之间与 services/tasks 之间没有环。
"""

from __future__ import annotations

import re
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent / "rongmei"

FOUNDATION_APPS = ["core", "audit", "accounts", "workcal", "workspaces"]
BUSINESS_APPS = ["contracts", "proofread", "assets", "production", "publishing", "metrics", "reports", "interaction", "opinion",
                 "inspection", "archives", "spread", "grassroots"]
PLANNED_SIDE_APPS = ["team", "cases"]  # 旁支应用（已建的和规划中的）：只建在基础层上，业务应用不得依赖
SIDE_APPS = ["team", "cases"]  # 已建成的旁支应用：骨架与业务应用相同

# 业务应用必须有的骨架（模块或包）；tasks 只在有后台任务时才有，所以是可选的
BUSINESS_REQUIRED = ["apps", "models", "choices", "services", "selectors", "views", "urls", "api", "permissions",
                     "demo", "migrations", "templates", "tests"]
# 基础层应用只要求模型、服务与测试；页面、API、权限等按需要才有
FOUNDATION_REQUIRED = ["apps", "models", "services", "migrations", "tests"]

# 同一类东西只有一个名字：views 多了就建 views/ 包（views/admin.py、views/planning.py），
# 导出一律 exports，演示数据一律 demo（数据多了建 demo/ 包）。下面这些词出现在别的模块名里就算违规。
CANONICAL = ["views", "urls", "api", "exports", "demo", "services", "selectors", "tasks", "permissions", "choices",
             "models", "forms", "widgets"]
_VARIANT = re.compile(r"(^|_)(views?|urls?|api|exports?|exporting|demo|services?|selectors?|tasks?|permissions?|"
                      r"choices|models?|forms?|widgets?)($|_)")
# 有意保留的例外（写明原因）
NAMING_EXCEPTIONS = {
    ("core", "api_helpers"): "各应用 api.py 共用的取工作区/判权限函数，不是第二个 API 模块",
}


def _modules(app: str) -> set[str]:
    out = set()
    for p in (ROOT / app).iterdir():
        if p.name.startswith(("__", ".")):
            continue
        if p.is_dir() and (p.name in ("templates", "migrations", "tests", "static") or (p / "__init__.py").exists()):
            out.add(p.name)
        elif p.suffix == ".py":
            out.add(p.stem)
    return out


def test_every_app_directory_is_classified():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    unknown = apps - set(FOUNDATION_APPS) - set(BUSINESS_APPS) - set(SIDE_APPS)
    assert not unknown, (f"新应用 {sorted(unknown)} 还没有写进分层：在 pyproject.toml 的 layers 合约、"
                         "docs/architecture.md 和本文件的应用清单里给它定层")


@pytest.mark.parametrize("app", BUSINESS_APPS + SIDE_APPS)
def test_business_app_has_the_skeleton(app):
    missing = [m for m in BUSINESS_REQUIRED if m not in _modules(app)]
    assert not missing, f"{app} 缺少骨架：{missing}"


@pytest.mark.parametrize("app", FOUNDATION_APPS)
def test_foundation_app_has_the_skeleton(app):
    missing = [m for m in FOUNDATION_REQUIRED if m not in _modules(app)]
    assert not missing, f"{app} 缺少骨架：{missing}"


@pytest.mark.parametrize("app", FOUNDATION_APPS + BUSINESS_APPS + SIDE_APPS)
def test_module_names_follow_the_scheme(app):
    bad = sorted(name for name in _modules(app)
                 if name not in CANONICAL and _VARIANT.search(name) and (app, name) not in NAMING_EXCEPTIONS)
    assert not bad, (f"{app} 有不合命名约定的模块 {bad}：多个视图模块放进 views/ 包，导出只叫 exports，"
                     "演示数据只叫 demo（或 demo/ 包）")


def test_naming_rule_catches_the_old_names():
    """规则本身：以前的几个名字都会被拦下，约定名不会。"""
    for old in ["views_admin", "admin_views", "planning_views", "urls_global", "exporting", "demo_data",
                "demo_facts", "export"]:
        assert _VARIANT.search(old), old
    for ok in ["workflow", "documents", "checker", "builders", "context_processors", "templatetags", "content"]:
        assert not _VARIANT.search(ok), ok


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("rongmei", cache_dir=None)


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else module


def _strongly_connected(nodes, successors) -> list[list[str]]:
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    found: list = []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in successors(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in nodes:
        if v not in index:
            visit(v)
    return found


def _non_test_modules(graph) -> set[str]:
    return {m for m in graph.modules if ".tests" not in m and not m.endswith("conftest")}


def test_no_import_cycle_between_apps(graph):
    """包括函数内的 import：应用之间的依赖必须是单向的。"""
    modules = _non_test_modules(graph)
    edges: dict[str, set[str]] = {}
    for m in modules:
        for imported in graph.find_modules_directly_imported_by(m):
            if imported in modules and _app_of(m) != _app_of(imported):
                edges.setdefault(_app_of(m), set()).add(_app_of(imported))
    cycles = _strongly_connected(sorted({_app_of(m) for m in modules}), lambda a: sorted(edges.get(a, ())))
    assert cycles == []


@pytest.mark.parametrize("app", FOUNDATION_APPS + BUSINESS_APPS + SIDE_APPS)
def test_no_import_cycle_inside_an_app(graph, app):
    """例如 services ↔ tasks：services 按名字排队任务（core.jobs），不 import tasks。"""
    modules = {m for m in _non_test_modules(graph) if _app_of(m) == app}
    cycles = _strongly_connected(
        sorted(modules), lambda m: sorted(x for x in graph.find_modules_directly_imported_by(m) if x in modules))
    assert cycles == []


def test_business_apps_do_not_depend_on_side_apps(graph):
    modules = _non_test_modules(graph)
    bad = sorted(f"{m} -> {x}" for m in modules if _app_of(m) in BUSINESS_APPS
                 for x in graph.find_modules_directly_imported_by(m) if _app_of(x) in PLANNED_SIDE_APPS)
    assert bad == []


@pytest.mark.parametrize("app", SIDE_APPS)
def test_side_apps_build_only_on_the_foundation(graph, app):
    """旁支应用（团队、典型案例）只 import 基础层与纯核心；业务数据走 core 的注册表（facts、performance、contract_terms）。"""
    modules = {m for m in _non_test_modules(graph) if _app_of(m) == app}
    bad = sorted(f"{m} -> {x}" for m in modules for x in graph.find_modules_directly_imported_by(m)
                 if _app_of(x) in BUSINESS_APPS + [a for a in PLANNED_SIDE_APPS if a != app])
    assert bad == []
