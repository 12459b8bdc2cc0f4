"""启动预热注册表：进程开始接请求（或后台任务）之前要做的准备，如加载 AI 审校引擎的规则包。

应用在 ``AppConfig.ready()`` 里 ``register("proofread.engine", fn)``；启动时由
gunicorn 配置（``rongmei/gunicorn_conf.py``，preload 后在主进程做一次，fork 出的工作进程共享）和
Huey worker（``core.tasks`` 的 on_startup）调用 :func:`run_all`。不在 ``ready()`` 里直接做：
``migrate``、测试等命令不需要，也不应在应用加载时访问数据库。
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

_WARMERS: dict[str, Callable[[], object]] = {}


def register(key: str, fn: Callable[[], object]) -> None:
    _WARMERS[key] = fn


def run_all() -> dict[str, float]:
    """依次执行所有预热，返回各自耗时（秒）。某一项失败只记日志，不影响启动（第一次请求时再加载）。"""
    took: dict[str, float] = {}
    for key, fn in _WARMERS.items():
        start = time.perf_counter()
        try:
            fn()
        except Exception:  # 预热失败不能让服务起不来
            log.exception("启动预热 %s 失败", key)
        took[key] = time.perf_counter() - start
    return took
