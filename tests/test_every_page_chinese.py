"""逐页巡检：以每个演示角色打开每个页面，页面文字里不能出现代码（英文选项值、True/None、字典、UTC 时间、
任务名、snake_case 标识符、异常类名……）。

- 网址来自 URL 配置本身（新增页面而没有在 SAMPLES 里给出示例参数，测试就失败）；
- 工作区页面对三个演示工作区解析，演示数据每个模块只载入一次（放在一个最后回滚的事务里）；
- 只检查 HTML 的可见文字：去掉 <script>/<style>/<textarea>/<pre>/<code>（有意展示的代码，如合同 YAML 编辑器）
  和全部标签属性。
"""

from __future__ import annotations

import functools
import html as htmllib
import re
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from rongmei.assets import demo as _assets_demo  # noqa: F401  登记素材库演示数据（素材详情页的巡检要用）
from rongmei.cases import demo as _cases_demo  # noqa: F401  登记典型案例演示数据（下面 jl-cases 工作区的巡检要用）
from rongmei.core import labels
from rongmei.core.demo import DEMO_PASSWORD, WORKSPACES, demo_username, load_demo  # noqa: F401
from rongmei.workspaces.choices import Role

# ---------------------------------------------------------------- 网址枚举

def _walk(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern)


#: 不巡检的网址：Django 后台（英文界面，只给系统管理员维护用）、REST API（JSON，由 /api/docs 覆盖）、
#: 退出登录（会结束会话）、平台授权回调（外部平台跳转回来的一次性网址）、媒体文件。
SKIP_PREFIXES = ("sysadmin/", "api/", "accounts/logout/", "media/", "^media/")
SKIP_NAMES = {"publishing:oauth_callback", "contracts:chart",
              "interaction_hooks:wechat"}  # 公众号推送回调地址（微信服务器调用）；contracts:chart：图表数据


def _model(label: str):
    return apps.get_model(label)


def _first(label: str, ws=None, **filters):
    model = _model(label)
    qs = model.objects.all()
    if ws is not None and any(f.name == "workspace" for f in model._meta.get_fields()):
        qs = qs.filter(workspace=ws)
    obj = qs.filter(**filters).order_by("pk").first()
    return obj.pk if obj is not None else 999999


def _item_with(label: str, ws, field: str):
    """ws 里带有某个子对象的稿件及子对象：(稿件 pk, 子对象 pk)。"""
    obj = _model(label).objects.filter(**{f"{field}__workspace": ws}).order_by("pk").first()
    if obj is None:
        return 999999, 999999
    return getattr(obj, f"{field}_id"), obj.pk


def _finding(ws):
    f = _model("production.CheckFinding").objects.filter(revision__item__workspace=ws).order_by("pk").first()
    return (f.revision.item_id, f.pk) if f else (999999, 999999)


def _obligation(ws):
    from rongmei.contracts.selectors import contract_of, current_version

    version = current_version(ws)
    return contract_of(version).obligations[0].id if version is not None else "x"


