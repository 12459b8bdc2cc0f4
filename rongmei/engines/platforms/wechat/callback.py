"""公众号消息推送（服务器配置的回调 URL）：验签、明文/安全模式解密、XML → :class:`Incoming`。

* 验证 URL（GET）：``signature = sha1(sorted([token, timestamp, nonce]))``，通过则原样返回 ``echostr``；
* 明文模式（POST）：同样校验 ``signature``，正文是消息 XML；
* 安全模式（POST，``encrypt_type=aes``）：正文 ``<xml><Encrypt>…</Encrypt></xml>``，校验
  ``msg_signature = sha1(sorted([token, timestamp, nonce, Encrypt]))``；AES-256-CBC，密钥为
  ``base64(EncodingAESKey + "=")``（32 字节），IV 为密钥前 16 字节，PKCS#7 按 32 字节补位；明文为
  ``16 字节随机数 + 4 字节网络序长度 + 消息 XML + AppID``，AppID 必须与账号一致。

任何一步不通过都抛 :class:`CallbackError`（``reason`` 为中文，写日志用），调用方不写入任何数据。
同一个模块也提供发送端（:func:`build_push`），供假平台服务器和测试模拟微信服务器推送。
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import struct
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..inbox import from_epoch
from ..models import Incoming, IncomingKind

__all__ = [
    "CallbackError",
    "CallbackMessage",
    "WechatCrypto",
    "sign",
    "check_signature",
    "verify_echo",
    "parse_callback",
    "build_push",
    "text_message_xml",
    "MAX_BODY",
]

MAX_BODY = 64 * 1024
BLOCK = 32


class CallbackError(Exception):
    """回调被拒绝。``reason`` 为中文原因。"""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(str(p) for p in parts)).encode("utf-8")).hexdigest()


def check_signature(token: str, signature: str, timestamp: str, nonce: str) -> bool:
    if not (token and signature and timestamp and nonce):
        return False
    return hmac.compare_digest(sign(token, timestamp, nonce), str(signature).lower())


def verify_echo(token: str, query: Mapping[str, str]) -> str:
    """服务器配置时微信发来的 GET 验证：签名正确返回 echostr，否则抛 :class:`CallbackError`。"""
    if not token:
        raise CallbackError("该账号没有填写消息推送令牌（Token），无法验证")
    if not check_signature(token, query.get("signature", ""), query.get("timestamp", ""), query.get("nonce", "")):
        raise CallbackError("签名校验失败（signature 与 Token 不符），已拒绝")
    echostr = query.get("echostr", "")
    if not echostr:
        raise CallbackError("验证请求缺少 echostr")
    return echostr


class WechatCrypto:
    """公众号消息加解密（与官方 WXBizMsgCrypt 相同的格式）。"""

    def __init__(self, token: str, encoding_aes_key: str, appid: str) -> None:
        if len(encoding_aes_key or "") != 43:
            raise CallbackError("消息加解密密钥（EncodingAESKey）须为 43 位，请检查账号配置")
        try:
            self.key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except ValueError:
            raise CallbackError("消息加解密密钥（EncodingAESKey）格式不正确，请检查账号配置") from None
        if len(self.key) != 32:
            raise CallbackError("消息加解密密钥（EncodingAESKey）格式不正确，请检查账号配置")
        self.token = token
        self.appid = appid

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, xml: str, random16: bytes | None = None) -> str:
        msg = xml.encode("utf-8")
        plain = (random16 or os.urandom(16)) + struct.pack(">I", len(msg)) + msg + self.appid.encode("utf-8")
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        enc = self._cipher().encryptor()
        return base64.b64encode(enc.update(plain) + enc.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> str:
        try:
            data = base64.b64decode(encrypted, validate=True)
        except ValueError:
            raise CallbackError("密文不是合法的 Base64") from None
        if not data or len(data) % 16:
            raise CallbackError("密文长度不正确")
        dec = self._cipher().decryptor()
        plain = dec.update(data) + dec.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise CallbackError("解密失败（补位不正确，EncodingAESKey 可能不符）")
        plain = plain[:-pad]
        if len(plain) < 20:
            raise CallbackError("解密后的内容太短")
        (length,) = struct.unpack(">I", plain[16:20])
        body, appid = plain[20:20 + length], plain[20 + length:]
        if len(body) != length:
            raise CallbackError("解密后的消息长度不符")
        if appid.decode("utf-8", "replace") != self.appid:
            raise CallbackError("解密后的 AppID 与该账号不符，已拒绝")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise CallbackError("解密后的消息不是 UTF-8 文本") from None


@dataclass(frozen=True)
class CallbackMessage:
    """一条推送。``incoming`` 为要进收件箱的用户消息；事件（关注、菜单点击等）为 None。"""

    fields: dict[str, str]
    incoming: Incoming | None

    @property
    def msg_type(self) -> str:
        return self.fields.get("MsgType", "")


def _parse_xml(body: bytes | str) -> dict[str, str]:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if not raw or not raw.strip():
        raise CallbackError("推送内容为空")
    if len(raw) > MAX_BODY:
        raise CallbackError("推送内容超过 64 KB，已拒绝")
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise CallbackError("推送 XML 含 DOCTYPE/实体声明，已拒绝")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise CallbackError(f"推送内容不是合法的 XML（第 {exc.position[0]} 行第 {exc.position[1]} 列）") from None
    if root.tag != "xml":
        raise CallbackError("推送 XML 的根元素不是 <xml>")
    return {child.tag: (child.text or "").strip() if child.tag != "Content" else (child.text or "")
            for child in root}


_KIND_TEXT = {
    "image": "[图片]",
    "voice": "[语音]",
    "video": "[视频]",
    "shortvideo": "[小视频]",
    "location": "[位置]",
    "link": "[链接]",
}


def to_incoming(fields: Mapping[str, str]) -> Incoming | None:
    msg_type = fields.get("MsgType", "")
    if msg_type == "event" or not msg_type:
        return None
    msg_id = fields.get("MsgId", "")
    if not msg_id:
        raise CallbackError("用户消息缺少 MsgId")
    if msg_type == "text":
        text = fields.get("Content", "")
    else:
        extra = {
            "voice": fields.get("Recognition", ""),
            "location": fields.get("Label", ""),
            "link": " ".join(x for x in (fields.get("Title", ""), fields.get("Url", "")) if x),
            "image": fields.get("PicUrl", ""),
        }.get(msg_type, "")
        text = " ".join(x for x in (_KIND_TEXT.get(msg_type, f"[{msg_type}]"), extra) if x)
    return Incoming(
        external_id=f"msg:{msg_id}",
        kind=IncomingKind.PRIVATE,
        text=text,
        author="",
        author_id=fields.get("FromUserName", ""),
        created_at=from_epoch(fields.get("CreateTime")),
        raw=dict(fields),
    )


def parse_callback(*, query: Mapping[str, str], body: bytes, token: str, appid: str,
                   encoding_aes_key: str = "") -> CallbackMessage:
    """校验并解析一条推送（明文或安全模式）。失败抛 :class:`CallbackError`。"""
    if not token:
        raise CallbackError("该账号没有填写消息推送令牌（Token），无法校验推送")
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    if query.get("encrypt_type", "raw") == "aes":
        if not encoding_aes_key:
            raise CallbackError("收到安全模式推送，但该账号没有填写消息加解密密钥（EncodingAESKey）")
        outer = _parse_xml(body)
        encrypted = outer.get("Encrypt", "")
        if not encrypted:
            raise CallbackError("安全模式推送缺少 Encrypt 字段")
        expected = sign(token, timestamp, nonce, encrypted)
        if not (timestamp and nonce and hmac.compare_digest(expected, query.get("msg_signature", "").lower())):
            raise CallbackError("消息签名（msg_signature）校验失败，已拒绝")
        fields = _parse_xml(WechatCrypto(token, encoding_aes_key, appid).decrypt(encrypted))
    else:
        if not check_signature(token, query.get("signature", ""), timestamp, nonce):
            raise CallbackError("签名校验失败（signature 与 Token 不符），已拒绝")
        fields = _parse_xml(body)
    return CallbackMessage(fields, to_incoming(fields))


# --- 发送端（模拟微信服务器） ---------------------------------------------------------------------


def text_message_xml(*, to_user: str, from_user: str, content: str, msg_id: str | int,
                     create_time: int | None = None) -> str:
    ts = int(create_time if create_time is not None else dt.datetime.now().timestamp())
    return (
        f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName><FromUserName><![CDATA[{from_user}]]></FromUserName>"
        f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{escape(content)}</Content><MsgId>{msg_id}</MsgId></xml>"
    )


def build_push(*, xml: str, token: str, appid: str = "", encoding_aes_key: str = "", timestamp: str = "",
               nonce: str = "", bad_signature: bool = False) -> tuple[dict[str, str], bytes]:
    """像微信服务器那样构造推送：返回 (查询参数, 正文)。``encoding_aes_key`` 非空时用安全模式。"""
    timestamp = timestamp or str(int(dt.datetime.now().timestamp()))
    nonce = nonce or base64.b16encode(os.urandom(5)).decode().lower()
    signature = sign(token, timestamp, nonce)
    params = {"signature": signature, "timestamp": timestamp, "nonce": nonce}
    if encoding_aes_key:
        encrypted = WechatCrypto(token, encoding_aes_key, appid).encrypt(xml)
        params.update(encrypt_type="aes", msg_signature=sign(token, timestamp, nonce, encrypted),
                      openid="")
        body = f"<xml><ToUserName><![CDATA[gh_fake]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    else:
        body = xml
    if bad_signature:
        params["signature"] = "0" * 40
        if "msg_signature" in params:
            params["msg_signature"] = "0" * 40
    return params, body.encode("utf-8")
