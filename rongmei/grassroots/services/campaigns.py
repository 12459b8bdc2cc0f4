"""涨粉活动：活动与单位目标、单位渠道码（公众号带参数二维码）、推送事件归因；线上答题；可验证抽奖。"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rongmei.audit.choices import Action
from rongmei.audit.services import record, snapshot
from rongmei.core import clock
from rongmei.core.links import MESSAGE as LINK_MESSAGE
from rongmei.core.links import is_web_url
from rongmei.core.permissions import require_perm
from rongmei.engines.docgen import Report
from rongmei.engines.platforms import PlatformError
from rongmei.engines.tabular import Limits, TabularError, column_letter, read_table
from rongmei.publishing import credentials

from .. import drawing, followstats, selectors
from ..choices import RULE_NEEDS_N, ChannelPlatform, DrawState, FollowEventKind, Method, RuleBasis, RuleEffect
from ..models import (
    Campaign,
    CampaignChannel,
    CampaignUnit,
    Draw,
    FollowEvent,
    FollowImport,
    Prize,
    Quiz,
    QuizEntry,
    RewardRule,
    Unit,
)
from ..permissions import GrassrootsPerm
from ..rules import rule_label
from .training import SheetError


@transaction.atomic
def campaign_save(*, actor, workspace, campaign: Campaign | None = None, name: str, account, goal: int,
                  start: dt.date, deadline: dt.date, methods: list[str], rewards: str = "", penalties: str = "",
                  max_population_share=0.05) -> Campaign:
    require_perm(actor, workspace, GrassrootsPerm.MANAGE)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写活动名称"
    if account is None or account.workspace_id != workspace.pk:
        errors["account"] = "请选择本工作区的公众号"
    if not goal or goal <= 0:
        errors["goal"] = "目标须为正整数"
    if start and deadline and deadline < start:
        errors["deadline"] = "截止日期不能早于开始日期"
    if not methods:
        errors["methods"] = "请事先声明活动方法（检查时据此说明涨粉方式）"
    elif set(methods) - set(Method.values):
        errors["methods"] = "方法不在可选范围内"
    if errors:
        raise ValidationError(errors)
    creating = campaign is None
    c = campaign or Campaign(workspace=workspace)
    c.name, c.account, c.goal, c.start, c.deadline = name.strip(), account, goal, start, deadline
    c.methods, c.rewards, c.penalties, c.max_population_share = list(methods), rewards, penalties, max_population_share
    c.save()
    record(Action.CREATE if creating else Action.UPDATE, obj=c, workspace=workspace, actor=actor, after=snapshot(c),
           message="新建涨粉活动" if creating else "修改涨粉活动")
    return c


@transaction.atomic
def campaign_unit_add(*, actor, campaign: Campaign, unit: Unit, target: int) -> CampaignUnit:
    require_perm(actor, campaign.workspace, GrassrootsPerm.MANAGE)
    if unit.workspace_id != campaign.workspace_id:
        raise ValidationError({"unit": "单位不在本工作区"})
    if target is None or target < 0:
        raise ValidationError({"target": "目标须为 0 或正整数"})
    cu = CampaignUnit.objects.filter(campaign=campaign, unit=unit).first()
    if cu is None:
        cu = CampaignUnit.objects.create(campaign=campaign, unit=unit, target=target,
                                         scene_str=f"c{campaign.pk}u{unit.pk}")
    else:
        cu.target = target
        cu.save(update_fields=["target"])
    record(Action.UPDATE, obj=campaign, workspace=campaign.workspace, actor=actor,
           after={"单位": unit.name, "目标": target}, message="设置单位涨粉目标")
    return cu


def campaign_unit_qr(*, actor, cu: CampaignUnit) -> CampaignUnit:
    """向公众号申请本单位的永久带参数二维码（scene_str）；平台报错时给出中文原因，不改数据。"""
    ws = cu.campaign.workspace
    require_perm(actor, ws, GrassrootsPerm.MANAGE)
    try:
        result = credentials.adapter_for(cu.campaign.account).channel_qr(cu.scene_str, permanent=True)
    except PlatformError as exc:
        raise ValidationError(f"公众号没有生成二维码：{exc.explanation}") from None
    except AttributeError:
        raise ValidationError("这个账号的平台不支持带参数二维码，请改用单位专属链接并导入后台的来源数据") from None
    cu.qr_ticket, cu.qr_url = str(result.get("ticket", "")), str(result.get("url", ""))
    cu.save(update_fields=["qr_ticket", "qr_url"])
    record(Action.CREATE, obj=cu.campaign, workspace=ws, actor=actor,
           after={"单位": cu.unit.name, "场景值": cu.scene_str}, message="生成单位渠道二维码")
    return cu


EVENTS = {"subscribe": FollowEventKind.SUBSCRIBE, "unsubscribe": FollowEventKind.UNSUBSCRIBE,
          "scan": FollowEventKind.SCAN}


def follow_event_receive(*, account, fields: dict) -> FollowEvent | None:
    """公众号推送（已由互动应用验签）→ 关注事件。subscribe 的 EventKey 是 “qrscene_场景值”，SCAN 的是场景值；
    用户发来的消息与点菜单记为“互动”（关注后是否读、是否用，是增长质量的一项）。同一事件重复推送只记一次。"""
    openid = str(fields.get("FromUserName") or "")
    if not openid:
        return None
    msg_type = fields.get("MsgType", "")
    event = str(fields.get("Event", "")).lower()
    key = str(fields.get("EventKey") or "")
    if msg_type == "event" and event in EVENTS:
        kind = EVENTS[event]
        scene = key[len("qrscene_"):] if key.startswith("qrscene_") else key
    elif msg_type:
        kind, scene = FollowEventKind.ACTIVE, ""
    else:
        return None
    if kind == FollowEventKind.ACTIVE and not FollowEvent.objects.filter(
            account=account, openid=openid, kind=FollowEventKind.SUBSCRIBE).exists():
        return None  # 只关心经渠道码关注的人后来有没有互动
    cu = selectors.campaign_unit_by_scene(account.pk, scene) if scene else None
    try:
        at = dt.datetime.fromtimestamp(int(fields.get("CreateTime") or 0), tz=dt.UTC) if fields.get("CreateTime") \
            else clock.now()
    except (TypeError, ValueError, OverflowError):
        at = clock.now()
    try:
        with transaction.atomic():
            return FollowEvent.objects.create(workspace_id=account.workspace_id, account=account, openid=openid,
                                              kind=kind, scene_str=scene[:64], campaign_unit=cu, at=at)
    except IntegrityError:
        return None


def campaign_report_docx(*, actor, campaign: Campaign, month: dt.date | None = None) -> tuple[str, bytes]:
    """活动说明（Word，可交给检查组）：目标、事先声明的方法、奖惩规则、护栏规则，以及每个单位的增长、质量与适用的奖惩。
    给了 month 时是该月的排名（只计该月新关注的人）。单位管理员导出的只含本单位及下级单位（名次仍是全活动的名次）。"""
    scope = selectors.campaign_scope(actor, campaign.workspace)
    if scope is None:
        raise PermissionDenied("涨粉活动只对组长、编辑等工作人员和单位管理员开放")
    all_rows = selectors.campaign_quality(campaign, month=month)
    outcome = selectors.campaign_outcomes(campaign, selectors.campaign_ranked(all_rows))
    rows = selectors.in_scope(all_rows, scope)
    visible = {r.cu.pk for r in rows}
    totals = selectors.campaign_totals(rows)
    ranked = [(n, r) for n, r in selectors.campaign_ranked(all_rows) if r.cu.pk in visible]
    rules = list(campaign.rules.order_by("-effect", "pk"))
    channels = list(campaign.channels.all())

    def pct(v):
        return "—" if v is None else f"{v * 100:.1f}%"

    def deal(row):
        return "；".join(f"{label}：{text}" for label, text in outcome.get(row.cu.pk, [])) or "—"

    period = f"{month.year} 年 {month.month} 月" if month else "活动全程"
    report = (Report(title=f"{campaign.name}：方法与增长质量说明",
                     meta={"公众号": campaign.account.name, "活动期间": f"{campaign.start:%Y-%m-%d} 至 {campaign.deadline:%Y-%m-%d}",
                           "关注人数目标": f"{campaign.goal} 人", "统计范围": period,
                           **({} if scope.everything else {"单位范围": scope.label})})
              .heading("一、事先声明的方法与奖惩办法")
              .paragraph("、".join(Method(m).label for m in campaign.methods if m in Method.values) or "（未声明）")
              .paragraph(f"奖励办法：{campaign.rewards or '无'}")
              .paragraph(f"约束办法：{campaign.penalties or '无'}"))
    if rules:
        report = report.table(["依据", "奖惩", "内容"], [[rule_label(r), r.get_effect_display(), r.text] for r in rules])
    report = (report.heading("二、统计口径与护栏")
              .paragraph("新增关注只计用户经本单位渠道码的首次关注：公众号按带参数二维码的场景值归到单位（平台推送的关注事件）"
                         + ("；" + "、".join(str(ch) for ch in channels) + " 没有带参数二维码，用单位专属链接（?from=渠道码），"
                            "关注数据从平台后台按来源渠道导出后导入，口径相同" if channels else "")
                         + "。同一用户反复关注只算一次；取关按关注后 7 天、30 天内计；“有互动”指关注后留言、点菜单或再次扫码"
                         "（公众号不提供每个用户的阅读记录）。")
              .paragraph(f"护栏：单位目标超过常住人口的 {float(campaign.max_population_share) * 100:g}%；"
                         f"7 天内取关超过 {float(campaign.fast_unfollow_share) * 100:g}%；"
                         f"关注后从无互动超过 {float(campaign.never_active_share) * 100:g}%（新增满 20 人才判断）。")
              .heading(f"三、各单位增长、质量与奖惩（{period}，按净增、再按 7 天留存排名）")
              .table(["名次", "单位", "目标", "新增", "7 天取关", "30 天取关", "有互动", "净增", "触发的规则", "奖惩"],
                     [[n, r.cu.unit.name, r.cu.target, r.new, r.unfollow_7, r.unfollow_30, pct(r.active_share), r.net,
                       "；".join(r.flags) or "无", deal(r)] for n, r in ranked])
              .paragraph(f"合计：新增 {totals['new']} 人，30 天内取关 {totals['unfollow_30']} 人，净增 {totals['net']} 人；"
                         f"触发护栏的单位 {totals['flagged']} 个。"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(report.save_docx(Path(tmp) / "campaign.docx")).read_bytes()
    record(Action.EXPORT, obj=campaign, workspace=campaign.workspace, actor=actor, message="导出涨粉活动说明")
    return f"涨粉活动说明-{campaign.name}.docx", data


# ---------------------------------------------------------------- 线上答题
@transaction.atomic
def quiz_save(*, actor, workspace, title: str, opens_at: dt.datetime, closes_at: dt.datetime,
              questions: list[dict]) -> Quiz:
    require_perm(actor, workspace, GrassrootsPerm.MANAGE)
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写活动名称"
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = "结束时间须晚于开始时间"
    if not questions:
        errors["questions"] = "请至少出一道题"
    for i, q in enumerate(questions or [], start=1):
        if not q.get("q") or len(q.get("options") or []) < 2 or not 0 <= int(q.get("answer", -1)) < len(q["options"]):
            errors["questions"] = f"第 {i} 题不完整：须有题目、至少两个选项和正确答案"
            break
    if errors:
        raise ValidationError(errors)
    quiz = Quiz.objects.create(workspace=workspace, title=title.strip(), opens_at=opens_at, closes_at=closes_at,
                               questions=questions, token=secrets.token_urlsafe(12))
    record(Action.CREATE, obj=quiz, workspace=workspace, actor=actor, after=snapshot(quiz), message="新建线上答题")
    return quiz


def phone_identity(quiz: Quiz, phone: str) -> str:
    """用手机号作答时的身份：显示手机号前三位和尾号，加一段按活动与手机号算出的摘要（同一人同一活动不变）。
    抽奖名单会公开，所以不存完整手机号。"""
    digest = hashlib.sha256(f"{quiz.pk}:{phone}".encode()).hexdigest()[:10]
    return f"tel:{phone[:3]}****{phone[-4:]}:{digest}"


def quiz_enter(*, quiz: Quiz, identity: str = "", answers: list, phone: str = "",
               now: dt.datetime | None = None) -> QuizEntry:
    """一人一次（按平台身份 openid，或手机号）；自动判分。答题在时间窗外、漏答、重复作答都拒绝。"""
    now = now or clock.now()
    identity, via = (identity or "").strip(), "openid"
    if not identity and phone:
        digits = "".join(ch for ch in phone if ch.isdigit())
        if len(digits) != 11 or not digits.startswith("1"):
            raise ValidationError("手机号应为 11 位数字")
        identity, via = phone_identity(quiz, digits), "phone"
    if not identity:
        raise ValidationError("缺少平台身份，请从公众号里的链接进入，或填写手机号")
    if len(identity) > 64:
        raise ValidationError("平台身份不正确")
    if now < quiz.opens_at:
        raise ValidationError(f"不在答题时间内：答题尚未开始，开始时间 {timezone.localtime(quiz.opens_at):%Y-%m-%d %H:%M}")
    if now > quiz.closes_at:
        raise ValidationError("不在答题时间内：答题已经结束")
    answers = list(answers or [])
    if len(answers) != len(quiz.questions):
        raise ValidationError(f"请回答全部 {len(quiz.questions)} 道题")
    for n, (q, a) in enumerate(zip(quiz.questions, answers, strict=True), start=1):
        try:
            ok = 0 <= int(a) < len(q["options"])
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValidationError(f"第 {n} 题还没有选答案")
    score = sum(1 for q, a in zip(quiz.questions, answers, strict=True) if int(q["answer"]) == int(a))
    try:
        with transaction.atomic():
            return QuizEntry.objects.create(quiz=quiz, identity=identity, via=via, answers=[int(a) for a in answers],
                                            score=score, submitted_at=now)
    except IntegrityError:
        raise ValidationError("每人只能作答一次") from None


# ---------------------------------------------------------------- 可验证抽奖
@transaction.atomic
def draw_commit(*, actor, workspace, title: str, prize: str, winners_count: int, quiz: Quiz | None = None) -> Draw:
    """第一步：生成保密种子，只公布它的 SHA-256（承诺）。"""
    require_perm(actor, workspace, GrassrootsPerm.MANAGE)
    if not (title or "").strip() or not (prize or "").strip():
        raise ValidationError("请填写抽奖名称和奖品")
    if not winners_count or winners_count < 1:
        raise ValidationError({"winners_count": "中奖人数至少 1 人"})
    seed = secrets.token_hex(32)
    d = Draw.objects.create(workspace=workspace, quiz=quiz, title=title.strip(), prize=prize.strip(),
                            winners_count=winners_count, seed_hash=drawing.sha256(seed), sealed_seed=seed,
                            committed_at=clock.now())
    record(Action.CREATE, obj=d, workspace=workspace, actor=actor,
           after={"种子哈希": d.seed_hash, "算法": drawing.ALGORITHM}, message="抽奖：公布种子哈希")
    return d


@transaction.atomic
def draw_run(*, actor, draw: Draw, entrants: list[str] | None = None) -> Draw:
    """第二步：冻结参与名单（答题活动结束后取全部答题者），按公开算法抽出中奖人并公开种子。审计日志记下
    种子哈希、名单哈希、种子与中奖名单，任何人可复算。"""
    require_perm(actor, draw.workspace, GrassrootsPerm.MANAGE)
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if draw.state == DrawState.DRAWN:
        raise ValidationError("已经开奖，不能再抽")
    if entrants is None:
        if draw.quiz is None:
            raise ValidationError("没有关联答题活动，请提供参与名单")
        if clock.now() < draw.quiz.closes_at:
            raise ValidationError("答题尚未结束，名单还不能冻结")
        entrants = list(draw.quiz.entries.values_list("identity", flat=True))
    frozen = drawing.freeze(entrants)
    if not frozen:
        raise ValidationError("参与名单为空")
    draw.entrants, draw.entrants_hash = frozen, drawing.entrants_hash(frozen)
    draw.seed = draw.sealed_seed
    draw.winners = drawing.draw(draw.seed, frozen, draw.winners_count)
    draw.state, draw.drawn_at = DrawState.DRAWN, clock.now()
    draw.save()
    Prize.objects.bulk_create([Prize(draw=draw, identity=w) for w in draw.winners])
    record(Action.APPROVE, obj=draw, workspace=draw.workspace, actor=actor,
           after={"种子哈希": draw.seed_hash, "名单哈希": draw.entrants_hash, "参与人数": len(frozen),
                  "种子": draw.seed, "中奖": draw.winners, "算法": drawing.ALGORITHM}, message="抽奖：开奖并公开种子")
    return draw


@transaction.atomic
def prize_deliver(*, actor, prize: Prize, note: str = "") -> Prize:
    require_perm(actor, prize.draw.workspace, GrassrootsPerm.MANAGE)
    if prize.delivered_at:
        raise ValidationError("奖品已登记发放")
    prize.delivered_at, prize.note = clock.now(), (note or "").strip()
    prize.save(update_fields=["delivered_at", "note"])
    record(Action.UPDATE, obj=prize.draw, workspace=prize.draw.workspace, actor=actor,
           after={"中奖人": prize.identity, "说明": prize.note}, message="登记奖品发放")
    return prize





# ---------------------------------------------------------------- 其他平台：单位专属链接与后台数据导入
@transaction.atomic
def channel_add(*, actor, campaign: Campaign, platform: str, name: str, landing_url: str) -> CampaignChannel:
    """给活动加一个没有带参数二维码的平台账号（微博、抖音等）：每个参加单位得到一条 ?from=渠道码 的专属链接。"""
    require_perm(actor, campaign.workspace, GrassrootsPerm.MANAGE)
    errors = {}
    if platform not in ChannelPlatform.values:
        errors["platform"] = "请选择平台"
    if not (name or "").strip():
        errors["name"] = "请填写账号名称"
    if not is_web_url(landing_url):
        errors["landing_url"] = LINK_MESSAGE
    if errors:
        raise ValidationError(errors)
    ch = CampaignChannel.objects.create(campaign=campaign, platform=platform, name=name.strip(),
                                        landing_url=landing_url.strip())
    record(Action.CREATE, obj=campaign, workspace=campaign.workspace, actor=actor,
           after={"平台": ch.get_platform_display(), "账号": ch.name, "落地页": ch.landing_url},
           message="添加活动平台渠道")
    return ch


IMPORT_LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=100_000)
IMPORT_HEADERS = {
    "user": ("用户标识", "用户ID", "用户id", "粉丝ID", "粉丝id", "openid", "OpenID", "用户"),
    "source": ("来源渠道", "渠道", "来源", "渠道码", "from"),
    "followed": ("关注时间", "关注日期"),
    "unfollowed": ("取关时间", "取消关注时间", "取关日期"),
    "active": ("互动时间", "最近互动时间", "首次互动时间"),
}
IMPORT_REQUIRED = ("user", "source", "followed")


def _when(value) -> dt.datetime | None:
    """表格里的时间：Excel 的日期时间，或“2025-11-03 10:20”“2025/11/3”这样的文字（北京时间）。"""
    if isinstance(value, dt.datetime):
        naive = value
    elif isinstance(value, dt.date):
        naive = dt.datetime.combine(value, dt.time.min)
    else:
        text = str(value or "").strip().replace("/", "-").replace("T", " ")
        if not text:
            return None
        naive = None
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                naive = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if naive is None:
            raise ValueError(text)
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


def _code(text: str) -> str:
    text = text.strip()
    if "from=" in text:  # 整条链接也认
        text = text.split("from=", 1)[1].split("&", 1)[0]
    return text


def follow_import(*, actor, channel: CampaignChannel, data: bytes, filename: str) -> dict[str, int]:
    """导入平台后台按来源渠道导出的关注数据（每行一个用户：用户标识、来源渠道、关注时间、可选的取关时间和互动时间）。
    列按表头名称认；整表先校验，有一行错就一行也不写入（抛 SheetError，写明第几行、哪一列）。同一文件再导一次不会重复计数。"""
    campaign = channel.campaign
    require_perm(actor, campaign.workspace, GrassrootsPerm.MANAGE)
    try:
        header, body = read_table(data, filename=filename, limits=IMPORT_LIMITS).header_and_body()
    except TabularError as exc:
        raise SheetError([str(exc)]) from None
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        word = str(h or "").strip()
        for key, words in IMPORT_HEADERS.items():
            if key not in cols and word in words:
                cols[key] = i
    missing = [IMPORT_HEADERS[k][0] for k in IMPORT_REQUIRED if k not in cols]
    if missing:
        raise SheetError([f"第 1 行：缺少“{'”“'.join(missing)}”列（表头：用户标识、来源渠道、关注时间，可选：取关时间、互动时间）"])
    units = {cu.scene_str: cu for cu in campaign.units.select_related("unit")}
    errors: list[str] = []
    rows: list[tuple[str, CampaignUnit, dt.datetime, dt.datetime | None, dt.datetime | None]] = []
    seen: dict[str, int] = {}

    def raw(row, key):
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else None

    def at(line, key, label):
        return f"第 {line} 行 {column_letter(cols[key] + 1)} 列（{label}）"

    for line, row in body:
        if not any(str(c or "").strip() for c in row):
            continue
        user = str(raw(row, "user") or "").strip()
        code = _code(str(raw(row, "source") or ""))
        if not user:
            errors.append(f"{at(line, 'user', '用户标识')}：为空")
            continue
        if len(user) > 64:
            errors.append(f"{at(line, 'user', '用户标识')}：超过 64 个字符")
            continue
        cu = units.get(code)
        if cu is None:
            errors.append(f"{at(line, 'source', '来源渠道')}：“{code or '（空）'}”不是本活动的单位渠道码")
            continue
        times = {}
        bad = False
        for key, label in (("followed", "关注时间"), ("unfollowed", "取关时间"), ("active", "互动时间")):
            if key not in cols:
                times[key] = None
                continue
            try:
                times[key] = _when(raw(row, key))
            except ValueError:
                errors.append(f"{at(line, key, label)}：“{raw(row, key)}”不是时间（应为 2025-11-03 10:20 这样的格式）")
                bad = True
        if bad:
            continue
        if times["followed"] is None:
            errors.append(f"{at(line, 'followed', '关注时间')}：为空")
            continue
        if times["unfollowed"] is not None and times["unfollowed"] < times["followed"]:
            errors.append(f"{at(line, 'unfollowed', '取关时间')}：早于关注时间")
            continue
        if user in seen:
            errors.append(f"{at(line, 'user', '用户标识')}：“{user}”与第 {seen[user]} 行重复")
            continue
        seen[user] = line
        rows.append((user, cu, times["followed"], times["unfollowed"], times["active"]))
        if len(errors) >= 50:
            break
    if errors:
        raise SheetError(errors)
    if not rows:
        raise SheetError(["表里没有任何关注记录"])
    with transaction.atomic():
        batch = FollowImport.objects.create(channel=channel, filename=filename[:200], rows=len(rows),
                                            created_by=actor)
        ws_id = campaign.workspace_id
        events = []
        for user, cu, followed, unfollowed, active in rows:
            common = {"workspace_id": ws_id, "channel": channel, "openid": user, "batch": batch}
            events.append(FollowEvent(kind=FollowEventKind.SUBSCRIBE, scene_str=cu.scene_str, campaign_unit=cu,
                                      at=followed, **common))
            if unfollowed is not None:
                events.append(FollowEvent(kind=FollowEventKind.UNSUBSCRIBE, at=unfollowed, **common))
            if active is not None:
                events.append(FollowEvent(kind=FollowEventKind.ACTIVE, at=active, **common))
        before = FollowEvent.objects.filter(channel=channel).count()
        FollowEvent.objects.bulk_create(events, ignore_conflicts=True)
        added = FollowEvent.objects.filter(channel=channel).count() - before
        record(Action.IMPORT, obj=campaign, workspace=campaign.workspace, actor=actor,
               after={"平台": str(channel), "文件": filename, "行数": len(rows), "新增事件": added},
               message="导入平台后台关注数据")
    followstats.refresh(campaign)  # 导入承担重算（只重算表里的用户），活动页不必再等
    return {"rows": len(rows), "added": added, "skipped": len(events) - added}


# ---------------------------------------------------------------- 奖惩规则（数据）
@transaction.atomic
def rule_add(*, actor, campaign: Campaign, basis: str, effect: str, text: str, n: int | None = None) -> RewardRule:
    require_perm(actor, campaign.workspace, GrassrootsPerm.MANAGE)
    errors = {}
    if basis not in RuleBasis.values:
        errors["basis"] = "请选择依据"
    elif basis in RULE_NEEDS_N and not n:
        errors["n"] = "这条依据要填 N（名次或百分比，正整数）"
    if effect not in RuleEffect.values:
        errors["effect"] = "请选择奖励或约束"
    if not (text or "").strip():
        errors["text"] = "请写明奖惩内容"
    if errors:
        raise ValidationError(errors)
    rule = RewardRule.objects.create(campaign=campaign, basis=basis, effect=effect, text=text.strip(),
                                     n=n if basis in RULE_NEEDS_N else None)
    record(Action.CREATE, obj=campaign, workspace=campaign.workspace, actor=actor,
           after={"依据": rule_label(rule), "奖惩": rule.get_effect_display(), "内容": rule.text},
           message="添加奖惩规则")
    return rule


@transaction.atomic
def rule_delete(*, actor, rule: RewardRule) -> None:
    campaign = rule.campaign
    require_perm(actor, campaign.workspace, GrassrootsPerm.MANAGE)
    record(Action.DELETE, obj=campaign, workspace=campaign.workspace, actor=actor,
           before={"依据": rule_label(rule), "奖惩": rule.get_effect_display(), "内容": rule.text},
           message="删除奖惩规则")
    rule.delete()
