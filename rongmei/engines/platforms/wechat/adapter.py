"""公众号适配器：上传封面/正文图片 → draft/add → freepublish/submit（或群发）→ 轮询 freepublish/get。"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from ..adapter import Adapter
from ..errors import ErrorKind, PlatformError, UncertainError
from ..inbox import (
    CUSTOM_MESSAGE_WINDOW,
    CommentTarget,
    IncomingPage,
    collect_targets,
    from_epoch,
    parse_wechat_comment_id,
    wechat_comment_id,
    window_error,
)
from ..models import (
    ContentKind,
    CredentialField,
    Incoming,
    IncomingKind,
    MetricRow,
    PlatformMeta,
    PublishItem,
    PublishProgress,
    PublishState,
    StepCallback,
)
from . import formatter
from .client import WechatClient
from .codes import PUBLISH_STATUS_ZH

ARTICLE_METRICS = ("read_user", "share_user", "zaikan_user", "like_user", "comment_count", "collection_user")


class WechatAdapter(Adapter):
    meta = PlatformMeta(
        code="wechat",
        name="微信公众号",
        automatic=True,
        content_kinds=(ContentKind.ARTICLE,),
        credential_fields=(
            CredentialField("appid", "开发者ID（AppID）"),
            CredentialField("secret", "开发者密码（AppSecret）", secret=True, help="公众号后台 → 设置与开发 → 基本配置"),
            CredentialField("token", "消息推送令牌（Token）", secret=True, required=False,
                            help="公众号后台 → 设置与开发 → 基本配置 → 服务器配置；接收用户消息时需要"),
            CredentialField("encoding_aes_key", "消息加解密密钥（EncodingAESKey）", secret=True, required=False,
                            help="43 位；服务器配置选“安全模式”或“兼容模式”时需要"),
        ),
        max_publishing_seconds=2 * 3600,
        default_base_url=WechatClient.default_base_url,
        has_metrics=True,
        notes="须为已认证公众号，并把服务器出口 IP 加入白名单。默认“发表”（不推送通知）；发布选项选“群发”时改为群发（推送通知，占用每月群发次数）。",
    )
    client_class = WechatClient
    client: WechatClient
    has_comments = True
    page_size = 49  # comment/list 的 count 须小于 50
    max_pages = 20

    def validate(self, item: PublishItem) -> list[str]:
        return formatter.validate(item)

    def format(self, item: PublishItem) -> dict:
        return formatter.draft_payload(item)

    def _run(self, item: PublishItem, cp: dict, on_step: StepCallback | None) -> PublishProgress:
        c = self.client
        if "submit" in cp["steps"] or "mass" in cp["steps"]:
            return self.status(cp, on_step)
        assert item.cover is not None
        thumb = self._step(cp, "thumb", lambda: c.add_material(item.cover, "image")["media_id"], on_step)
        urls = {}
        for ref in formatter.inline_refs(item.body_html):
            media = item.images.get(ref)
            if media is not None:
                urls[ref] = self._step(cp, f"image:{ref}", lambda m=media: c.upload_image(m), on_step)
        payload = formatter.draft_payload(item, thumb, urls)
        draft_id = self._step(cp, "draft", lambda: c.draft_add(payload), on_step)

        if item.options.get("mass_send"):
            body = formatter.mass_payload(
                draft_id, item.idempotency_key or cp["idempotency_key"], tag_id=item.options.get("tag_id")
            )

            def send() -> dict:
                r = c.mass_sendall(body)
                return {"msg_id": str(r.get("msg_id", "")), "msg_data_id": str(r.get("msg_data_id", "")), "at": self.clock()}

            # 群发带 clientmsgid：中断后重发会得到 45065（平台侧去重），所以“对账”就是再发一次
            self._step(cp, "mass", send, on_step, unsafe=True, reconcile=send if body.get("clientmsgid") else None)
        else:

            def submit() -> dict:
                r = c.freepublish_submit(draft_id)
                return {
                    "publish_id": str(r["publish_id"]),
                    "msg_data_id": str(r.get("msg_data_id", "")),
                    "at": self.clock(),
                }

            self._step(
                cp, "submit", submit, on_step, unsafe=True, reconcile=lambda: self._reconcile_submit(cp, item)
            )
        return self.status(cp, on_step)

    def _reconcile_submit(self, cp: dict, item: PublishItem) -> dict | None:
        """上次在 freepublish/submit 途中中断：草稿还在 → 没提交成功（返回 None，重新提交）；
        草稿已消失 → 已提交，去已发表列表按标题找回；找不到则抛 UncertainError（不重复发表）。"""
        c = self.client
        try:
            c.draft_get(cp["steps"]["draft"])
            return None
        except PlatformError as exc:
            if exc.code != 40007:
                raise
        for entry in c.freepublish_batchget().get("item", []):
            for news in (entry.get("content") or {}).get("news_item", []):
                if news.get("title") == item.title:
                    return {"publish_id": "", "article_id": entry.get("article_id", ""), "url": news.get("url", ""),
                            "at": self.clock(), "reconciled": True}
        raise UncertainError(
            platform=self.meta.code,
            code="interrupted",
            raw_message="draft consumed but article not found in freepublish/batchget",
            explanation="上次发表请求中断：草稿已被平台取走，但在已发表列表中没找到该文章。为避免重复发表已停止，"
            "请到公众号后台“发表记录”核实后人工登记",
            kind=ErrorKind.UNCERTAIN,
        )

    def status(self, checkpoint: dict, on_step: StepCallback | None = None) -> PublishProgress:
        cp = checkpoint
        self._begin(cp, None)
        if cp.get("state") in (PublishState.PUBLISHED, PublishState.FAILED):
            return self.progress(cp)
        steps = cp["steps"]
        if "mass" in steps:
            progress = self._mass_status(cp)
        elif "submit" in steps:
            progress = self._publish_status(cp)
        else:
            return self.progress(cp)
        self._emit(cp, on_step)
        return progress

    def _publish_status(self, cp: dict) -> PublishProgress:
        sub = cp["steps"]["submit"]
        if not sub.get("publish_id"):  # 对账找回的文章
            return self._finish(cp, PublishState.PUBLISHED, external_id=sub.get("article_id", ""), url=sub.get("url", ""))
        r = self.client.freepublish_get(sub["publish_id"])
        cp["polls"] = int(cp.get("polls") or 0) + 1
        cp["last_response"] = r
        status = int(r.get("publish_status", 1))
        if status == 1:
            return self.progress(cp)
        if status == 0:
            items = (r.get("article_detail") or {}).get("item") or []
            url = items[0].get("article_url", "") if items else ""
            cp["article_id"] = r.get("article_id", "")
            return self._finish(cp, PublishState.PUBLISHED, external_id=r.get("article_id") or sub["publish_id"], url=url)
        zh = PUBLISH_STATUS_ZH.get(status, f"未知状态 {status}")
        err = PlatformError(
            platform=self.meta.code,
            code=f"publish_status_{status}",
            raw_message=f"publish_status={status} fail_idx={r.get('fail_idx')}",
            explanation=f"公众号发表失败：{zh}",
            kind=ErrorKind.PERMANENT,
        )
        return self._finish(cp, PublishState.FAILED, message=err.explanation, error=err)

    def _mass_status(self, cp: dict) -> PublishProgress:
        mass = cp["steps"]["mass"]
        r = self.client.mass_get(mass["msg_id"])
        cp["polls"] = int(cp.get("polls") or 0) + 1
        cp["last_response"] = r
        status = str(r.get("msg_status", "SENDING"))
        if status == "SENDING":
            return self.progress(cp)
        if status == "SEND_SUCCESS":
            return self._finish(cp, PublishState.PUBLISHED, external_id=mass.get("msg_data_id") or mass["msg_id"])
        err = PlatformError(
            platform=self.meta.code,
            code=f"mass_{status}",
            raw_message=f"msg_status={status}",
            explanation="公众号群发失败" + ("（已被删除）" if status == "DELETE" else ""),
            kind=ErrorKind.PERMANENT,
        )
        return self._finish(cp, PublishState.FAILED, message=err.explanation, error=err)

    # --- 数据统计 ----------------------------------------------------------------------------------

    def fetch_metrics(
        self, start: dt.date, end: dt.date, *, external_ids: tuple[str, ...] = (), today: dt.date | None = None
    ) -> list[MetricRow]:
        """账号日数据（新增/取关/净增/累计关注）与文章日数据（新版 getarticletotaldetail）。

        结束日期不晚于昨天（微信次日 8 点后才有前一天的数据）；``external_ids`` 为 msgid 时只保留这些文章。
        """
        today = today or dt.datetime.fromtimestamp(self.clock(), dt.timezone(dt.timedelta(hours=8))).date()
        end = min(end, today - dt.timedelta(days=1))
        if start > end:
            return []
        c = self.client
        acc = self.account.account_id if self.account else ""
        rows: list[MetricRow] = []

        def row(day: str, metric: str, value: float, ext: str = "", dim: str = "") -> MetricRow:
            return MetricRow(dt.date.fromisoformat(day), metric, float(value), "wechat", acc, ext, dim)

        totals: dict[str, dict[str, float]] = defaultdict(lambda: {"new_user": 0.0, "cancel_user": 0.0})
        for r in c.datacube("getusersummary", start, end):
            totals[r["ref_date"]]["new_user"] += r.get("new_user", 0)
            totals[r["ref_date"]]["cancel_user"] += r.get("cancel_user", 0)
        for day in sorted(totals):
            t = totals[day]
            rows += [row(day, "new_user", t["new_user"]), row(day, "cancel_user", t["cancel_user"]),
                     row(day, "net_user", t["new_user"] - t["cancel_user"])]
        for r in c.datacube("getusercumulate", start, end):
            rows.append(row(r["ref_date"], "cumulate_user", r.get("cumulate_user", 0)))
        for r in c.datacube("getarticletotaldetail", start, end):
            msgid = str(r.get("msgid", ""))
            if external_ids and msgid not in external_ids:
                continue
            for d in r.get("detail_list") or []:
                for metric in ARTICLE_METRICS:
                    if metric in d:
                        rows.append(row(d["stat_date"], metric, d[metric], msgid))
        return rows

    # --- 留言与客服消息 ----------------------------------------------------------------------------

    def fetch_incoming(self, cursor: dict | None = None, *, targets: Sequence[CommentTarget] = ()) -> IncomingPage:
        """按文章拉留言。``targets[i].params`` 为 ``{"msg_data_id", "index"}``（index 从 0 开始）。

        每篇文章的游标记 ``seen``（上次看到的总条数）与 ``max_id``（最大 user_comment_id）：每次读第一页
        （新留言在前时）再从 ``seen`` 处读到末尾（新留言在后时），只返回 id 大于 ``max_id`` 的留言。"""
        return collect_targets(targets, cursor, self._comments_of)

    def _comments_of(self, target: CommentTarget, state: dict) -> tuple[list[Incoming], dict]:
        msg_data_id = str(target.params.get("msg_data_id") or "")
        index = int(target.params.get("index") or 0)
        if not msg_data_id:
            return [], state
        seen, max_id = int(state.get("seen") or 0), int(state.get("max_id") or 0)
        found: dict[int, dict] = {}

        def read(begin: int) -> tuple[int, int]:
            body = self.client.list_comments(msg_data_id, index=index, begin=begin, count=self.page_size)
            batch = body.get("comment") or []
            for c in batch:
                cid = int(c.get("user_comment_id") or 0)
                if cid > max_id:
                    found[cid] = c
            return int(body.get("total") or 0), len(batch)

        total, _ = read(0)
        begin, pages = max(self.page_size, seen), 1
        while begin < total and pages < self.max_pages:
            total, n = read(begin)
            pages += 1
            if not n:
                break
            begin += n
        items = [self._incoming(msg_data_id, index, target.content_id, c) for _, c in sorted(found.items())]
        return items, {"seen": total, "max_id": max([max_id, *found])}

    def _incoming(self, msg_data_id: str, index: int, content_id: str, c: dict) -> Incoming:
        return Incoming(
            external_id=wechat_comment_id(msg_data_id, index, c.get("user_comment_id")),
            kind=IncomingKind.COMMENT,
            text=str(c.get("content") or ""),
            author=str(c.get("nick_name") or ""),
            author_id=str(c.get("openid") or ""),
            created_at=from_epoch(c.get("create_time")),
            content_external_id=content_id,
            raw={**c, "msg_data_id": msg_data_id, "index": index, "elected": c.get("comment_type") == 1},
        )

    def channel_qr(self, scene: str, *, permanent: bool = True, expire_seconds: int = 2592000) -> dict:
        """单位渠道码：带参数二维码（永久或临时），返回 {"ticket", "url"}（url 即二维码内容）。"""
        return self.client.qrcode_create(scene, expire_seconds=None if permanent else expire_seconds)

    def reply(self, external_id: str, text: str) -> str:
        msg_data_id, index, user_comment_id = parse_wechat_comment_id(external_id)
        self.client.comment_reply(msg_data_id, index, user_comment_id, text)
        return f"{external_id}:reply"

    def set_elected(self, external_id: str, elected: bool) -> None:
        msg_data_id, index, user_comment_id = parse_wechat_comment_id(external_id)
        self.client.comment_elect(msg_data_id, index, user_comment_id, elected)

    def send_private(self, openid: str, text: str, *, last_message_at: dt.datetime | None,
                     now: dt.datetime) -> None:
        """客服消息。用户最近一次发消息超过 48 小时的，不调用平台（必然被拒，还占用配额），直接说明限制。"""
        if not openid:
            raise window_error("wechat", "这条消息没有用户的 OpenID，无法发送客服消息", code="no_openid")
        if last_message_at is None or now - last_message_at > CUSTOM_MESSAGE_WINDOW:
            raise window_error(
                "wechat",
                "超过公众号客服消息的 48 小时回复时限：用户最近一次发消息在 48 小时之前，公众号不允许再通过接口回复"
                "（用户发消息后 48 小时内最多回复 5 条）；需等用户再次发消息后才能回复",
            )
        self.client.custom_send_text(openid, text)