#: 带参数的网址 → 示例参数（ws 为工作区对象；返回 kwargs，不含 ws）
SAMPLES: dict[str, Callable[[object], dict]] = {
    "accounts:token_revoke": lambda ws: {"pk": _first("accounts.ApiToken")},
    "accounts:user_action": lambda ws: {"pk": _first("accounts.User"), "action": "unlock"},
    "accounts:session_revoke": lambda ws: {"pk": _first("accounts.UserSession")},
    "contracts:evidence": lambda ws: {"ob": _obligation(ws)},
    "contracts:template_yaml": lambda ws: {"tid": ws.contract_template or "x"},
    "contracts:version": lambda ws: {"number": 1},
    "contracts:import_delete": lambda ws: {"pk": _first("contracts.FactImport", ws)},
    "contracts:fact_delete": lambda ws: {"pk": _first("contracts.Fact", ws)},
    "contracts:snapshot": lambda ws: {"pk": _first("contracts.Snapshot", ws)},
    "contracts:snapshot_download": lambda ws: {"pk": _first("contracts.Snapshot", ws), "fmt": "xlsx"},
    "interaction:ingest_poll": lambda ws: {"pk": _first("workspaces.OfficialAccount", ws)},
    "metrics:account": lambda ws: {"pk": _first("workspaces.OfficialAccount", ws)},
    "opinion:mention": lambda ws: {"pk": _first("opinion.Mention", ws, group__size__gt=1)},
    "opinion:topic": lambda ws: {"pk": _first("opinion.Topic", ws)},
    "opinion:topic_edit": lambda ws: {"pk": _first("opinion.Topic", ws)},
    "opinion:topic_progress": lambda ws: {"pk": _first("opinion.Topic", ws)},
    "opinion:source_edit": lambda ws: {"pk": _first("opinion.Source", ws, kind="feed")},
    "opinion:source_fetch": lambda ws: {"pk": _first("opinion.Source", ws, kind="feed")},
    "interaction:message": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:correct": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:state": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:assign": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:route": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:paste_answer": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:reply_new": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:template_fill": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:curate": lambda ws: {"pk": _first("interaction.Message", ws)},
    "interaction:reply_decide": lambda ws: {"pk": _first("interaction.Reply", None, message__workspace=ws)},
    "interaction:reply_send": lambda ws: {"pk": _first("interaction.Reply", None, message__workspace=ws)},
    "interaction:reply_manual": lambda ws: {"pk": _first("interaction.Reply", None, message__workspace=ws)},
    "interaction:department_answer": lambda ws: {"pk": _first("interaction.Message", ws, department__isnull=False)},
    "interaction:template_edit": lambda ws: {"pk": _first("interaction.ReplyTemplate", ws)},
    "interaction:department_edit": lambda ws: {"pk": _first("interaction.Department", ws)},
    "production:item_detail": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:item_edit": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:item_autosave": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:item_draft_discard": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:item_lock_status": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:item_action": lambda ws: {"pk": _first("production.ContentItem", ws), "action": "submit"},
    "production:item_decide": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:finding_resolve": lambda ws: dict(zip(("pk", "fid"), _finding(ws), strict=True)),
    "production:revisions": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:attachment_upload": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:attachment_download": lambda ws: dict(zip(("pk", "aid"), _item_with(
        "production.Attachment", ws, "item"), strict=True)),
    "production:attachment_delete": lambda ws: dict(zip(("pk", "aid"), _item_with(
        "production.Attachment", ws, "item"), strict=True)),
    "production:approval_form": lambda ws: {"pk": _first("production.ContentItem", ws)},
    "production:planning_new": lambda ws: {"what": "campaign"},
    "production:planning_edit": lambda ws: {"what": "column", "pk": _first("production.Column", ws)},
    "production:window_delete": lambda ws: {"pk": 999999},  # GET 不应删除；用不存在的时段
    "production:stage_new": lambda ws: {"chain_pk": _first("production.ReviewChain", ws)},
    "production:stage_edit": lambda ws: {"chain_pk": _first("production.ReviewChain", ws),
                                         "pk": _first("production.ReviewStage", None, chain__workspace=ws)},
    "assets:detail": lambda ws: {"pk": _first("assets.Asset", ws)},
    "assets:crop": lambda ws: {"pk": 999999},  # 只收 POST
    "assets:delete": lambda ws: {"pk": 999999},  # GET 不应删除；用不存在的素材
    "assets:file": lambda ws: {"pk": _first("assets.Asset", ws)},
    "assets:thumb": lambda ws: {"pk": _first("assets.Asset", ws)},
    "assets:crop_file": lambda ws: {"pk": _first("assets.Asset", ws), "ratio": "235x1"},
    "proofread:run_xlsx": lambda ws: {"pk": _first("proofread.ProofRun", ws)},
    "proofread:entry_edit": lambda ws: {"pk": _first("proofread.RuleEntry", ws)},
    "proofread:entry_toggle": lambda ws: {"pk": 999999},
    "proofread:proposal_decide": lambda ws: {"pk": _first("proofread.WhitelistProposal", ws)},
    "publishing:schedule": lambda ws: {"item_pk": _first("production.ContentItem", ws, status="approved")},
    "publishing:detail": lambda ws: {"pk": _first("publishing.Publication", ws)},
    "publishing:reschedule": lambda ws: {"pk": _first("publishing.Publication", ws)},
    "publishing:publish_now": lambda ws: {"pk": 999999},
    "publishing:withdraw": lambda ws: {"pk": 999999},
    "publishing:retry": lambda ws: {"pk": 999999},
    "publishing:record": lambda ws: {"pk": _first("publishing.Publication", ws)},
    "publishing:credential_edit": lambda ws: {"account_pk": _first("workspaces.OfficialAccount", ws)},
    "publishing:credential_authorize": lambda ws: {"account_pk": _first("workspaces.OfficialAccount", ws)},
    "publishing:rule_edit": lambda ws: {"pk": _first("publishing.FrequencyRule", ws)},
    "publishing:change_decide": lambda ws: {"pk": _first("publishing.AccountChangeRequest", ws)},
    "archives:detail": lambda ws: {"pk": _first("archives.ArchiveSet", ws)},
    "archives:download": lambda ws: {"pk": _first("archives.ArchiveSet", ws)},
    "archives:dispose": lambda ws: {"pk": _first("archives.ArchiveSet", ws)},
    "inspection:run_detail": lambda ws: {"pk": _first("inspection.InspectionRun", ws)},
    "grassroots:clue": lambda ws: {"pk": _first("grassroots.Clue", ws)},
    "grassroots:clue_file": lambda ws: dict(zip(("pk", "file_pk"), _item_with("grassroots.ClueFile", ws, "clue"),
                                                strict=True)),
    "grassroots:points_reverse": lambda ws: {"pk": 999999},
    "grassroots:placement_detail": lambda ws: {"pk": _first("grassroots.Placement", ws)},
    "grassroots:placement_edit": lambda ws: {"pk": _first("grassroots.Placement", ws)},
    "grassroots:placement_shot": lambda ws: {"pk": _first("grassroots.Placement", ws)},
    "grassroots:exchange_edit": lambda ws: {"pk": _item_with("grassroots.Exchange", ws, "partner")[1]},
    "grassroots:course": lambda ws: {"pk": _first("grassroots.Course", ws)},
    "grassroots:course_edit": lambda ws: {"pk": _first("grassroots.Course", ws)},
    "grassroots:course_export": lambda ws: {"pk": _first("grassroots.Course", ws)},
    "grassroots:certificate": lambda ws: {"pk": _first("grassroots.Course", ws), "member_pk": _first("grassroots.Member", ws)},
    "grassroots:session_new": lambda ws: {"course_pk": _first("grassroots.Course", ws)},
    "grassroots:session_edit": lambda ws: dict(zip(("course_pk", "pk"), _item_with("grassroots.Session", ws, "course"),
                                                   strict=True)),
    "grassroots:session_detail": lambda ws: {"pk": _item_with("grassroots.Session", ws, "course")[1]},
    "grassroots:session_enrol": lambda ws: {"pk": _item_with("grassroots.Session", ws, "course")[1]},
    "grassroots:session_mark": lambda ws: {"pk": _item_with("grassroots.Session", ws, "course")[1],
                                           "member_pk": _first("grassroots.Member", ws)},
    "grassroots:campaign": lambda ws: {"pk": _first("grassroots.Campaign", ws)},
    "grassroots:campaign_report": lambda ws: {"pk": _first("grassroots.Campaign", ws)},
    "grassroots:campaign_qr": lambda ws: dict(zip(("pk", "cu_pk"), _item_with("grassroots.CampaignUnit", ws, "campaign"),
                                                  strict=True)),
    "grassroots:campaign_qr_image": lambda ws: dict(zip(("pk", "cu_pk"),
                                                        _item_with("grassroots.CampaignUnit", ws, "campaign"), strict=True)),
    "grassroots:campaign_codes": lambda ws: {"pk": _first("grassroots.Campaign", ws)},
    "grassroots:channel_new": lambda ws: {"pk": _first("grassroots.Campaign", ws)},
    "grassroots:rule_new": lambda ws: {"pk": _first("grassroots.Campaign", ws)},
    "grassroots:channel_import": lambda ws: dict(zip(("pk", "ch_pk"),
                                                     _item_with("grassroots.CampaignChannel", ws, "campaign"), strict=True)),
    "grassroots:rule_delete": lambda ws: dict(zip(("pk", "rule_pk"), _item_with("grassroots.RewardRule", ws, "campaign"),
                                                  strict=True)),
    "grassroots:signin_toggle": lambda ws: {"pk": _item_with("grassroots.Session", ws, "course")[1]},
    "grassroots:material_upload": lambda ws: {"pk": _first("grassroots.Course", ws)},
    "grassroots:material_file": lambda ws: {"pk": _item_with("grassroots.Material", ws, "course")[1]},
    "grassroots:material_remove": lambda ws: {"pk": _item_with("grassroots.Material", ws, "course")[1]},
    "grassroots:signin": lambda ws: {"token": (_model("grassroots.Session").objects.filter(course__workspace=ws)
                                               .exclude(signin_token="").values_list("signin_token", flat=True).first()
                                               or "x")},
    "grassroots:quiz": lambda ws: {"pk": _first("grassroots.Quiz", ws)},
    "grassroots:h5_quiz": lambda ws: {"token": (_model("grassroots.Quiz").objects.filter(workspace=ws)
                                                .values_list("token", flat=True).first() or "x")},
    "grassroots:draw": lambda ws: {"pk": _first("grassroots.Draw", ws)},
    "grassroots:draw_run": lambda ws: {"pk": _first("grassroots.Draw", ws)},
    "grassroots:draw_entrants": lambda ws: {"pk": _first("grassroots.Draw", ws)},
    "grassroots:prize_deliver": lambda ws: dict(zip(("pk", "prize_pk"), _item_with("grassroots.Prize", ws, "draw"),
                                                    strict=True)),
    "grassroots:unit_edit": lambda ws: {"pk": _first("grassroots.Unit", ws)},
    "grassroots:member_edit": lambda ws: {"pk": _first("grassroots.Member", ws)},
    "inspection:run_report": lambda ws: {"pk": _first("inspection.InspectionRun", ws)},
    "inspection:finding": lambda ws: {"pk": _first("inspection.Finding", ws)},
    "inspection:filing_delete": lambda ws: {"pk": _first("inspection.AccountFiling", ws)},
    "opinion:alert_ack": lambda ws: {"pk": _first("opinion.Alert", ws)},
    "opinion:alert_to_event": lambda ws: {"pk": _first("opinion.Alert", ws)},
    "opinion:assessment_detail": lambda ws: {"pk": _first("opinion.RiskAssessment", ws)},
    "opinion:duty_delete": lambda ws: {"pk": 999999},
    "opinion:robot_test": lambda ws: {"pk": 999999},
    "opinion:robot_delete": lambda ws: {"pk": 999999},
    "opinion:event_detail": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_entry": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_update": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_link": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_close": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_crisis": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_plan": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:event_document": lambda ws: {"pk": _first("opinion.Event", ws)},
    "opinion:document_download": lambda ws: {"pk": _first("opinion.OpinionDocument", ws)},
    "publishing:change_avatar": lambda ws: {"pk": _first("publishing.AccountChangeRequest", ws)},
    "publishing:screenshot": lambda ws: {"pk": _first("publishing.Publication", ws)},
    "metrics:batch_file": lambda ws: {"pk": _first("metrics.ImportBatch", ws)},
    "spread:flagship": lambda ws: {"pk": _first("spread.Flagship", ws)},
    "spread:unmark": lambda ws: {"pk": _first("spread.Flagship", ws)},
    "spread:entry_new": lambda ws: {"pk": _first("spread.Flagship", ws)},
    "spread:entries_import": lambda ws: {"pk": _first("spread.Flagship", ws)},
    "spread:mention_add": lambda ws: {"pk": _first("spread.Flagship", ws), "mention": _first("opinion.Mention", ws)},
    "spread:report_new": lambda ws: {"pk": _first("spread.Flagship", ws)},
    "spread:entry": lambda ws: {"pk": _first("spread.ReachEntry", ws)},
    "spread:entry_delete": lambda ws: {"pk": _first("spread.ReachEntry", ws)},
    "spread:report": lambda ws: {"pk": _first("spread.PropagationReport", ws)},
    "spread:report_download": lambda ws: {"pk": _first("spread.PropagationReport", ws)},
    "spread:report_finalize": lambda ws: {"pk": _first("spread.PropagationReport", ws)},
    "metrics:promotion_detail": lambda ws: {"pk": _first("metrics.Promotion", ws)},
    "metrics:promotion_delete": lambda ws: {"pk": _first("metrics.Promotion", ws)},
    "reports:detail": lambda ws: {"pk": _first("reports.Report", ws)},
    "reports:download": lambda ws: {"pk": _first("reports.Report", ws), "fmt": "docx"},
    "workcal:theme_day_edit": lambda ws: {"pk": _first("workcal.ThemeDay", ws)},
    "workspaces:account_edit": lambda ws: {"pk": _first("workspaces.OfficialAccount", ws)},
    "team:member_edit": lambda ws: {"pk": _first("team.Member", ws)},
    "team:change_decide": lambda ws: {"pk": _first("team.StaffChange", ws)},
    "team:leave_detail": lambda ws: {"pk": _first("team.Leave", ws)},
    "team:leave_decide": lambda ws: {"pk": _first("team.Leave", ws)},
    "team:leave_return": lambda ws: {"pk": _first("team.Leave", ws)},
    "team:leave_cancel": lambda ws: {"pk": _first("team.Leave", ws)},
    "team:shift_remove": lambda ws: {"pk": _first("team.Shift", ws)},
    "team:swap_new": lambda ws: {"pk": _first("team.Shift", ws)},
    "team:swap_decide": lambda ws: {"pk": _first("team.Swap", ws)},
    "team:assessment": lambda ws: {"pk": _first("team.Assessment", ws)},
    "team:assessment_sign": lambda ws: {"pk": _first("team.Assessment", ws)},
    "team:assessment_docx": lambda ws: {"pk": _first("team.Assessment", ws)},
    # 典型案例征集（演示数据在 jl-cases 工作区；其他工作区里这些编号不存在，应答 404）
    "cases:call": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:call_edit": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:call_publish": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:call_start_review": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:scoring": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:attachment_add": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:attachment": lambda ws: {"pk": _first("cases.Call", ws), "att": 999999},
    "cases:category_edit": lambda ws: {"pk": _first("cases.Category", call__workspace=ws)},
    "cases:unit_confirm": lambda ws: {"pk": _first("cases.Unit", ws)},
    "cases:unit_reject": lambda ws: {"pk": _first("cases.Unit", ws)},
    "cases:case_new": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:case": lambda ws: {"pk": _first("cases.Case", call__workspace=ws)},
    "cases:case_edit": lambda ws: {"pk": _first("cases.Case", call__workspace=ws)},
    "cases:file_add": lambda ws: {"pk": _first("cases.Case", call__workspace=ws)},
    "cases:case_submit": lambda ws: {"pk": _first("cases.Case", call__workspace=ws)},
    "cases:case_form_docx": lambda ws: {"pk": _first("cases.Case", call__workspace=ws)},
    "cases:version": lambda ws: {"pk": _first("cases.Case", call__workspace=ws), "number": 1},
    "cases:file": lambda ws: {"pk": _first("cases.CaseFile", case__call__workspace=ws)},
    "cases:file_remove": lambda ws: {"pk": _first("cases.CaseFile", case__call__workspace=ws)},
    "cases:region": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:region_order": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:region_export": lambda ws: {"pk": _first("cases.Call", ws), "fmt": "docx"},
    "cases:region_scan": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:region_scan_file": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:case_review": lambda ws: {"pk": _first("cases.Case", call__workspace=ws)},
    "cases:panels": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:panel_add_expert": lambda ws: {"pk": _first("cases.Call", ws), "panel": _first("cases.Panel", call__workspace=ws)},
    "cases:panel_close": lambda ws: {"pk": _first("cases.Call", ws), "panel": _first("cases.Panel", call__workspace=ws)},
    "cases:expert_panel": lambda ws: {"panel": _first("cases.Panel", call__workspace=ws)},
    "cases:declare": lambda ws: {"panel": _first("cases.Panel", call__workspace=ws)},
    "cases:expert_case": lambda ws: {"panel": _first("cases.Panel", call__workspace=ws),
                                     "case": _first("cases.Case", call__workspace=ws)},
    "cases:expert_file": lambda ws: {"panel": _first("cases.Panel", call__workspace=ws),
                                     "case": _first("cases.Case", call__workspace=ws), "pk": 999999},
    "cases:results": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:decide": lambda ws: {"pk": _first("cases.Call", ws), "case": _first("cases.Case", call__workspace=ws)},
    "cases:finish": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:notice_docx": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases:national_xlsx": lambda ws: {"pk": _first("cases.Call", ws)},
    "cases_public:register": lambda ws: {"pk": _first("cases.Call", status="published")},
}

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _patterns() -> list[tuple[str, str]]:
    out = []
    for name, route in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or name in SKIP_NAMES or route.startswith("^"):
            continue
        out.append((name, route))
    return out


