"""平台接入（只读与平台调用，写库在 services.py）：哪些账号能拉评论、拉哪些作品、回调地址、发送与精选函数。

* 评论接口：公众号（按已发布文章的 msg_data_id）、微博（收到的评论）、抖音（按已发布作品的 item_id）；
* 公众号消息推送：每个账号一个回调地址 ``/hooks/wechat/<账号口令>/``，口令由账号编号和站点密钥算出，不存库；
* 发送函数（登记到 :mod:`.senders`）：评论回复走评论接口，公众号私信走客服消息（48 小时内）；
* 精选函数：公众号留言确认精选 → markelect，不予展示 → unmarkelect。
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from rongmei.core import clock, jobs
from rongmei.engines.platforms import Adapter, DeferError, PlatformError
from rongmei.engines.platforms.inbox import CommentTarget
from rongmei.publishing import credentials
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import AccountCredential, Publication
from rongmei.workspaces.choices import AccountStatus
from rongmei.workspaces.models import OfficialAccount

from . import senders
from .choices import MessageKind
from .models import Message, Reply

log = logging.getLogger(__name__)

COMMENT_PLATFORMS = ("wechat", "weibo", "douyin")  # 有评论接口、可定时拉取的平台
PUSH_PLATFORMS = ("wechat",)  # 有消息推送的平台
TARGET_DAYS = 30  # 拉取最近 30 天发布的文章/作品下的评论
POLL_EVERY = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)
RESEND_TASK = "interaction.resend_reply"


# ---------------------------------------------------------------- 回调地址


def hook_token(account: OfficialAccount) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"rongmei-wechat-hook:{account.pk}".encode(), hashlib.sha256)
    return f"{account.pk}-{digest.hexdigest()[:24]}"


def account_for_hook(token: str) -> OfficialAccount | None:
    """回调口令 → 账号；口令不对（猜测、旧口令）返回 None。"""
    pk, _, _ = str(token).partition("-")
    if not pk.isdigit():
        return None
    account = OfficialAccount.objects.select_related("workspace", "platform").filter(pk=int(pk)).first()
    if account is None or not hmac.compare_digest(hook_token(account), str(token)):
        return None
    return account


def hook_path(account: OfficialAccount) -> str:
    return reverse("interaction_hooks:wechat", kwargs={"token": hook_token(account)})


# ---------------------------------------------------------------- 拉取


def can_poll(account: OfficialAccount) -> bool:
    return account.platform.code in COMMENT_PLATFORMS


def pollable_accounts():
    """有评论接口、状态正常、已填写凭证的账号。"""
    return (OfficialAccount.objects.filter(platform__code__in=COMMENT_PLATFORMS, credential__isnull=False)
            .exclude(status=AccountStatus.CLOSED).select_related("workspace", "platform"))


def comment_targets(account: OfficialAccount, *, now: dt.datetime | None = None) -> list[CommentTarget]:
    """要拉评论的作品：该账号最近 30 天通过本系统发布成功的文章/作品（公众号取发表时的 msg_data_id）。"""
    code = account.platform.code
    if code == "weibo":
        return []  # 微博按“收到的评论”拉，不需要逐条
    since = (now or clock.now()) - dt.timedelta(days=TARGET_DAYS)
    pubs = (Publication.objects.filter(account=account, state=PubState.PUBLISHED, published_at__gte=since)
            .exclude(external_id="").order_by("-published_at")[:100])
    targets = []
    for p in pubs:
        if code == "wechat":
            steps = (p.checkpoint or {}).get("steps") or {}
            msg_data_id = (steps.get("submit") or {}).get("msg_data_id") or (steps.get("mass") or {}).get(
                "msg_data_id") or (p.checkpoint or {}).get("msg_data_id")
            if msg_data_id:
                targets.append(CommentTarget(p.external_id, {"msg_data_id": str(msg_data_id), "index": 0}))
        else:
            targets.append(CommentTarget(p.external_id, {"item_id": p.external_id}))
    return targets


def adapter_for(account: OfficialAccount) -> Adapter:
    """带凭证、数据库令牌库的适配器（缺凭证时抛中文说明的 ConfigError）。"""
    return credentials.adapter_for(account)


def next_poll_after(failures: int, error: PlatformError | None, now: dt.datetime) -> dt.datetime:
    """成功：5 分钟后；失败：5、10、20……分钟，最长 6 小时；限额：至少等到平台给的时间。"""
    if error is None:
        return now + POLL_EVERY
    wait = min(POLL_EVERY * (2 ** max(0, failures - 1)), MAX_BACKOFF)
    if isinstance(error, DeferError):
        wait = max(wait, dt.timedelta(seconds=error.retry_after))
    return now + wait


# ---------------------------------------------------------------- 发送与精选（登记到 senders）


def _last_private_at(message: Message) -> dt.datetime | None:
    """该用户最近一次发私信的时间（48 小时客服消息时限从这里算）。"""
    return (Message.objects.filter(account_id=message.account_id, kind=MessageKind.PRIVATE,
                                   author_id=message.author_id)
            .aggregate(last=Max("received_at"))["last"]) or message.received_at


def send_reply(reply: Reply) -> str:
    """发送函数：评论回复走评论接口，私信走客服消息。失败抛 PlatformError（中文说明）；限额时另排一次自动重发。"""
    message = reply.message
    adapter = adapter_for(message.account)
    try:
        if message.kind == MessageKind.PRIVATE:
            adapter.send_private(message.author_id, reply.text, last_message_at=_last_private_at(message),
                                 now=clock.now())
            return ""
        return adapter.reply(message.external_id, reply.text)
    except DeferError as exc:
        when = clock.now() + dt.timedelta(seconds=exc.retry_after)
        try:
            jobs.get(RESEND_TASK).schedule(args=(reply.pk,), delay=int(exc.retry_after))
        except LookupError:  # pragma: no cover - 任务模块没有导入
            log.warning("无法安排自动重发：%s 未登记", RESEND_TASK)
        exc.explanation = f"{exc.explanation}（已排队，{timezone.localtime(when):%m月%d日 %H:%M} 自动重发）"
        raise


def curate(message: Message, elect: bool) -> None:
    """精选函数：公众号留言 markelect / unmarkelect。"""
    if message.kind != MessageKind.COMMENT:
        return
    adapter_for(message.account).set_elected(message.external_id, elect)


def has_credentials(account: OfficialAccount) -> bool:
    """账号已填写接口凭证：答复才走接口、精选才同步到平台；否则人工发送、本地确认。"""
    return AccountCredential.objects.filter(account=account).exists()


def register() -> None:
    for code in COMMENT_PLATFORMS:
        senders.register(code, send_reply, available=has_credentials)
    senders.register_curation("wechat", curate, available=has_credentials)
