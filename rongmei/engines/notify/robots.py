"""企业微信群机器人与钉钉自定义机器人的 HTTP 客户端。"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, quote_plus, urlsplit

import httpx

__all__ = ["WECOM", "DINGTALK", "ROBOT_KINDS", "RobotError", "RobotConfigError", "RobotResult", "WeComRobot",
           "DingTalkRobot", "dingtalk_sign", "parse_webhook", "make_robot", "mask_url"]

log = logging.getLogger("rongmei.notify")

WECOM = "wecom"
DINGTALK = "dingtalk"
ROBOT_KINDS = {WECOM: "企业微信群机器人", DINGTALK: "钉钉群机器人"}

WECOM_BASE = "https://qyapi.weixin.qq.com"
DINGTALK_BASE = "https://oapi.dingtalk.com"
WECOM_PATH = "/cgi-bin/webhook/send"
DINGTALK_PATH = "/robot/send"

#: 企业微信：文本最长 2048 字节，markdown 最长 4096 字节（UTF-8）
WECOM_TEXT_BYTES = 2048
WECOM_MARKDOWN_BYTES = 4096
#: 钉钉：消息体不超过 20000 字节
DINGTALK_BYTES = 20000

_SECRET_IN_URL = re.compile(r"(?i)\b(key|access_token|sign|secret)=([^&\s\"']+)")


def mask_url(text: str) -> str:
    """把 URL 或文字里的 key=、access_token=、sign=、secret= 的值替换为 ***。"""
    return _SECRET_IN_URL.sub(lambda m: f"{m.group(1)}=***", text or "")


class _MaskFilter(logging.Filter):
    """httpx 在 INFO 级别记录完整 URL（含 ?key= / ?access_token= / &sign=）：脱敏后再写日志。"""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - 格式化失败就原样放行
            return True
        masked = mask_url(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


for _name in ("httpx", "httpcore", "rongmei.notify"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, _MaskFilter) for f in _logger.filters):
        _logger.addFilter(_MaskFilter())


@dataclass(frozen=True)
class RobotResult:
    robot: str
    code: int
    message: str


class RobotError(Exception):
    """机器人发送失败。``explanation`` 是给用户看的中文说明；不含任何机密。

    ``kind``：``rate``（频率限制，``retry_after`` 秒后再试）、``config``（地址、密钥、关键词、IP 白名单，需管理员改配置）、
    ``busy``（平台繁忙或网络问题，可稍后重试）、``content``（消息本身不合规）。"""

    def __init__(self, *, robot: str, code: int | None, explanation: str, kind: str, raw_message: str = "",
                 retry_after: float | None = None) -> None:
        self.robot = robot
        self.code = code
        self.explanation = explanation
        self.kind = kind
        self.raw_message = mask_url(raw_message)[:300]
        self.retry_after = retry_after
        label = ROBOT_KINDS.get(robot, robot)
        suffix = f"（错误码 {code}）" if code is not None else ""
        super().__init__(f"{label}：{explanation}{suffix}")

    @property
    def retryable(self) -> bool:
        return self.kind in ("rate", "busy")


class RobotConfigError(RobotError, ValueError):
    """机器人地址或密钥填写不正确（保存配置时就能发现）。"""

    def __init__(self, robot: str, explanation: str) -> None:
        super().__init__(robot=robot, code=None, explanation=explanation, kind="config")


# --- 错误码 -------------------------------------------------------------------------------------------

WECOM_ERRORS: dict[int, tuple[str, str]] = {
    -1: ("busy", "企业微信系统繁忙，请稍后重试"),
    45009: ("rate", "发送太频繁：每个群机器人每分钟最多发送 20 条消息，已暂缓，一分钟后重试"),
    93000: ("config", "机器人地址无效：机器人可能已被移出群聊或地址填写有误，请重新复制群机器人的 Webhook 地址"),
    93004: ("config", "机器人已被停用，请在企业微信群中重新启用"),
    40008: ("content", "消息类型不合法"),
    44004: ("content", "消息内容为空"),
    40058: ("content", "消息参数不合法（可能内容过长）"),
}

DINGTALK_ERRORS: dict[int, tuple[str, str]] = {
    -1: ("busy", "钉钉系统繁忙，请稍后重试"),
    130101: ("rate", "发送太频繁：每个机器人每分钟最多发送 20 条消息，超出后钉钉会限流 10 分钟"),
    300001: ("config", "机器人地址无效：access_token 不存在，机器人可能已被删除，请重新复制 Webhook 地址"),
    400013: ("config", "群已被解散，机器人无法发送消息"),
    400101: ("config", "机器人已被停用"),
    410100: ("rate", "发送速度太快，已被限流"),
}

# 钉钉 310000 是“安全设置不符”的总称，具体原因在 errmsg 里
_DINGTALK_310000 = (
    ("sign", "签名不匹配：请核对加签密钥（SEC 开头的字符串）是否填写正确，以及服务器时间是否准确"),
    ("timestamp", "时间戳无效：服务器时间与钉钉相差超过 1 小时，请校准服务器时间"),
    ("keyword", "消息不含机器人安全设置里的自定义关键词：请在关键词里加入“舆情”，或改用加签"),
    ("whitelist", "服务器出口 IP 不在机器人的 IP 白名单内：请把本系统服务器的公网 IP 加入白名单"),
)
_DINGTALK_310000_DEFAULT = "不符合机器人的安全设置（签名、关键词或 IP 白名单）"

RATE_RETRY_AFTER = {WECOM: 60.0, DINGTALK: 600.0}


def _truncate_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    tail = "…（内容过长已截断）"
    room = limit - len(tail.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + tail


# --- 地址解析 -----------------------------------------------------------------------------------------


def parse_webhook(kind: str, url: str, *, allowed_bases: Sequence[str] = ()) -> str:
    """从用户粘贴的 Webhook 地址取出机器人的 key（企业微信）或 access_token（钉钉）。

    只接受官方域名（或 ``allowed_bases`` 里的地址，如测试用的本地仿真服务器），防止把告警发到别处。
    也接受只粘贴了 key / access_token 本身。"""
    if kind not in ROBOT_KINDS:
        raise RobotConfigError(kind, "不支持的机器人类型")
    url = (url or "").strip()
    label = ROBOT_KINDS[kind]
    if not url:
        raise RobotConfigError(kind, f"请填写{label}的 Webhook 地址")
    param = "key" if kind == WECOM else "access_token"
    if "://" not in url:
        if re.fullmatch(r"[A-Za-z0-9\-_]{8,128}", url):
            return url
        raise RobotConfigError(kind, f"Webhook 地址格式不正确，应以 https:// 开头并带 {param}= 参数")
    parts = urlsplit(url)
    official = WECOM_BASE if kind == WECOM else DINGTALK_BASE
    path = WECOM_PATH if kind == WECOM else DINGTALK_PATH
    base = f"{parts.scheme}://{parts.netloc}"
    if base != official and base not in {b.rstrip("/") for b in allowed_bases}:
        raise RobotConfigError(kind, f"Webhook 地址不是{label}的官方地址（应为 {official}{path}?{param}=…）")
    if parts.path != path:
        raise RobotConfigError(kind, f"Webhook 地址路径不正确（应为 {official}{path}?{param}=…）")
    values = parse_qs(parts.query).get(param) or [""]
    token = values[0].strip()
    if not re.fullmatch(r"[A-Za-z0-9\-_]{8,128}", token):
        raise RobotConfigError(kind, f"Webhook 地址缺少有效的 {param} 参数")
    return token


def dingtalk_sign(timestamp_ms: int | str, secret: str) -> str:
    """钉钉加签：HmacSHA256(secret, f"{timestamp}\\n{secret}") → Base64 → URL 编码。"""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), string_to_sign, digestmod=hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


# --- 客户端 -------------------------------------------------------------------------------------------


_CLIENT: httpx.Client | None = None
_CLIENT_LOCK = threading.Lock()


def _shared_client() -> httpx.Client:
    """进程内共用的 HTTP 客户端（每次新建要重新构造 TLS 上下文，约 0.1 秒）；不读代理环境变量。"""
    global _CLIENT
    with _CLIENT_LOCK:
        if _CLIENT is None:
            _CLIENT = httpx.Client(trust_env=False)
        return _CLIENT


class _Robot:
    kind = ""
    errors: dict[int, tuple[str, str]] = {}

    def __init__(self, *, base_url: str, client: httpx.Client | None, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = client
        self.timeout = timeout

    def _post(self, path: str, params: str, payload: dict) -> RobotResult:
        url = f"{self.base_url}{path}?{params}"
        try:
            response = (self._client or _shared_client()).post(url, json=payload, timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise RobotError(robot=self.kind, code=None, kind="busy", explanation="连接机器人接口超时，请稍后重试",
                             raw_message=type(exc).__name__) from None
        except httpx.HTTPError as exc:
            raise RobotError(robot=self.kind, code=None, kind="busy",
                             explanation="无法连接机器人接口（网络不通或地址不可达），请检查服务器网络",
                             raw_message=type(exc).__name__) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "errcode" not in body:
            raise RobotError(robot=self.kind, code=response.status_code, kind="busy",
                             explanation=f"机器人接口返回了无法识别的内容（HTTP {response.status_code}）")
        code = int(body.get("errcode") or 0)
        message = str(body.get("errmsg") or "")
        if code == 0:
            log.info("%s 发送成功", ROBOT_KINDS[self.kind])
            return RobotResult(self.kind, 0, message)
        kind, explanation = self._explain(code, message)
        error = RobotError(robot=self.kind, code=code, kind=kind, explanation=explanation, raw_message=message,
                           retry_after=RATE_RETRY_AFTER[self.kind] if kind == "rate" else None)
        log.warning("%s 发送失败：%s", ROBOT_KINDS[self.kind], error)
        raise error

    def _explain(self, code: int, message: str) -> tuple[str, str]:
        if code in self.errors:
            return self.errors[code]
        return "content", f"发送失败：{mask_url(message)[:100] or '未知错误'}"


class WeComRobot(_Robot):
    """企业微信群机器人。``key`` 是 Webhook 地址里 key= 的值。"""

    kind = WECOM
    errors = WECOM_ERRORS

    def __init__(self, key: str, *, base_url: str | None = None, client: httpx.Client | None = None,
                 timeout: float = 10.0) -> None:
        super().__init__(base_url=base_url or WECOM_BASE, client=client, timeout=timeout)
        if not key:
            raise RobotConfigError(WECOM, "缺少群机器人的 key")
        self._key = key

    def __repr__(self) -> str:
        return f"WeComRobot(key=***, base_url={self.base_url!r})"

    def send_text(self, content: str, *, mentioned_mobiles: Sequence[str] = ()) -> RobotResult:
        text: dict = {"content": _truncate_bytes(content, WECOM_TEXT_BYTES)}
        if mentioned_mobiles:
            text["mentioned_mobile_list"] = list(mentioned_mobiles)
        return self._post(WECOM_PATH, f"key={self._key}", {"msgtype": "text", "text": text})

    def send_markdown(self, title: str, content: str, *, mentioned_mobiles: Sequence[str] = ()) -> RobotResult:
        body = _truncate_bytes(f"## {title}\n{content}" if title else content, WECOM_MARKDOWN_BYTES)
        return self._post(WECOM_PATH, f"key={self._key}", {"msgtype": "markdown", "markdown": {"content": body}})


class DingTalkRobot(_Robot):
    """钉钉自定义机器人。``access_token`` 是 Webhook 地址里的值，``secret`` 是加签密钥（SEC 开头，可为空）。"""

    kind = DINGTALK
    errors = DINGTALK_ERRORS

    def __init__(self, access_token: str, secret: str = "", *, base_url: str | None = None,
                 client: httpx.Client | None = None, timeout: float = 10.0,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(base_url=base_url or DINGTALK_BASE, client=client, timeout=timeout)
        if not access_token:
            raise RobotConfigError(DINGTALK, "缺少机器人的 access_token")
        self._token = access_token
        self._secret = secret or ""
        self._clock = clock

    def __repr__(self) -> str:
        return f"DingTalkRobot(access_token=***, signed={bool(self._secret)}, base_url={self.base_url!r})"

    def _params(self) -> str:
        params = f"access_token={self._token}"
        if self._secret:
            timestamp = int(self._clock() * 1000)
            params += f"&timestamp={timestamp}&sign={dingtalk_sign(timestamp, self._secret)}"
        return params

    def send_text(self, content: str, *, at_mobiles: Sequence[str] = (), at_all: bool = False) -> RobotResult:
        payload = {"msgtype": "text", "text": {"content": _truncate_bytes(content, DINGTALK_BYTES)},
                   "at": {"atMobiles": list(at_mobiles), "isAtAll": at_all}}
        return self._post(DINGTALK_PATH, self._params(), payload)

    def send_markdown(self, title: str, content: str, *, at_mobiles: Sequence[str] = ()) -> RobotResult:
        text = _truncate_bytes(f"### {title}\n{content}" if title else content, DINGTALK_BYTES)
        payload = {"msgtype": "markdown", "markdown": {"title": title or "通知", "text": text},
                   "at": {"atMobiles": list(at_mobiles), "isAtAll": False}}
        return self._post(DINGTALK_PATH, self._params(), payload)

    def _explain(self, code: int, message: str) -> tuple[str, str]:
        if code == 310000:
            lowered = message.lower()
            for needle, explanation in _DINGTALK_310000:
                if needle in lowered:
                    return "config", explanation
            return "config", _DINGTALK_310000_DEFAULT
        return super()._explain(code, message)


def make_robot(kind: str, token: str, secret: str = "", *, base_url: str | None = None,
               client: httpx.Client | None = None) -> WeComRobot | DingTalkRobot:
    if kind == WECOM:
        return WeComRobot(token, base_url=base_url, client=client)
    if kind == DINGTALK:
        return DingTalkRobot(token, secret, base_url=base_url, client=client)
    raise RobotConfigError(kind, "不支持的机器人类型")
