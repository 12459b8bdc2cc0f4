"""共用夹具：一个会话级的假平台服务器（每个测试前重置），不真正等待的重试策略。"""

from __future__ import annotations

import json

import pytest

from rongmei.engines.platforms import Account, InMemoryTokenStore, MediaFile, RetryPolicy

JPEG = b"\xff\xd8\xff\xe0" + b"fake-jpeg" * 10


@pytest.fixture
def fake(fake_platform):
    """The shared fake platform server (repository conftest), reset for this test."""
    return fake_platform


class SleepRecorder:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def retry(sleeps) -> RetryPolicy:
    return RetryPolicy(max_attempts=3, base_delay=1.0, sleep=sleeps, jitter=lambda d: d)


@pytest.fixture
def store() -> InMemoryTokenStore:
    return InMemoryTokenStore()


@pytest.fixture
def wechat_account() -> Account:
    return Account("gov-wx-1", {"appid": "wx1234567890abcdef", "secret": "s3cr3t-appsecret-value-0001"})


def cover() -> MediaFile:
    return MediaFile("cover.jpg", "image/jpeg", JPEG)


class Persisted:
    """模拟发布队列的数据库行：on_step 里把断点存成 JSON。``crash_when`` 返回 True 时在存盘后抛异常。"""

    def __init__(self, crash_when=None, persist_before_crash: bool = True) -> None:
        self.saved: dict | None = None
        self.crash_when = crash_when
        self.persist_before_crash = persist_before_crash
        self.steps = 0

    def __call__(self, cp: dict) -> None:
        self.steps += 1
        crash = self.crash_when is not None and self.crash_when(cp)
        if not crash or self.persist_before_crash:
            self.saved = json.loads(json.dumps(cp))
        if crash:
            self.crash_when = None
            raise SimulatedCrash("worker killed")

    def load(self) -> dict:
        return json.loads(json.dumps(self.saved))


class SimulatedCrash(Exception):
    pass
