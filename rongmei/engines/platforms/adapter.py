"""适配器基类：把一次发布拆成可续跑的步骤。

断点（checkpoint）是一个可 JSON 序列化的 dict，调用方在 ``on_step`` 回调里持久化它::

    {
      "v": 1, "platform": "wechat", "account_id": "acc-1", "idempotency_key": "rev42:acc-1",
      "started_at": 1763800000.0,            # 第一次 publish() 的时间，用于判断“卡住”
      "steps": {"thumb": "MEDIA_ID", "image:fig1": "http://mmbiz...", "draft": "DRAFT_ID",
                "submit": {"publish_id": "...", "msg_data_id": "...", "at": 1763800005.0}},
      "pending": null,                        # 正在执行的有副作用步骤名；非空说明上次中断在请求途中
      "state": "publishing", "external_id": "", "url": "", "polls": 0, "last_response": {...}
    }

规则：``steps`` 里已有的步骤绝不重做；``pending`` 非空时先对账（reconcile），确认未生效才重做，
无法确认则抛 :class:`UncertainError`，交给人工核实——宁可人工核实，也不重复发布。
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import httpx

from .client import PlatformClient
from .errors import ConfigError, ErrorKind, PlatformError, UncertainError
from .inbox import CommentTarget, IncomingPage
from .models import (
    Account,
    MetricRow,
    PlatformMeta,
    PublishItem,
    PublishProgress,
    PublishState,
    RetryPolicy,
    StepCallback,
)
from .tokens import TokenStore

__all__ = ["Adapter", "CHECKPOINT_VERSION"]

CHECKPOINT_VERSION = 1
POLL_SCHEDULE = (5, 10, 30, 60, 120, 300, 600)
BEIJING = dt.timezone(dt.timedelta(hours=8))


class Adapter:
    """一个平台的适配器。未绑定账号时只能查看元数据、格式化内容；绑定账号后可发布、查询、取数。"""

    meta: ClassVar[PlatformMeta]
    client_class: ClassVar[type[PlatformClient] | None] = None

    def __init__(
        self,
        account: Account | None = None,
        *,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        retry: RetryPolicy | None = None,
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
        client: PlatformClient | None = None,
    ) -> None:
        self.account = account
        self.clock = clock
        self._client = client
        self._client_kwargs: dict[str, Any] = dict(
            base_url=base_url, token_store=token_store, retry=retry, http=http, clock=clock
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(platform={self.meta.code!r}, account={self.account!r})"

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def manual(self) -> bool:
        return self.meta.manual

    @property
    def client(self) -> PlatformClient:
        if self._client is None:
            if self.client_class is None:
                raise self._config_error("no_client", f"{self.meta.name}没有开放接口，只能人工发布")
            if self.account is None:
                raise self._config_error("no_account", "未指定发布账号")
            self._client = self.client_class(self.account, **self._client_kwargs)
        return self._client

    # --- to override -----------------------------------------------------------------------------

    def validate(self, item: PublishItem) -> list[str]:
        """纯函数：返回内容不符合平台要求的中文说明（空列表表示可以发布）。"""
        problems = []
        if item.kind not in self.meta.content_kinds:
            kinds = "、".join(k.value for k in self.meta.content_kinds)
            problems.append(f"{self.meta.name}不支持该内容类型（{item.kind}），支持：{kinds}")
        return problems

    def format(self, item: PublishItem) -> dict:
        """纯函数：内容 → 平台请求体（上传得到的 id 用占位符）。"""
        raise NotImplementedError  # pragma: no cover

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        raise NotImplementedError  # pragma: no cover

    def status(self, checkpoint: dict, on_step: StepCallback | None = None) -> PublishProgress:
        """只查询，不产生任何发布副作用。"""
        self._begin(checkpoint, None)
        return self.progress(checkpoint)

    def fetch_metrics(self, start: Any, end: Any, *, external_ids: tuple[str, ...] = ()) -> list[MetricRow]:
        raise self._config_error("no_metrics", f"{self.meta.name}没有可用的统计接口")

    # --- 互动（评论、私信）：见 inbox.py ---------------------------------------------------------------

    has_comments: ClassVar[bool] = False

    def fetch_incoming(self, cursor: dict | None = None, *, targets: Sequence[CommentTarget] = ()) -> IncomingPage:
        """自 ``cursor`` 以来的新评论；没有评论接口的平台只能导入或人工登记。"""
        raise self._config_error("no_comments", f"{self.meta.name}没有评论接口，请导入后台导出的评论或人工登记")

    def reply(self, external_id: str, text: str) -> str:
        raise self._config_error("no_comments", f"{self.meta.name}没有回复接口，请在平台后台回复后标记为已发送")

    def set_elected(self, external_id: str, elected: bool) -> None:
        raise self._config_error("no_curation", f"{self.meta.name}没有精选留言接口")

    def send_private(self, openid: str, text: str, *, last_message_at: dt.datetime | None,
                     now: dt.datetime) -> None:
        raise self._config_error("no_private", f"{self.meta.name}不能通过接口回复私信，请在平台后台回复后标记为已发送")

    # --- public API ------------------------------------------------------------------------------

    def publish(
        self, item: PublishItem, checkpoint: dict | None = None, on_step: StepCallback | None = None
    ) -> PublishProgress:
        """发布（或从断点续跑）。每完成一个有副作用的步骤立即调用 ``on_step(checkpoint 副本)``。

        已完成的步骤不会重做；已提交的发布只会查询状态。返回 PUBLISHING 时，调用方应在
        ``next_check_after`` 秒后调用 :meth:`status`。
        """
        cp = checkpoint if checkpoint is not None else {}
        self._begin(cp, item)
        if cp.get("state") in (PublishState.PUBLISHED, PublishState.FAILED):
            return self.progress(cp)
        problems = self.validate(item)
        if problems:
            raise PlatformError(
                platform=self.meta.code,
                code="invalid_content",
                raw_message="; ".join(problems),
                explanation="内容不符合平台要求：" + "；".join(problems),
                kind=ErrorKind.PERMANENT,
            )
        return self._run(item, cp, on_step)

    def is_stuck(self, checkpoint: dict, now: float | None = None) -> bool:
        """发布中超过平台的最长发布时长（``meta.max_publishing_seconds``）即视为卡住，需人工处理。"""
        if checkpoint.get("state") in (PublishState.PUBLISHED, PublishState.FAILED):
            return False
        started = checkpoint.get("started_at")
        if not started:
            return False
        now = self.clock() if now is None else now
        return now - float(started) > self.meta.max_publishing_seconds

    # --- step machinery --------------------------------------------------------------------------

    def _begin(self, cp: dict, item: PublishItem | None) -> None:
        if cp.get("platform") not in (None, self.meta.code):
            raise self._config_error("checkpoint_mismatch", "断点属于其他平台，不能用于本次发布")
        cp.setdefault("v", CHECKPOINT_VERSION)
        cp.setdefault("platform", self.meta.code)
        cp.setdefault("account_id", self.account.account_id if self.account else "")
        if item is not None:
            cp.setdefault("idempotency_key", item.idempotency_key)
        cp.setdefault("started_at", self.clock())
        cp.setdefault("steps", {})
        cp.setdefault("pending", None)
        cp.setdefault("state", PublishState.PUBLISHING.value)
        cp.setdefault("external_id", "")
        cp.setdefault("url", "")
        cp.setdefault("polls", 0)

    @staticmethod
    def _emit(cp: dict, on_step: StepCallback | None) -> None:
        if on_step is not None:
            on_step(copy.deepcopy(cp))

    def _step(
        self,
        cp: dict,
        name: str,
        action: Callable[[], Any],
        on_step: StepCallback | None,
        *,
        unsafe: bool = False,
        reconcile: Callable[[], Any] | None = None,
    ) -> Any:
        """执行一个步骤并记录结果。``unsafe``：重复执行会重复发布，先写 pending 再调用。"""
        steps = cp["steps"]
        if name in steps:
            return steps[name]
        if cp.get("pending") == name:
            result = reconcile() if reconcile is not None else None
            if result is not None:
                steps[name] = result
                cp["pending"] = None
                self._emit(cp, on_step)
                return result
            if reconcile is None and unsafe:
                raise UncertainError(
                    platform=self.meta.code,
                    code="interrupted",
                    raw_message=f"step {name!r} was interrupted",
                    explanation="上次发布在提交途中中断，无法确认平台是否已发布；为避免重复发布已停止，"
                    "请到平台后台核实：已发布则人工登记链接，未发布则清除断点后重试",
                    kind=ErrorKind.UNCERTAIN,
                )
        if unsafe:
            cp["pending"] = name
            self._emit(cp, on_step)
        try:
            result = action()
        except PlatformError as exc:
            cp["last_response"] = exc.as_dict()
            if unsafe and not isinstance(exc, UncertainError):
                cp["pending"] = None  # 平台明确拒绝：没有生效，可以安全重提
                self._emit(cp, on_step)
            raise
        steps[name] = result
        cp["pending"] = None
        self._emit(cp, on_step)
        return result

    def _finish(
        self,
        cp: dict,
        state: PublishState,
        *,
        external_id: str = "",
        url: str = "",
        message: str = "",
        error: PlatformError | None = None,
    ) -> PublishProgress:
        cp["state"] = state.value
        if external_id:
            cp["external_id"] = str(external_id)
        if url:
            cp["url"] = url
        if message:
            cp["message"] = message
        if error is not None:
            cp["last_response"] = error.as_dict()
        return self.progress(cp, error=error)

    def progress(self, cp: dict, *, error: PlatformError | None = None) -> PublishProgress:
        state = PublishState(cp.get("state") or PublishState.PUBLISHING)
        next_check = None
        if state is PublishState.PUBLISHING:
            polls = int(cp.get("polls") or 0)
            next_check = float(POLL_SCHEDULE[min(polls, len(POLL_SCHEDULE) - 1)])
        return PublishProgress(
            state=state,
            checkpoint=cp,
            external_id=cp.get("external_id") or "",
            url=cp.get("url") or "",
            message=cp.get("message") or "",
            error=error,
            next_check_after=next_check,
        )

    def today(self) -> dt.date:
        """北京时间的今天（快照类统计的日期）。"""
        return dt.datetime.fromtimestamp(self.clock(), BEIJING).date()

    def _require_external_ids(self, external_ids: tuple[str, ...]) -> None:
        if not external_ids:
            raise self._config_error("no_external_ids", f"{self.meta.name}只能按作品查询数据，请传入作品 id")

    def _config_error(self, code: str, zh: str) -> ConfigError:
        return ConfigError(platform=self.meta.code, code=code, raw_message=code, explanation=zh, kind=ErrorKind.CONFIG)
