"""AI 审校的写操作与引擎装配。

* 词条：:func:`entry_create`、:func:`entry_update`、:func:`entry_set_active`、:func:`entries_import`——
  每次变更写审计并使工作区规则包版本加一（引擎缓存随之失效）。
* 白名单：:func:`whitelist_propose`（审核链忽略一条发现时也可调用）、:func:`whitelist_decide`。
* 审校：:func:`engine_for` 装配带工作区词条的引擎；:func:`proof_run` 检查并保存一次审校记录。
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.core import clock
from rongmei.core.notifications import notify, users_with_role
from rongmei.core.permissions import require_perm
from rongmei.engines.proofing import (
    Engine,
    ExtractError,
    LLMConfig,
    error_rate,
    extract_text,
    import_wordlist,
)
from rongmei.engines.proofing.finding import CATEGORIES
from rongmei.engines.proofing.packs import PackError, wordlist_rows
from rongmei.engines.proofing.rate import count_chars
from rongmei.engines.proofing.rules import statistical

from . import selectors
from .choices import IMPORTABLE, ProposalStatus, RuleCategory
from .models import PackVersion, ProofRun, RuleEntry, WhitelistProposal
from .permissions import ProofPerm
from .shapes import key_field, normalize

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20000
MAX_TEXT_CHARS = 200_000


def _bump(workspace) -> int:
    pv, _ = PackVersion.objects.select_for_update().get_or_create(workspace=workspace)
    pv.number += 1
    pv.save()
    return pv.number


def _record_change(instance, before: dict, *, actor, message: str):
    """与 audit.record_change 相同，但写明操作者（服务也会在请求之外被调用，如命令行、演示数据）。"""
    after = snapshot(instance)
    changed = [k for k in after if before.get(k) != after.get(k) and k != "修改时间"]
    if not changed:
        return None
    return record(Action.UPDATE, obj=instance, workspace=instance.workspace, actor=actor,
                  before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed}, message=message)


def _duplicate(workspace, category: str, term: str, *, exclude: int | None = None) -> bool:
    qs = RuleEntry.objects.filter(workspace=workspace, category=category, term=term, is_active=True)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


# ----------------------------------------------------------------------------- 词条


@transaction.atomic
def entry_create(*, actor, workspace, category: str, data: dict[str, Any], note: str = "") -> RuleEntry:
    """新增一条工作区词条（``data`` 为该类别的字段，见 :mod:`rongmei.proofread.shapes`）。"""
    require_perm(actor, workspace, ProofPerm.MANAGE_LEXICON)
    term, payload = normalize(category, data)
    if _duplicate(workspace, category, term):
        raise ValidationError({key_field(category): f"“{term}”已在{RuleCategory(category).label}词库中"})
    entry = RuleEntry.objects.create(workspace=workspace, category=category, term=term, payload=payload,
                                     note=(note or "").strip()[:300], created_by=actor)
    version = _bump(workspace)
    record(Action.CREATE, obj=entry, workspace=workspace, actor=actor, after=snapshot(entry),
           message=f"新增审校词条（规则包 v{version}）")
    return entry


@transaction.atomic
def entry_update(*, actor, entry: RuleEntry, data: dict[str, Any], note: str | None = None) -> RuleEntry:
    require_perm(actor, entry.workspace, ProofPerm.MANAGE_LEXICON)
    term, payload = normalize(entry.category, data)
    if entry.is_active and _duplicate(entry.workspace, entry.category, term, exclude=entry.pk):
        raise ValidationError({key_field(entry.category): f"“{term}”已在词库中"})
    before = snapshot(entry)
    entry.term, entry.payload = term, payload
    if note is not None:
        entry.note = note.strip()[:300]
    entry.save()
    if _record_change(entry, before, actor=actor, message="修改审校词条") is not None:
        _bump(entry.workspace)
    return entry


@transaction.atomic
def entry_set_active(*, actor, entry: RuleEntry, active: bool) -> RuleEntry:
    """停用（不删除，留痕）或重新启用一条词条。"""
    require_perm(actor, entry.workspace, ProofPerm.MANAGE_LEXICON)
    if entry.is_active == active:
        return entry
    if active and _duplicate(entry.workspace, entry.category, entry.term, exclude=entry.pk):
        raise ValidationError(f"“{entry.term}”已有启用的同名词条")
    before = snapshot(entry)
    entry.is_active = active
    entry.save()
    _record_change(entry, before, actor=actor, message="启用词条" if active else "停用词条")
    _bump(entry.workspace)
    return entry


@dataclass
class ImportResult:
    created: int
    skipped: int
    version: int


def _first_column_rows(path: Path) -> dict[str, int]:
    """词表第一列的词 → 首次出现的行号（与引擎 import_wordlist 同一读法），用于行号准确的报错。"""
    rows: dict[str, int] = {}
    for number, first, _ in wordlist_rows(path):
        rows.setdefault(first.strip().rstrip(",，"), number)
    return rows


def _read_wordlist(upload, filename: str, category: str, severity: str) -> tuple[list[dict], dict[str, int]]:
    suffix = Path(filename).suffix.lower()
    if suffix not in {".txt", ".xlsx"}:
        raise ValidationError({"file": f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .txt 或 .xlsx 词表"})
    data = upload.read() if hasattr(upload, "read") else Path(upload).read_bytes()
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": "词表文件超过 5 MB，请拆分后分批导入"})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(filename).name or f"wordlist{suffix}")  # errors name the user's file
        path.write_bytes(data)
        try:
            entries = import_wordlist(path, category, severity=severity, min_length=1)
            rows = _first_column_rows(path)
        except PackError as exc:
            raise ValidationError({"file": str(exc)}) from exc
        except Exception as exc:  # openpyxl 对损坏文件抛出多种异常
            raise ValidationError({"file": f"无法读取词表文件“{filename}”：文件已损坏或不是 {suffix} 格式"}) from exc
    return entries, rows


def entries_import(*, actor, workspace, category: str, upload, filename: str, severity: str = "中") -> ImportResult:
    """从 .txt/.xlsx 词表批量导入词条：任何一行有错就整批不导入，错误写明行号；已存在的词跳过。

    先在事务外读取并解析文件（不占写锁），再在一个事务里校验与写入。
    """
    require_perm(actor, workspace, ProofPerm.MANAGE_LEXICON)
    if category not in IMPORTABLE:
        raise ValidationError({"category": "该类别不支持批量导入"})
    if severity not in ("高", "中", "低"):
        raise ValidationError({"severity": "严重程度必须是 高/中/低"})
    raw_entries, rows = _read_wordlist(upload, filename, category, severity)
    return _import_entries(actor=actor, workspace=workspace, category=category, filename=filename,
                           raw_entries=raw_entries, rows=rows)


@transaction.atomic
def _import_entries(*, actor, workspace, category: str, filename: str, raw_entries: list[dict],
                    rows: dict[str, int]) -> ImportResult:
    if not raw_entries:
        raise ValidationError({"file": "词表中没有可导入的词条（空文件或只有注释/表头）"})
    if len(raw_entries) > MAX_IMPORT_ROWS:
        raise ValidationError({"file": f"词表超过 {MAX_IMPORT_ROWS} 条，请拆分后分批导入"})
    key = key_field(category)
    errors: list[str] = []
    to_create: list[RuleEntry] = []
    skipped = 0
    existing = set(RuleEntry.objects.filter(workspace=workspace, category=category, is_active=True)
                   .values_list("term", flat=True))
    first_key = "speaker" if category == RuleCategory.QUOTATION else key
    for raw in raw_entries:
        row = rows.get(str(raw.get(first_key, "")).strip(), 0)
        where = f"第 {row} 行" if row else f"“{raw.get(first_key)}”"
        try:
            term, payload = normalize(category, raw)
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                errors.extend(f"{where}：{m}" for m in msgs)
            continue
        if term in existing:
            skipped += 1
            continue
        existing.add(term)
        to_create.append(RuleEntry(workspace=workspace, category=category, term=term, payload=payload,
                                   note=f"导入自 {filename}"[:300], created_by=actor))
    if errors:
        shown = errors[:30]
        if len(errors) > 30:
            shown.append(f"……共 {len(errors)} 处错误，以上为前 30 处")
        raise ValidationError(["词表有错误，未导入任何词条，请修改后重新上传。", *shown])
    if not to_create:
        return ImportResult(created=0, skipped=skipped, version=selectors.pack_version(workspace)[0])
    RuleEntry.objects.bulk_create(to_create)
    version = _bump(workspace)
    record(Action.IMPORT, object_type="proofread.ruleentry", object_repr=f"{RuleCategory(category).label}词表",
           workspace=workspace, actor=actor,
           after={"文件": filename, "类别": RuleCategory(category).label, "导入": len(to_create), "跳过": skipped,
                  "词条": [e.term for e in to_create[:200]]},
           message=f"导入审校词表 {filename}：{len(to_create)} 条（规则包 v{version}）")
    return ImportResult(created=len(to_create), skipped=skipped, version=version)


# ----------------------------------------------------------------------------- 白名单申请


@transaction.atomic
def whitelist_propose(*, actor, workspace, term: str, category: str, reason: str,
                      source_ref: str = "") -> WhitelistProposal:
    """申请把一个词加入工作区白名单（如审核时忽略一条发现并说明了理由）。

    同一个词已有待审核申请时返回那条申请（不重复创建）；已在白名单中时抛出 ValidationError。
    ``source_ref`` 记录来源，如 ``"production.checkfinding:123"``。
    """
    require_perm(actor, workspace, ProofPerm.PROPOSE_WHITELIST)
    term = (term or "").strip()
    reason = (reason or "").strip()
    errors = {}
    if len(term) < 2 or len(term) > 100:
        errors["term"] = "白名单词应为 2～100 个字"
    if not reason:
        errors["reason"] = "请说明为什么这个词不应被标出"
    if errors:
        raise ValidationError(errors)
    if _duplicate(workspace, RuleCategory.WHITELIST, term):
        raise ValidationError({"term": f"“{term}”已在白名单中"})
    pending = WhitelistProposal.objects.filter(workspace=workspace, term=term, status=ProposalStatus.PENDING).first()
    if pending is not None:
        return pending
    proposal = WhitelistProposal.objects.create(
        workspace=workspace, term=term, category=(category or "")[:32], reason=reason[:500],
        source_ref=(source_ref or "")[:200], proposed_by=actor)
    record(Action.CREATE, obj=proposal, workspace=workspace, actor=actor, after=snapshot(proposal),
           message=f"申请将“{term}”加入审校白名单")

    deciders = [u for u in users_with_role(workspace, "manager", "reviewer") if actor is None or u.pk != actor.pk]
    notify(users=deciders, workspace=workspace, kind="proofread.whitelist",
           title=f"白名单申请待审核：“{term}”", body=f"理由：{reason}",
           url=reverse("proofread:proposals", kwargs={"ws": workspace.slug}))
    return proposal


@transaction.atomic
def whitelist_decide(*, actor, proposal: WhitelistProposal, accept: bool, comment: str = "") -> WhitelistProposal:
    """审核员/项目经理采纳或驳回白名单申请；采纳时新增白名单词条（写审计、规则包版本加一）。"""
    workspace = proposal.workspace
    require_perm(actor, workspace, ProofPerm.DECIDE_WHITELIST)
    proposal = WhitelistProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ValidationError(f"该申请已{proposal.get_status_display()}，不能重复处理")
    if actor is not None and proposal.proposed_by_id == actor.pk and not actor.is_superuser:
        raise ValidationError("不能审批自己提出的申请，请由另一位审核员或项目经理决定")
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": "驳回时请填写意见"})
    before = {"状态": proposal.get_status_display()}
    if accept:
        entry = RuleEntry.objects.filter(workspace=workspace, category=RuleCategory.WHITELIST, term=proposal.term,
                                         is_active=True).first()
        if entry is None:
            entry = RuleEntry.objects.create(
                workspace=workspace, category=RuleCategory.WHITELIST, term=proposal.term,
                payload={"term": proposal.term}, note=f"白名单申请 #{proposal.pk}：{proposal.reason}"[:300],
                created_by=actor)
            version = _bump(workspace)
            record(Action.CREATE, obj=entry, workspace=workspace, actor=actor, after=snapshot(entry),
                   message=f"采纳白名单申请，新增白名单词条（规则包 v{version}）")
        proposal.entry = entry
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = clock.now()
    proposal.decision_comment = comment[:500]
    proposal.save()
    record(Action.APPROVE, obj=proposal, workspace=workspace, actor=actor, before=before,
           after={"状态": proposal.get_status_display(), "意见": comment},
           message=f"{'采纳' if accept else '驳回'}白名单申请“{proposal.term}”")
    if proposal.proposed_by is not None:
        notify(users=[proposal.proposed_by], workspace=workspace, kind="proofread.whitelist",
               title=f"白名单申请“{proposal.term}”{proposal.get_status_display()}", body=comment,
               url=reverse("proofread:proposals", kwargs={"ws": workspace.slug}), email=False)
    return proposal


# ----------------------------------------------------------------------------- 引擎与审校

_data_cache: dict[int, tuple[tuple, tuple[dict, list]]] = {}
_cache_lock = threading.Lock()


def llm_config() -> LLMConfig | None:
    url = getattr(settings, "PROOF_LLM_URL", "")
    if not url:
        return None
    return LLMConfig(base_url=url, model=getattr(settings, "PROOF_LLM_MODEL", "") or "default",
                     api_key=getattr(settings, "PROOF_LLM_KEY", "") or None)


def engine_for(workspace) -> Engine:
    """带工作区词条与白名单的审校引擎。

    词条按（工作区, 规则包版本号, 版本更新时间）缓存在进程内，版本不变时只查一次版本号；
    引擎自身按词条哈希缓存编译结果。配置了 ``PROOF_LLM_URL`` 时启用大模型复核。
    """
    number, updated = selectors.pack_version(workspace)
    key = (number, updated)
    with _cache_lock:
        hit = _data_cache.get(workspace.pk)
    if hit is not None and hit[0] == key and number > 0:
        extra, whitelist = hit[1]
    else:
        extra, whitelist = selectors.engine_data(workspace)
        with _cache_lock:
            _data_cache[workspace.pk] = (key, (extra, whitelist))
    return Engine(extra=extra or None, whitelist=whitelist or None, llm=llm_config())


def engines_warm() -> int:
    """启动时加载规则包、分词词典，并编译每个启用工作区的引擎（按规则包版本缓存在进程内），返回编译的工作区数。

    之后的在线审校、送审自动检查直接用缓存；词条变更使版本号加一，下次检查时只重编译该工作区。
    """
    from rongmei.workspaces.models import Workspace

    Engine().warm()  # 内置规则包（YAML/词表）与分词词典、成语索引只加载一次
    n = 0
    for ws in Workspace.objects.filter(is_active=True):
        engine_for(ws)
        n += 1
    return n


def _enrich(findings, text: str) -> list[dict]:
    out = []
    for i, f in enumerate(findings):
        d = f.to_dict()
        d["id"] = i
        d["category_label"] = CATEGORIES.get(f.category, f.category)
        d["context_before"] = text[max(0, f.start - 15):f.start]
        d["context_after"] = text[f.end:f.end + 15]
        out.append(d)
    return out


def proof_text(*, workspace, text: str, thorough: bool = False) -> tuple[list[dict], float, str]:
    """检查一段文本（不保存）：返回（发现，差错率，规则包版本）。

    ``thorough``（细查）：统计纠错层把把握较低的疑似错别字也列出，查得多、误报也多。"""
    engine = engine_for(workspace)
    # 更名后的提法、领导任职期间按文章日期（今天）判断
    findings = engine.check(text, date=clock.today(),
                            stat_confidence=statistical.THOROUGH_CONFIDENCE if thorough else None)
    return _enrich(findings, text), round(error_rate(findings, text), 3), engine.version


def proof_run(*, actor, workspace, text: str, source_name: str = "", source: str = "web",
              thorough: bool = False) -> ProofRun:
    """审校一段文本并保存审校记录（只存哈希、统计与发现，不存原文）。

    不包在事务里：检查（尤其启用大模型复核时）可能耗时数秒，不能占着 SQLite 的写锁；记录用一条 INSERT 写入。
    """
    require_perm(actor, workspace, ProofPerm.USE)
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValidationError({"text": "请粘贴要审校的文字或上传文件"})
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError({"text": f"文本超过 {MAX_TEXT_CHARS // 10000} 万字，请分段审校"})
    findings, rate, version = proof_text(workspace=workspace, text=text, thorough=thorough)
    return ProofRun.objects.create(
        workspace=workspace, user=actor, source=source, source_name=(source_name or "")[:200],
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), char_count=count_chars(text),
        finding_count=len(findings), high_count=sum(1 for f in findings if f["severity"] == "高"),
        error_rate=rate, rulepack=version, findings=findings)


def extract_upload(upload, filename: str) -> str:
    """从上传的 .txt/.docx/.md/.html 文件抽取文本（引擎 extract_text），错误转为中文 ValidationError。"""

    suffix = Path(filename).suffix.lower()
    safe = re.sub(r"[^\w.]", "_", Path(filename).stem)[:40] or "upload"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{safe}{suffix}"
        data = upload.read()
        if len(data) > 20 * 1024 * 1024:
            raise ValidationError({"file": "文件超过 20 MB"})
        path.write_bytes(data)
        try:
            return extract_text(path)
        except ExtractError as exc:
            raise ValidationError({"file": str(exc)}) from exc
