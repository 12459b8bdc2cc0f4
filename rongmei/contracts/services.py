"""合同履约的写操作：合同定义版本、手工事实、事实文件导入、考核快照、进度提醒。"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse

from rongmei.audit.choices import Action
from rongmei.audit.services import record
from rongmei.core import clock
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import require_perm
from rongmei.core.services import job_enqueue
from rongmei.engines.kpi import (
    ENGINE_VERSION,
    FactsError,
    PeriodError,
    fact_from_mapping,
    parse_contract,
    parse_csv,
    parse_jsonl,
    parse_xlsx,
    template_ids,
    template_text,
)
from rongmei.engines.numfmt import format_value
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Workspace

from . import selectors
from .choices import ALERT_STATUSES, STATUS_TEXT, FactOrigin, ManualFactType, SnapshotKind
from .models import ContractVersion, FactImport, FactLedger, ObligationState, Snapshot
from .models import Fact as StoredFact
from .permissions import ContractPerm

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- 合同定义
def contract_validate(yaml_text: str):
    """校验 YAML（不保存）。返回引擎的 ValidationReport。"""
    return parse_contract(yaml_text or "", source="合同定义")


@transaction.atomic
def contract_save(*, actor, workspace, yaml_text: str, comment: str = "", template: str = "") -> ContractVersion:
    """保存为新版本（有错误时抛出 ValidationError，错误带行号）。与当前版本完全相同时不新建版本。"""
    require_perm(actor, workspace, ContractPerm.EDIT)
    report = contract_validate(yaml_text)
    if not report.ok:
        raise ValidationError({"yaml_text": [str(i) for i in report.errors]})
    contract = report.contract
    digest = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()
    current = (ContractVersion.objects.select_for_update().filter(workspace=workspace).order_by("-number").first())
    if current is not None and current.digest == digest:
        return current
    version = ContractVersion.objects.create(
        workspace=workspace, number=(current.number + 1) if current else 1, yaml_text=yaml_text, digest=digest,
        contract_key=contract.id, name=contract.name, template=template, warnings=[str(w) for w in report.warnings],
        comment=comment[:300], created_by=actor,
    )
    record(Action.CREATE if current is None else Action.UPDATE, obj=version, workspace=workspace, actor=actor,
           before={"版本": current.number, "SHA-256": current.digest} if current else None,
           after={"版本": version.number, "SHA-256": digest, "合同": contract.name, "警告数": len(report.warnings)},
           message=f"保存合同定义第 {version.number} 版" + (f"（模板 {template}）" if template else ""))
    return version


def contract_from_template(*, actor, workspace, template_id: str) -> ContractVersion:
    if template_id not in template_ids():
        raise ValidationError({"template": f"没有 id 为“{template_id}”的内置合同模板，可选：{'、'.join(template_ids())}"})
    return contract_save(actor=actor, workspace=workspace, yaml_text=template_text(template_id),
                         comment=f"由内置模板 {template_id} 创建", template=template_id)


# ---------------------------------------------------------------- 手工事实
MANUAL_FIELDS = ("title", "url", "platform", "outlet", "level", "course", "hours", "attendees", "points", "bonus",
                 "minutes", "viewers", "kind", "item", "checkpoint", "passed", "note")


def _facts_changed(workspace) -> None:
    """事实有增删：修订号加一（事实缓存据此失效）。在调用者的事务内执行。"""


    updated = FactLedger.objects.filter(workspace=workspace).update(revision=F("revision") + 1)
    if not updated:
        FactLedger.objects.create(workspace=workspace, revision=1)


@transaction.atomic
def fact_create(*, actor, workspace, type: str, date: dt.date | str, **fields) -> StoredFact:
    """手工录入一条事实（媒体采用、培训、加分认定、直播场次、交付物、验收结论）。按 facts-v1 校验。"""
    require_perm(actor, workspace, ContractPerm.ENTER_FACTS)
    if type not in ManualFactType.values:
        raise ValidationError({"type": f"不能手工录入“{type}”类型的事实，可选：{'、'.join(ManualFactType.labels)}"})
    data = {"type": type, "date": date.isoformat() if isinstance(date, dt.date) else date}
    for key in MANUAL_FIELDS:
        value = fields.get(key)
        if value is None or value == "":
            continue
        data[key] = value
    fact, errors = fact_from_mapping(data, line=1, column_word="字段")
    if errors:
        raise ValidationError([e.replace("第 1 行，", "") for e in errors])
    clean = fact.to_dict()
    clean.pop("ref", None)
    obj = StoredFact.objects.create(workspace=workspace, origin=FactOrigin.MANUAL, type=type, date=fact.date,
                                    data=clean, created_by=actor)
    _facts_changed(workspace)
    record(Action.CREATE, obj=obj, workspace=workspace, actor=actor, after=clean,
           message=f"手工录入事实：{ManualFactType(type).label} {fact.date}")
    return obj


@transaction.atomic
def fact_delete(*, actor, fact: StoredFact) -> None:
    require_perm(actor, fact.workspace, ContractPerm.ENTER_FACTS)
    if fact.origin != FactOrigin.MANUAL:
        raise ValidationError("导入的事实不能单条删除（请删除整个导入批次）")
    before = dict(fact.data)
    record(Action.DELETE, obj=fact, workspace=fact.workspace, actor=actor, before=before, message="删除手工录入的事实")
    fact.delete()
    _facts_changed(fact.workspace)


# ---------------------------------------------------------------- 事实文件导入
def _parse_file(filename: str, content: bytes):
    name = filename.lower()
    if name.endswith(".csv"):
        return "csv", parse_csv(content, source=filename)
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx", parse_xlsx(content, source=filename)
    if name.endswith((".jsonl", ".ndjson", ".json", ".txt")):
        return "jsonl", parse_jsonl(content, source=filename)
    raise ValidationError({"file": "不支持的文件类型：请上传 .jsonl（facts-v1）、.csv 或 .xlsx"})


def facts_import(*, actor, workspace, filename: str, content: bytes) -> tuple[FactImport, bool]:
    """导入事实文件。任何一行有错误，整个文件被拒绝（ValidationError，逐行中文说明）。

    同一工作区再次导入同一文件（SHA-256 相同）不做任何改变，返回 (原导入记录, False)。
    解析与校验在任何写事务之外进行（大文件解析期间别人照常写入），最后在一个短事务里写入。
    """
    require_perm(actor, workspace, ContractPerm.ENTER_FACTS)
    if not content:
        raise ValidationError({"file": "文件为空"})
    sha = hashlib.sha256(content).hexdigest()
    existing = FactImport.objects.filter(workspace=workspace, sha256=sha).first()
    if existing is not None:
        return existing, False
    try:
        fmt, factset = _parse_file(filename, content)
    except FactsError as exc:
        raise ValidationError({"file": exc.errors}) from None
    with transaction.atomic():
        existing = FactImport.objects.filter(workspace=workspace, sha256=sha).first()
        if existing is not None:  # 解析期间别人导入了同一文件
            return existing, False
        batch = FactImport.objects.create(workspace=workspace, filename=filename[:255], sha256=sha, fmt=fmt,
                                          fact_count=len(factset), counts=factset.counts(), created_by=actor)
        _bulk_insert_facts(workspace, batch, factset, actor)
        _facts_changed(workspace)
        record(Action.IMPORT, obj=batch, workspace=workspace, actor=actor,
               after={"文件": filename, "SHA-256": sha, "条数": batch.fact_count, "按类型": factset.counts()},
               message=f"导入事实文件 {filename}（{batch.fact_count} 条）")
    return batch, True


BACKGROUND_IMPORT_BYTES = 2 * 1024 * 1024  # 超过 2 MB（约 1.3 万条）的文件转入后台导入


def facts_import_enqueue(*, actor, workspace, upload) -> str:
    """把上传的大文件存入存储并排入后台任务；返回存储路径。权限与导入相同。"""


    require_perm(actor, workspace, ContractPerm.ENTER_FACTS)
    path = default_storage.save(f"contracts/pending-imports/{uuid.uuid4().hex}-{upload.name}", upload)
    job_enqueue("contracts.facts_import", workspace.pk, actor.pk, path, upload.name, label=f"导入履约事实 {upload.name}",
                workspace=workspace, actor=actor)
    return path


def facts_import_stored(*, workspace_id: int, actor_id: int, stored_path: str, filename: str) -> int:
    """后台任务：读取已存的上传文件并导入（与网页导入同一服务），通知上传人，最后删除临时文件。"""


    workspace = Workspace.objects.get(pk=workspace_id)
    actor = get_user_model().objects.get(pk=actor_id)
    url = f"/w/{workspace.slug}/contracts/facts/"
    try:
        with default_storage.open(stored_path, "rb") as fh:
            content = fh.read()
        try:
            batch, created = facts_import(actor=actor, workspace=workspace, filename=filename, content=content)
        except ValidationError as exc:
            messages = exc.message_dict.get("file", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            _notify(users=[actor], workspace=workspace, title=f"事实文件“{filename}”未导入",
                    body="\n".join(messages[:50]), url=url, kind="contract_import")
            raise ValidationError("；".join(messages[:20])) from None
        if created:
            _notify(users=[actor], workspace=workspace, title=f"已导入“{filename}”：{batch.fact_count} 条事实",
                    body="合同页的数字已更新。", url=url, kind="contract_import")
        else:
            _notify(users=[actor], workspace=workspace, title=f"“{filename}”此前已导入，本次没有改变", body="", url=url,
                    kind="contract_import")
        return batch.fact_count
    finally:
        default_storage.delete(stored_path)


def _bulk_insert_facts(workspace, batch: FactImport, factset, actor) -> None:
    """成批写入事实行（直接 executemany：20 万行时比 ORM bulk_create 快一个数量级）。"""
    table = StoredFact._meta.db_table
    json_ph = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    sql = (f"INSERT INTO {table} (workspace_id, origin, source_import_id, type, date, data, created_by_id, created_at) "
           f"VALUES (%s, %s, %s, %s, %s, {json_ph}, %s, %s)")
    now = clock.now()
    actor_id = actor.pk if actor is not None else None
    params = []
    for fact in sorted(factset, key=lambda f: f.line):
        data = fact.to_dict()
        ref = data.pop("ref")
        if ref and ref != f"L{fact.line}":
            data["id"] = ref
        params.append((workspace.pk, FactOrigin.IMPORTED, batch.pk, fact.type, fact.date,
                       json.dumps(data, ensure_ascii=False), actor_id, now))
    with connection.cursor() as cursor:
        for i in range(0, len(params), 5000):
            cursor.executemany(sql, params[i:i + 5000])


@transaction.atomic
def import_delete(*, actor, batch: FactImport) -> int:
    require_perm(actor, batch.workspace, ContractPerm.ENTER_FACTS)
    n = batch.facts.count()
    record(Action.DELETE, obj=batch, workspace=batch.workspace, actor=actor,
           before={"文件": batch.filename, "SHA-256": batch.sha256, "条数": n}, message=f"删除导入批次 {batch.filename}")
    batch.delete()
    _facts_changed(batch.workspace)
    return n


# ---------------------------------------------------------------- 考核快照
@transaction.atomic
def snapshot_create(*, actor, workspace, as_of: dt.date, period: str = "annual", kind: str = SnapshotKind.ASSESSMENT,
                    title: str = "") -> Snapshot:
    """冻结一次评估：保存所用事实、合同版本、引擎版本、截至日期、考核期与结果。"""
    require_perm(actor, workspace, ContractPerm.SNAPSHOT)
    if kind not in SnapshotKind.values:
        raise ValidationError({"kind": "未知的快照用途"})
    try:
        state = selectors.evaluation_for(workspace, as_of=as_of, period=period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if state is None:
        raise ValidationError("本工作区还没有合同定义，无法冻结考核快照")
    ev = state.evaluation
    used = [f.to_dict() for f in state.loaded.facts if f.date <= as_of]
    result = ev.summary()
    title = title or f"{SnapshotKind(kind).label}：{ev.contract_name} {ev.period.label} 截至 {as_of}"
    snap = Snapshot.objects.create(
        workspace=workspace, version=state.version, kind=kind, title=title[:200], period=ev.period.code,
        period_label=ev.period.label, as_of=as_of, engine_version=ENGINE_VERSION, facts=used, facts_count=len(used),
        facts_digest=ev.facts_digest, result=result, score=ev.score, passed=ev.passed,
        payment_ratio=ev.payment_ratio, created_by=actor,
    )
    record(Action.CREATE, obj=snap, workspace=workspace, actor=actor,
           after={"合同版本": state.version.number, "考核期": ev.period.label, "截至": as_of, "总分": ev.score,
                  "合格": ev.passed, "拨付比例": ev.payment_ratio, "事实条数": len(used)},
           message=f"冻结考核快照：{title}")
    return snap


def snapshot_exported(*, actor, snapshot: Snapshot, fmt: str) -> None:
    require_perm(actor, snapshot.workspace, ContractPerm.SNAPSHOT)
    record(Action.EXPORT, obj=snapshot, workspace=snapshot.workspace, actor=actor,
           message=f"导出考核快照（{fmt}）：{snapshot.title}")


# ---------------------------------------------------------------- 进度提醒
def _notify(*, users, workspace, title: str, body: str, url: str, kind: str = "contract_pace") -> None:
    notify(users=users, workspace=workspace, title=title, body=body, url=url, kind=kind)


def _managers(workspace) -> list:
    return list(users_with_role(workspace, Role.MANAGER))


@transaction.atomic
def alerts_check(*, workspace, as_of: dt.date | None = None) -> list[tuple[str, str, str]]:
    """评估当前合同（全周期），与上次记录的各义务状态比较；变为黄色或红色时提醒项目经理（站内 + 邮件）。

    返回本次状态发生变化的义务 [(义务名称, 原状态, 新状态)]。第一次检查只记录状态，黄/红也会提醒。
    """
    state = selectors.evaluation_for(workspace, as_of=as_of, period="annual")
    if state is None:
        return []
    known = {s.obligation: s for s in ObligationState.objects.filter(workspace=workspace)}
    changes: list[tuple[str, str, str]] = []
    alerts: list[str] = []
    for ob in state.evaluation.obligations:
        new = ob.pace.status
        prev = known.get(ob.id)
        old = prev.status if prev else ""
        if prev is None:
            ObligationState.objects.create(workspace=workspace, obligation=ob.id, name=ob.name[:300], status=new,
                                           checked_on=state.as_of)
        elif old != new:
            prev.status, prev.name, prev.checked_on = new, ob.name[:300], state.as_of
            prev.save()
        else:
            if prev.checked_on != state.as_of:
                ObligationState.objects.filter(pk=prev.pk).update(checked_on=state.as_of)
            continue
        changes.append((ob.name, old, new))
        if new in ALERT_STATUSES:
            p = ob.pace
            alerts.append(f"{ob.name}：{STATUS_TEXT.get(old, '未检查') if old else '首次检查'} → {STATUS_TEXT[new]}，"
                          f"已完成 {p.done:g}，应完成 {format_value(p.expected, ob.measurement.unit, whole=True)}，"
                          f"目标 {p.target:g}")
    if alerts:
        url = reverse("contracts:overview", kwargs={"ws": workspace.slug})
        title = f"合同履约提醒：{len(alerts)} 项义务进度滞后（截至 {state.as_of}）"
        body = "\n".join(alerts)
        _notify(users=_managers(workspace), workspace=workspace, title=title, body=body, url=url)
        record(Action.OTHER, object_type="contracts.pace", object_repr=state.contract.name, workspace=workspace,
               message=title[:500], after={"提醒": alerts})
    return changes


def alerts_check_all(as_of: dt.date | None = None) -> dict[str, int]:
    """每日任务：检查全部启用工作区的合同进度。"""

    out: dict[str, int] = {}
    for ws in Workspace.objects.filter(is_active=True, contract_versions__isnull=False).distinct():
        try:
            out[ws.slug] = len(alerts_check(workspace=ws, as_of=as_of))
        except Exception:  # 一个工作区出错不影响其他工作区
            log.exception("合同进度检查失败：%s", ws.slug)
    return out
