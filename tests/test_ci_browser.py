"""CI 不能在浏览器测试全部跳过的情况下变绿：缺 Chromium 时本机跳过，CI（CI=true）里失败。"""

import pytest

import conftest


def test_missing_browser_skips_on_a_developer_machine(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM_CANDIDATES", ["/nonexistent/chromium"])
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest.chromium_or_skip()


def test_missing_browser_fails_in_ci(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM_CANDIDATES", ["/nonexistent/chromium"])
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        conftest.chromium_or_skip()


def test_ci_script_stops_when_chromium_cannot_be_installed():
    script = open(conftest.os.path.join(conftest.os.path.dirname(conftest.__file__), ".ci", "run"),
                  encoding="utf-8").read()
    assert "export CI=true" in script
    assert "浏览器测试将跳过" not in script and "exit 1" in script