def _url(name: str, route: str, ws) -> str:
    kwargs = {"ws": ws.slug}
    params = [p for _c, p in _PARAM.findall(route) if p != "ws"]
    if params:
        kwargs.update(SAMPLES[name](ws))
    return "/" + _PARAM.sub(lambda m: str(kwargs[m.group(2)]), route)


def test_every_url_pattern_has_sample_arguments():
    """新页面必须加入巡检：带参数的网址要在 SAMPLES 里给出示例参数。"""
    missing = [name for name, route in _patterns()
               if [p for _c, p in _PARAM.findall(route) if p != "ws"] and name not in SAMPLES]
    assert not missing, f"请在 SAMPLES 里为这些网址给出示例参数：{missing}"


# ---------------------------------------------------------------- 代码样式

#: 有意显示的英文（专有名词、格式名、单位）：不算代码
ALLOWED_WORDS = {
    "AI", "API", "H5", "SVG", "PDF", "Word", "Excel", "xlsx", "docx", "csv", "txt", "yaml", "YAML", "json", "JSON",
    "URL", "IP", "ID", "OAuth", "AppID", "AppSecret", "Token", "token", "KPI", "Redis", "PostgreSQL", "SQLite",
    "HTTPS", "HTTP", "UV", "PV", "Huey", "Bearer", "rm",
}

