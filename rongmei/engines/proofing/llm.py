"""可选的大模型复核层：把规则认为可疑的句子发给 OpenAI 兼容接口（``/v1/chat/completions``）。

默认关闭；有时间上限（httpx 超时 + 总预算）；返回的发现标记为 ``source="model"``，严重程度为“低”，
仅供编辑参考。接口不可用、超时或返回无法解析时静默跳过，错误记录在 ``Engine.llm_errors``。
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

from .finding import Finding

SYSTEM_PROMPT = (
    "你是政务新媒体稿件的校对专家。请只找出句子中确定的错误（错别字、用词不当、政治性表述错误），"
    '以 JSON 回答：{"issues": [{"text": "原文中的错误片段", "suggestion": "改正后", "reason": "理由"}]}；'
    '没有错误时回答 {"issues": []}。不要改写没有错误的部分。'
)


@dataclass(frozen=True)
class LLMConfig:
    """OpenAI 兼容接口的配置。``base_url`` 形如 ``http://127.0.0.1:8000``（也接受以 ``/v1`` 结尾）。"""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 10.0
    total_budget: float = 30.0
    max_sentences: int = 20
    enabled: bool = True

    @property
    def endpoint(self) -> str:
        base = self.base_url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        if not base.endswith("/v1"):
            base += "/v1"
        return base + "/chat/completions"


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in re.finditer(r"[。！？!?\n]", text):
        if m.end() - start > 1:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _parse(content: str) -> list[dict]:
    m = re.search(r"\{.*\}", content, re.S)
    if not m:
        return []
    data = json.loads(m.group())
    issues = data.get("issues", []) if isinstance(data, dict) else []
    return [i for i in issues if isinstance(i, dict) and i.get("text")]


def second_opinion(
    cfg: LLMConfig, text: str, findings: list[Finding], version: str
) -> tuple[list[Finding], list[str]]:
    """对有规则发现的句子请求大模型复核；返回（模型发现，错误信息）。"""
    # 函数内导入：只在启用大模型复核时才需要 httpx
    import httpx

    suspicious = [
        (s, e) for s, e in _sentences(text) if any(f.start < e and f.end > s for f in findings)
    ][: cfg.max_sentences]
    out: list[Finding] = []
    errors: list[str] = []
    if not suspicious:
        return out, errors
    headers = {"Content-Type": "application/json"}
    if cfg.api_key:
        headers["Authorization"] = f"Bearer {cfg.api_key}"
    deadline = time.monotonic() + cfg.total_budget
    with httpx.Client(timeout=cfg.timeout, headers=headers, trust_env=False) as client:
        for s, e in suspicious:
            if time.monotonic() >= deadline:
                errors.append("大模型复核超出总时间预算，其余句子未复核")
                break
            sentence = text[s:e]
            body = {
                "model": cfg.model,
                "temperature": 0,
                "messages": [
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": sentence},
                ],
            }
            try:
                resp = client.post(cfg.endpoint, json=body)
                resp.raise_for_status()
                content = resp.json()["choices"][0]["message"]["content"]
                issues = _parse(content)
            except httpx.TimeoutException:
                errors.append("大模型复核超时")
                continue
            except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
                errors.append(f"大模型复核失败：{type(exc).__name__}")
                continue
            for issue in issues:
                frag = str(issue["text"])
                idx = sentence.find(frag)
                if idx < 0:
                    continue
                reason = str(issue.get("reason") or "模型认为此处有误")
                sugg = issue.get("suggestion")
                out.append(
                    Finding(
                        start=s + idx,
                        end=s + idx + len(frag),
                        text=frag,
                        category="model",
                        rule="llm.second_opinion",
                        severity="低",
                        suggestion=str(sugg) if sugg else None,
                        message=f"大模型复核意见（仅供参考）：{reason}",
                        rulepack=version,
                        source="model",
                    )
                )
    return out, errors
