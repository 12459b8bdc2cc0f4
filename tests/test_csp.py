"""Issue 14 item 4: a strict Content-Security-Policy — scripts only from the site itself or inline with this
response's nonce; no inline event handlers anywhere in the templates."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "rongmei"
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")([^>]*)>", re.IGNORECASE)


def test_pages_send_a_policy_and_every_inline_script_carries_its_nonce(personas, workspace, client):
    client.force_login(personas["manager"])
    for url in (f"/w/{workspace.slug}/", f"/w/{workspace.slug}/metrics/", f"/w/{workspace.slug}/contracts/",
                f"/w/{workspace.slug}/proofread/", f"/w/{workspace.slug}/calendar/"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        policy = resp["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src and "http" not in script_src
        nonce = re.search(r"'nonce-([^']+)'", script_src)
        html = resp.content.decode()
        for attrs in INLINE_SCRIPT.findall(html):
            assert nonce and f'nonce="{nonce.group(1)}"' in attrs, (url, attrs)
        assert not HANDLER.search(html.split("<body", 1)[1]), url


def test_templates_have_no_inline_event_handlers_or_unnonced_scripts():
    offenders = []
    for path in ROOT.rglob("*.html"):
        if "fixtures" in path.parts:  # 测试用的粘贴样本（恶意 HTML 正是要被清洗掉的），不是模板
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for m in HANDLER.finditer(text)]
        offenders += [f"{path.relative_to(ROOT)}: <script{attrs}>" for attrs in INLINE_SCRIPT.findall(text)
                      if "csp_nonce" not in attrs]
    assert offenders == []
