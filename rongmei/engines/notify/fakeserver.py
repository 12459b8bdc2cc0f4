"""本地仿真群机器人服务器（测试与手工联调用）：企业微信群机器人 + 钉钉自定义机器人。

    server, base_url = start_fake_robot_server()
    WeComRobot(key, base_url=base_url).send_text("…")
    FakeRobotControl(base_url).messages()          # 服务器收到并接受的消息
    server.shutdown()

仿照真实接口：
* 企业微信 ``POST /cgi-bin/webhook/send?key=K``：key 以 ``invalid`` 开头回 93000；msgtype 只认 text/markdown（40008）；
  内容为空 44004；文本超过 2048 字节、markdown 超过 4096 字节 40058；每个 key 每分钟 20 条，超出回 45009。
* 钉钉 ``POST /robot/send?access_token=T&timestamp=&sign=``：未登记的 token 回 300001；登记了 secret 的机器人必须加签，
  时间戳与服务器相差超过 1 小时或签名不符回 310000；登记了关键词的，消息必须含其一（310000）；
  每分钟 20 条，超出回 130101 并限流 10 分钟。
控制接口：``POST /__robot__/reset``、``POST /__robot__/robots``（登记钉钉机器人 ``{access_token, secret, keywords}``）、
``POST /__robot__/clock``（``{"advance": 秒}``，让服务器时钟前进，测试限流窗口不必真等）、``GET /__robot__/messages``、
``GET /__robot__/log``（所有请求及其 errcode，含被拒的）。服务器本身只用标准库（ThreadingHTTPServer），控制客户端用 httpx。
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

__all__ = ["FakeRobotServer", "FakeRobotState", "start_fake_robot_server", "FakeRobotControl"]

PER_MINUTE = 20
DINGTALK_PENALTY = 600.0


class FakeRobotState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.offset = 0.0
            self.dingtalk: dict[str, dict] = {}  # access_token -> {"secret", "keywords"}
            self.sent: dict[str, list[float]] = {}  # 机器人 -> 最近接受的时间
            self.blocked_until: dict[str, float] = {}
            self.messages: list[dict] = []
            self.log: list[dict] = []

    def now(self) -> float:
        return time.time() + self.offset

    def rate_ok(self, robot: str) -> bool:
        now = self.now()
        with self.lock:
            if self.blocked_until.get(robot, 0) > now:
                return False
            recent = [t for t in self.sent.get(robot, []) if t > now - 60]
            self.sent[robot] = recent
            return len(recent) < PER_MINUTE

    def accept(self, robot: str, kind: str, payload: dict) -> None:
        with self.lock:
            self.sent.setdefault(robot, []).append(self.now())
            self.messages.append({"robot": kind, "id": robot[-4:], "at": self.now(), "payload": payload,
                                  "msgtype": payload.get("msgtype"), "text": _text_of(payload)})


def _text_of(payload: dict) -> str:
    msgtype = payload.get("msgtype")
    body = payload.get(msgtype) if isinstance(msgtype, str) else None
    if not isinstance(body, dict):
        return ""
    return str(body.get("content") or body.get("text") or "")


def _err(code: int, message: str) -> dict:
    return {"errcode": code, "errmsg": message}


def wecom_send(state: FakeRobotState, query: dict[str, str], payload: Any) -> dict:
    key = query.get("key", "")
    if not key or key.startswith("invalid"):
        return _err(93000, "invalid webhook url, hint: [fake], more info at https://open.work.weixin.qq.com/devtool/query?e=93000")
    if not isinstance(payload, dict):
        return _err(40058, "invalid json")
    msgtype = payload.get("msgtype")
    if msgtype not in ("text", "markdown"):
        return _err(40008, "invalid message type")
    content = str((payload.get(msgtype) or {}).get("content") or "")
    if not content.strip():
        return _err(44004, "empty content")
    limit = 2048 if msgtype == "text" else 4096
    if len(content.encode("utf-8")) > limit:
        return _err(40058, f"content exceed max length {limit}")
    if not state.rate_ok("wecom:" + key):
        return _err(45009, "api freq out of limit, hint: [fake]")
    state.accept("wecom:" + key, "wecom", payload)
    return _err(0, "ok")


def dingtalk_send(state: FakeRobotState, query: dict[str, str], payload: Any) -> dict:
    token = query.get("access_token", "")
    robot = state.dingtalk.get(token)
    if robot is None:
        return _err(300001, "token is not exist")
    secret = robot.get("secret") or ""
    if secret:
        timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
        try:
            ts = int(timestamp)
        except ValueError:
            return _err(310000, "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]")
        if abs(state.now() * 1000 - ts) > 3600 * 1000:
            return _err(310000, "invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]")
        digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(base64.b64encode(digest).decode(), sign):
            return _err(310000, "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]")
    if not isinstance(payload, dict) or payload.get("msgtype") not in ("text", "markdown"):
        return _err(40035, "缺少参数 json")
    keywords = robot.get("keywords") or []
    text = _text_of(payload) + str((payload.get("markdown") or {}).get("title") or "")
    if keywords and not any(k in text for k in keywords):
        return _err(310000, "keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]")
    key = "dingtalk:" + token
    if not state.rate_ok(key):
        with state.lock:
            if state.blocked_until.get(key, 0) <= state.now():
                state.blocked_until[key] = state.now() + DINGTALK_PENALTY
        return _err(130101, "send too fast, exceed 20 times per minute")
    state.accept(key, "dingtalk", payload)
    return _err(0, "ok")


class FakeRobotServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.state = FakeRobotState()
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeRobotServer
    server_version = "rongmei-fakerobot/1"

    def log_message(self, format: str, *args: Any) -> None:
        """静默（请求里有 key、access_token）。"""

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        # 签名里的 + / = 经 URL 编码（%2B %2F %3D），parse_qsl 还原为 Base64 原文
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else None
        except (ValueError, UnicodeDecodeError):
            payload = None
        state = self.server.state
        if parts.path.startswith("/__robot__/"):
            self._send(_control(state, self.command, parts.path, payload))
            return
        if self.command == "POST" and parts.path == "/cgi-bin/webhook/send":
            body = wecom_send(state, query, payload)
        elif self.command == "POST" and parts.path == "/robot/send":
            body = dingtalk_send(state, query, payload)
        else:
            self._send({"errcode": 404, "errmsg": "no such endpoint"}, 404)
            return
        with state.lock:
            state.log.append({"path": parts.path, "errcode": body["errcode"], "at": state.now()})
        self._send(body)

    def _send(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _handle


def _control(state: FakeRobotState, method: str, path: str, payload: Any) -> dict:
    payload = payload if isinstance(payload, dict) else {}
    if path == "/__robot__/reset":
        state.reset()
        return {"ok": True}
    if path == "/__robot__/robots" and method == "POST":
        with state.lock:
            state.dingtalk[payload["access_token"]] = {"secret": payload.get("secret") or "",
                                                       "keywords": list(payload.get("keywords") or [])}
        return {"ok": True}
    if path == "/__robot__/clock" and method == "POST":
        with state.lock:
            state.offset += float(payload.get("advance") or 0)
        return {"ok": True, "now": state.now()}
    if path == "/__robot__/messages":
        with state.lock:
            return {"messages": list(state.messages)}
    if path == "/__robot__/log":
        with state.lock:
            return {"calls": list(state.log)}
    return {"error": "unknown control endpoint"}


def start_fake_robot_server(port: int = 0, host: str = "127.0.0.1") -> tuple[FakeRobotServer, str]:
    """在后台线程启动仿真机器人服务器，返回 (server, base_url)。用完调用 ``server.shutdown()``。"""
    server = FakeRobotServer((host, port))
    threading.Thread(target=server.serve_forever, name="fakerobot", daemon=True).start()
    return server, server.base_url


class FakeRobotControl:
    """测试里驱动仿真机器人服务器：登记钉钉机器人、拨快时钟、读收到的消息。"""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=5, trust_env=False)

    def reset(self) -> None:
        self.http.post("/__robot__/reset")

    def dingtalk_robot(self, access_token: str, secret: str = "", keywords: list[str] | None = None) -> None:
        self.http.post("/__robot__/robots", json={"access_token": access_token, "secret": secret,
                                                  "keywords": keywords or []})

    def advance(self, seconds: float) -> None:
        self.http.post("/__robot__/clock", json={"advance": seconds})

    def messages(self, robot: str | None = None) -> list[dict]:
        rows = self.http.get("/__robot__/messages").json()["messages"]
        return [m for m in rows if robot is None or m["robot"] == robot]

    def calls(self) -> list[dict]:
        return self.http.get("/__robot__/log").json()["calls"]

    def close(self) -> None:
        self.http.close()
