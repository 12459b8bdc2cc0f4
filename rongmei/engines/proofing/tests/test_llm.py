"""大模型复核层：在测试中启动本地假服务器（127.0.0.1，随机端口，真实 HTTP）。"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rongmei.engines.proofing import Engine, LLMConfig


class _Handler(BaseHTTPRequestHandler):
    delay = 0.0
    requests: list[dict] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        time.sleep(type(self).delay)
        sentence = body["messages"][-1]["content"]
        issues = []
        if "残废人" in sentence:
            issues.append({"text": "残废人", "suggestion": "残疾人", "reason": "歧视性称谓"})
        if "精采" in sentence:
            issues.append({"text": "精采", "suggestion": "精彩", "reason": "错别字"})
        issues.append({"text": "不在句中的片段", "suggestion": "x", "reason": "应被忽略"})
        content = "```json\n" + json.dumps({"issues": issues}, ensure_ascii=False) + "\n```"
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def fake_llm() -> Iterator[str]:
    _Handler.delay = 0.0
    _Handler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_model_findings_are_marked(fake_llm: str) -> None:
    eng = Engine(llm=LLMConfig(base_url=fake_llm, model="fake", api_key="k", timeout=5))
    text = "社区为残废人提供服务。今天天气很好。"
    found = eng.check(text)
    model = [f for f in found if f.source == "model"]
    assert [(f.text, f.suggestion, f.category, f.severity) for f in model] == [("残废人", "残疾人", "model", "低")]
    assert text[model[0].start : model[0].end] == "残废人"
    assert "大模型复核意见" in model[0].message
    # 只把规则认为可疑的句子发给模型
    assert len(_Handler.requests) == 1
    req = _Handler.requests[0]
    assert req["path"] == "/v1/chat/completions"
    assert req["body"]["model"] == "fake" and req["auth"] == "Bearer k"
    assert req["body"]["messages"][-1]["content"] == "社区为残废人提供服务。"


def test_no_request_when_rules_find_nothing(fake_llm: str) -> None:
    eng = Engine(llm=LLMConfig(base_url=fake_llm + "/v1", model="fake"))
    assert eng.check("今天天气很好。") == []
    assert _Handler.requests == []


def test_timeout_is_reported_not_raised(fake_llm: str) -> None:
    _Handler.delay = 1.5
    eng = Engine(llm=LLMConfig(base_url=fake_llm, model="fake", timeout=0.3))
    t0 = time.monotonic()
    found = eng.check("社区为残废人提供服务。")
    assert time.monotonic() - t0 < 1.4
    assert [f.source for f in found] == ["rules"]
    assert eng.llm_errors == ["大模型复核超时"]


def test_llm_off_by_default_and_unreachable_endpoint() -> None:
    assert Engine().llm is None
    eng = Engine(llm=LLMConfig(base_url="http://127.0.0.1:9", model="fake", timeout=1))
    found = eng.check("社区为残废人提供服务。")
    assert [f.source for f in found] == ["rules"]
    assert eng.llm_errors and eng.llm_errors[0].startswith("大模型复核失败")
