"""Driving the fake platform server from tests: one helper, used by the one shared pytest fixture
(``fake_platform`` in the repository's ``conftest.py``) for engine, publishing and metrics tests."""

from __future__ import annotations

import httpx

__all__ = ["FakeControl"]


class FakeControl:
    """Set scenarios on the fake server and read what it saw (calls, posts)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=5)

    def scenario(self, **body) -> dict:
        return self.http.post("/__fake__/scenario", json=body).json()

    def fail(self, path: str, code: int, times: int = 1, **extra) -> None:
        self.scenario(fail=[{"path": path, "code": code, "times": times, **extra}])

    def calls(self, path: str | None = None) -> list[dict]:
        calls = self.http.get("/__fake__/log").json()["calls"]
        return [c for c in calls if path is None or c["path"] == path]

    def posts(self, platform: str | None = None) -> list[dict]:
        posts = self.http.get("/__fake__/posts").json()["posts"]
        return [p for p in posts if platform is None or p["platform"] == platform]

    def close(self) -> None:
        self.http.close()