_RAW_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("Python 布尔值/空值", re.compile(r"(?<![\w.])(True|False|None)(?![\w.])")),
    ("Python 字典/列表", re.compile(r"\{'|\['|\{\"\w+\":|': ")),
    ("UTC 时间", re.compile(r"\+00:00|\bUTC\b|\d{4}-\d\d-\d\dT\d\d:\d\d")),
    ("异常类名", re.compile(r"\b\w*(Error|Exception|Resolver404|Http404|DoesNotExist|Traceback)\b")),
    ("任务名/点分代码", re.compile(
        r"\b(core|contracts|production|proofread|publishing|metrics|reports|workspaces|accounts|audit|workcal)"
        r"\.[a-z_]+\b")),
    ("snake_case 标识符", re.compile(r"(?<![\w./@-])[a-z]+(?:_[a-z0-9]+)+(?![\w./@-])")),
    ("对象表示", re.compile(r"<\w+(: | object at )")),
    ("原始字段=值", re.compile(r"\b[a-z_]+=(True|False|None|\d+|'[^']*')")),
]

_HIDDEN_BLOCKS = re.compile(r"<(script|style|textarea|pre|code|template)\b.*?</\1>", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    page = _HIDDEN_BLOCKS.sub(" ", page)
    page = re.sub(r"<option\b[^>]*>", "\n", page)
    return htmllib.unescape(_TAGS.sub("\n", page))


@functools.cache
def _english_codes() -> re.Pattern:
    codes = sorted((c for c in labels.known_codes()
                    if re.fullmatch(r"[a-z][a-z0-9_]*", c) and c not in ALLOWED_WORDS and len(c) > 2),
                   key=len, reverse=True)
    return re.compile(r"(?<![\w./@:-])(" + "|".join(map(re.escape, codes)) + r")(?![\w./@-])")


def raw_codes(text: str, enum_pattern: re.Pattern) -> list[str]:
    found = []
    for what, pattern in [*_RAW_PATTERNS, ("英文选项值", enum_pattern)]:
        for m in pattern.finditer(text):
            snippet = text[max(0, m.start() - 30): m.end() + 30].replace("\n", " ")
            found.append(f"{what}：{m.group(0)!r} 在 “…{snippet.strip()}…”")
    return found


def test_the_patterns_catch_the_reported_examples():
    enum = _english_codes()
    for sample in ["类别 typo", "privacy", "检查器 ai_proofread", "no_credentials", "original=True",
                   "douyin short_video", "publishing.poll_publishing", "{'a': 1}", "2025-09-01 02:00:00+00:00",
                   "Resolver404", "状态 draft", "None"]:
        assert raw_codes(sample, enum), sample
    assert not raw_codes("2025年9月1日 10:00 草稿 抖音 短视频 下载 Word 文档 AI 审校 rm_abc@example.cn", enum)


# ---------------------------------------------------------------- 巡检

#: (角色, 工作区)：每个工作区都由一个能看到全部页面的人走一遍（系统管理员走第一个，项目经理走另外两个），
#: 其余角色轮流走一个工作区——全部角色、全部工作区都覆盖，总时长控制在一分钟左右（空闲机器）。
def _visits():
    slugs = [w.slug for w in WORKSPACES]
    out = [("admin", slugs[0])] + [(Role.MANAGER.value, s) for s in slugs[1:]]
    others = [r for r in Role.values if r != Role.MANAGER]
    out += [(role, slugs[i % len(slugs)]) for i, role in enumerate(others)]
    # 典型案例征集的演示工作区（rongmei/cases/demo.py）：主办方、申报单位、地区主管部门、专家、局领导各走一遍
    out += [(u, "jl-cases") for u in ("jl-manager", "jl-unit-tv", "jl-regional-cc", "jl-expert-3", "jl-leader")]
    return out


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # 测试数据库只为带 django_db 标记的测试建立（见 test_pages_show_chinese_not_code 的标记）；确认不是开发库
    name = str(connection.settings_dict["NAME"])
    assert "memory" in name or "test" in name, f"巡检必须在测试数据库上运行，而不是 {name}"
    with django_db_blocker.unblock():
        with transaction.atomic():
            data = load_demo()
            _states_the_demo_lacks()
            yield data
            transaction.set_rollback(True)


def _states_the_demo_lacks():
    """演示数据里没有、但用户常会看到的状态：自动检查的发现、失败的后台任务、发布错误。"""
    from rongmei.core.models import JobRun
    from rongmei.production.models import CheckFinding, ContentItem
    from rongmei.publishing.models import Publication
    from rongmei.workspaces.models import Workspace

    for ws in Workspace.objects.all():
        item = ContentItem.objects.filter(workspace=ws, current_revision__isnull=False).order_by("pk").first()
        if item is not None:
            for category, text in (("typo", "登陆"), ("privacy", "13800138000")):
                CheckFinding.objects.create(item=item, revision=item.current_revision, checker="ai_proofread",
                                            text=text, category=category, rule="demo", severity="中",
                                            suggestion="", message="示例发现")
        JobRun.objects.create(task_id=f"walk-{ws.slug}", name="publishing.poll_publishing", workspace=ws,
                              state="failed", error="ValueError: 平台返回了无法识别的内容")
        Publication.objects.filter(pk__in=Publication.objects.filter(workspace=ws).order_by("pk").values("pk")[:1]
                                   ).update(error_code="no_credentials", error_message="未配置发布凭证")
    JobRun.objects.create(task_id="walk-global", name="core.daily_backup", state="succeeded")


ALLOWED_STATUS = {200, 302, 403, 404, 405}


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "slug"), _visits())
def test_pages_show_chinese_not_code(demo, who, slug):
    from rongmei.workspaces.models import Workspace

    ws = Workspace.objects.get(slug=slug)
    prefix = next((w.prefix for w in WORKSPACES if w.slug == slug), None)
    username = who if who == "admin" or prefix is None else demo_username(prefix, who)
    client = Client(raise_request_exception=True)
    client.force_login(demo["users"][username])
    enum = _english_codes()
    problems, seen, checked = [], set(), 0
    for name, route in _patterns():
        url = _url(name, route, ws)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code not in ALLOWED_STATUS:
            problems.append(f"{url} → HTTP {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            continue
        checked += response.status_code == 200
        for found in raw_codes(visible_text(response.content.decode()), enum):
            problems.append(f"{url}：{found}")
    assert not problems, f"{who} @ {slug}：\n" + "\n".join(problems)
    assert checked >= 5, f"{who} @ {slug} 只打开了 {checked} 个页面，巡检没有起作用"
