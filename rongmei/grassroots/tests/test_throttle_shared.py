"""对外 H5 页面的限流计数由各工作进程共用：``rongmei serve`` 起多个工作进程时，上限是合计的，不是每个进程一份。

每个线程拿到自己的缓存对象（与各进程各有一个一样），计数仍落在同一处：没有 Redis 时是数据目录下的文件缓存，
有 Redis（PostgreSQL + Redis 那一轮测试）时再用 Redis 试一遍。
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from rongmei.grassroots import throttle

BACKENDS = [pytest.param("file", id="文件缓存")]
if os.environ.get("REDIS_URL"):
    BACKENDS.append(pytest.param("redis", id="Redis"))


def _shared_cache(kind: str, tmp_path) -> dict:
    if kind == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "shared")}
    # 每次一个新前缀：计数 65 秒后自然过期，不碰 Redis 里别的键
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"rongmei-test-{uuid.uuid4().hex}"}


@pytest.mark.parametrize("kind", BACKENDS)
def test_limit_is_shared_by_worker_processes(kind, tmp_path, monkeypatch):
    monkeypatch.setattr(throttle, "PER_IP", 4)
    results: list[bool] = []

    def worker() -> None:  # 另一个“工作进程”：自己的缓存对象
        results.extend(throttle._count("ip:10.9.9.9", throttle.PER_IP) for _ in range(2))

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                                   throttle.CACHE: _shared_cache(kind, tmp_path)}):
        for _ in range(2):
            t = threading.Thread(target=worker)
            t.start()
            t.join()
        # 两个“进程”各请求两次，已到合计上限 4：第五次在这里被拒，换一个 IP 不受影响
        assert results == [True] * 4
        assert throttle._count("ip:10.9.9.9", throttle.PER_IP) is False
        assert throttle._count("ip:10.9.9.10", throttle.PER_IP) is True
        caches[throttle.CACHE].close()


def test_serve_uses_a_cache_shared_between_processes(tmp_path):
    """测试之外（没有 RONGMEI_TESTING）的设置：限流计数不在进程内存里。"""
    import subprocess
    import sys

    code = ("import django, json; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['shared']['BACKEND'])")
    env = {k: v for k, v in os.environ.items() if k not in ("RONGMEI_TESTING", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="rongmei.settings", RONGMEI_DATA_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "django.core.cache.backends.filebased.FileBasedCache"
