"""假平台服务器的骨架：HTTP 服务、请求解析、场景控制、调用日志、已发布内容。

无 Django、无第三方依赖（标准库 ThreadingHTTPServer）。各平台的接口在 ``wechat.py``、``others.py``。
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["FakeState", "Request", "Response", "FakePlatformServer", "start_fake_server", "platform_of"]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    fields: dict[str, str] = field(default_factory=dict)  # 表单字段（urlencoded 或 multipart）
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    json: Any = None

    def param(self, name: str, default: str = "") -> str:
        """依次在 JSON 体、表单、查询串中找参数。"""
        if isinstance(self.json, dict) and name in self.json:
            return self.json[name]
        if name in self.fields:
            return self.fields[name]
        return self.query.get(name, default)


@dataclass
class Response:
    body: Any
    status: int = 200
    drop: bool = False  # 处理完但不回响应（模拟“请求已生效、响应丢失”）
    headers: dict[str, str] = field(default_factory=dict)  # 例如授权页的 302 Location


Handler = Callable[["FakeState", Request], Response]


def platform_of(path: str) -> str:
    if path.startswith(("/cgi-bin/", "/datacube/")):
        return "wechat"
    if path.startswith("/2/"):
        return "weibo"
    if path.startswith(("/api/douyin/", "/oauth/", "/data/external/", "/item/")):
        return "douyin"
    if path.startswith(("/openapi/", "/oauth2/", "/api/upload")):
        return "kuaishou"
    if path.startswith("/builderinner/"):
        return "baijiahao"
    return "fake"


def error_envelope(platform: str, path: str, code: int, message: str, http_status: int | None = None) -> Response:
    """各平台的错误格式。"""
    if platform == "weibo":
        return Response({"request": path, "error_code": code, "error": message}, http_status or 400)
    if platform == "douyin":
        d = {"error_code": code, "description": message}
        return Response({"data": d, "extra": {**d, "sub_error_code": 0, "sub_description": "", "logid": "fake",
                                              "now": int(time.time() * 1000)}}, http_status or 200)
    if platform == "kuaishou":
        return Response({"result": code, "error_msg": message}, http_status or 200)
    if platform == "baijiahao":
        return Response({"errno": code, "errmsg": message}, http_status or 200)
    return Response({"errcode": code, "errmsg": f"{message} rid: fake-{int(time.time())}"}, http_status or 200)


DEFAULT_SCENARIO: dict[str, Any] = {
    "token_lifetime": 7200,
    "publish_polls": 1,  # 发表后前 N 次查询返回“处理中”
    "publish_outcome": "success",  # success | failed
    "wechat_fail_status": 3,  # publish_outcome=failed 时公众号 publish_status
    "today": None,  # datacube 的“今天”（YYYY-MM-DD），默认真实日期
    "retired_endpoints": True,  # 旧版图文分析接口返回 47009
    "oauth_deny": False,  # 授权页模拟用户点“拒绝”（带 error=access_denied 回到回调地址）
    "oauth_code_lifetime": 600,  # 授权码有效秒数（0 表示立即过期）
    "fail": [],  # [{"path", "times", "code", "message", "http_status", "mode": "error"|"drop_after"}]
}


class FakeState:
    """所有平台共享的可变状态；一把锁保护。"""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.base_url = ""
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.scenario: dict[str, Any] = json.loads(json.dumps(DEFAULT_SCENARIO))
            self.calls: list[dict] = []
            self.posts: list[dict] = []
            self.replies: list[dict] = []  # 平台收到的回复：评论回复、客服消息（测试读 /__fake__/replies）
            self.tokens: dict[str, dict] = {}  # token -> {platform, account, expires_at, kind}
            self.data: dict[str, Any] = {}  # 各平台自有数据
            self.external_seen: set[str] = set()
            self.external_expired: set[str] = set()
            self.ids = itertools.count(2247500000)

    def next_id(self) -> int:
        with self.lock:
            return next(self.ids)

    def today(self) -> dt.date:
        t = self.scenario.get("today")
        return dt.date.fromisoformat(t) if t else dt.date.today()

    # --- tokens ---

    def issue_token(self, platform: str, account: str, prefix: str = "", kind: str = "access",
                    lifetime: int | None = None) -> tuple[str, int]:
        with self.lock:
            lifetime = int(self.scenario["token_lifetime"]) if lifetime is None else lifetime
            token = f"{prefix}FAKE{kind.upper()}{platform}{self.next_id()}x{'0' * 24}"
            self.tokens[token] = {"platform": platform, "account": account, "expires_at": time.time() + lifetime,
                                  "kind": kind}
            return token, lifetime

    def check_token(self, token: str, allow_external: bool = False) -> str:
        """返回 'ok' | 'missing' | 'invalid' | 'expired'。

        ``allow_external``：接受调用方自带的 token（微博、抖音、快手的授权结果不是假服务器签发的），
        它们在 ``expire_tokens`` 之后同样过期。"""
        if not token:
            return "missing"
        info = self.tokens.get(token)
        if info is None:
            if not allow_external or token.startswith("invalid"):
                return "invalid"
            with self.lock:
                self.external_seen.add(token)
                return "expired" if token in self.external_expired or token.startswith("expired") else "ok"
        return "ok" if info["expires_at"] > time.time() else "expired"

    def expire_tokens(self) -> None:
        with self.lock:
            for info in self.tokens.values():
                if info["kind"] == "access":
                    info["expires_at"] = 0.0
            self.external_expired |= self.external_seen

    def add_post(self, platform: str, **fields: Any) -> dict:
        with self.lock:
            post = {"platform": platform, "at": time.time(), **fields}
            self.posts.append(post)
            return post

    def add_reply(self, platform: str, **fields: Any) -> dict:
        with self.lock:
            reply = {"platform": platform, "at": time.time(), **fields}
            self.replies.append(reply)
            return reply

    # --- scenario ---

    def apply_scenario(self, body: dict) -> None:
        with self.lock:
            if body.get("reset"):
                self.reset()
            if body.get("expire_tokens"):
                self.expire_tokens()
            for key in DEFAULT_SCENARIO:
                if key in body and key != "fail":
                    self.scenario[key] = body[key]
            for spec in body.get("fail") or []:
                self.scenario["fail"].append({"times": 1, "mode": "error", **spec})

    def take_failure(self, path: str) -> dict | None:
        with self.lock:
            for spec in self.scenario["fail"]:
                if spec["path"] == path and spec["times"] > 0:
                    spec["times"] -= 1
                    return spec
            return None


def _parse(method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Request:
    parts = urlsplit(raw_path)
    req = Request(method, parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)), headers, body)
    ctype = headers.get("content-type", "")
    if "application/json" in ctype and body:
        try:
            req.json = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            req.json = None
    elif "application/x-www-form-urlencoded" in ctype:
        req.fields = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif "multipart/form-data" in ctype:
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body
        )
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                req.files[name] = (filename, payload, part.get_content_type())
            else:
                req.fields[name] = payload.decode("utf-8")
    return req


class FakePlatformServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], routes: dict[tuple[str, str], Handler]) -> None:
        super().__init__(address, _RequestHandler)
        self.state = FakeState()
        self.routes = routes
        host, port = self.server_address[:2]
        self.state.base_url = f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.state.base_url


class _RequestHandler(BaseHTTPRequestHandler):
    server: FakePlatformServer
    server_version = "rongmei-fakeplatform/1"

    def log_message(self, format: str, *args: Any) -> None:
        """静默：调用记录走 /__fake__/log。"""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = _parse(self.command, self.path, headers, body)
        state = self.server.state
        if req.path.startswith("/__fake__/"):
            control = self.server.routes.get(("*", req.path))
            self._send(control(state, req) if control is not None else _control(state, req))
            return
        platform = platform_of(req.path)
        entry = {"n": len(state.calls) + 1, "method": req.method, "path": req.path, "platform": platform,
                 "at": time.time()}
        handler = self.server.routes.get((req.method, req.path)) or self.server.routes.get(("*", req.path))
        spec = state.take_failure(req.path)
        if spec is not None and spec["mode"] == "error":
            resp = error_envelope(platform, req.path, int(spec["code"]), spec.get("message") or "injected error",
                                  spec.get("http_status"))
            entry["injected"] = True
        elif handler is None:
            resp = error_envelope(platform, req.path, 404, "fake server: no such endpoint", 404)
        else:
            try:
                resp = handler(state, req)
            except Exception as exc:  # pragma: no cover - 假服务器自身的 bug 以 500 暴露
                resp = Response({"error": f"fake server error: {exc!r}"}, 500)
            if spec is not None and spec["mode"] == "drop_after":
                resp = Response(None, drop=True)
        entry["status"] = resp.status
        if isinstance(resp.body, dict):
            entry["code"] = _code_of(resp.body)
        with state.lock:
            entry["n"] = len(state.calls) + 1
            state.calls.append(entry)
        if resp.drop:
            self.close_connection = True
            return
        self._send(resp)

    def _send(self, resp: Response) -> None:
        data = json.dumps(resp.body, ensure_ascii=False).encode("utf-8")
        self.send_response(resp.status)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _handle


def _code_of(body: dict) -> Any:
    for key in ("errcode", "error_code", "errno"):
        if key in body:
            return body[key]
    if isinstance(body.get("data"), dict) and "error_code" in body["data"]:
        return body["data"]["error_code"]
    if "result" in body:
        return body["result"]
    return None


def _control(state: FakeState, req: Request) -> Response:
    if req.path == "/__fake__/scenario":
        if req.method == "POST":
            state.apply_scenario(req.json or {})
        return Response({"ok": True, "scenario": state.scenario})
    if req.path == "/__fake__/reset":
        state.reset()
        return Response({"ok": True})
    if req.path == "/__fake__/log":
        return Response({"calls": list(state.calls)})
    if req.path == "/__fake__/posts":
        return Response({"posts": list(state.posts)})
    if req.path == "/__fake__/replies":
        return Response({"replies": list(state.replies)})
    return Response({"error": "unknown control endpoint"}, 404)


def start_fake_server(port: int = 0, host: str = "127.0.0.1") -> tuple[FakePlatformServer, str]:
    """在后台线程启动假平台服务器，返回 (server, base_url)。用完调用 ``server.shutdown()``。"""
    # 函数内导入：打破循环：routes 要 import 本模块的 Handler
    from .routes import ROUTES

    server = FakePlatformServer((host, port), ROUTES)
    thread = threading.Thread(target=server.serve_forever, name="fakeplatform", daemon=True)
    thread.start()
    return server, server.base_url
