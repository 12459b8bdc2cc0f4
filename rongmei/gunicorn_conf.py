"""gunicorn 配置（``rongmei serve`` 使用）：先在主进程加载应用并预热，再 fork 工作进程。

预热（:mod:`rongmei.core.warmup`，如 AI 审校引擎的规则包与各工作区词条）只做一次，工作进程以写时复制共享，
第一次在线审校或送审不再等待几秒钟的加载。
"""

from __future__ import annotations

import logging

preload_app = True


def when_ready(server) -> None:
    from django.db import connections

    from rongmei.core import warmup

    took = warmup.run_all()
    server.log.info("启动预热完成：%s", "，".join(f"{k} {v:.1f} 秒" for k, v in took.items()) or "无")
    connections.close_all()  # 不把主进程的数据库连接带进 fork 出的工作进程


def post_fork(server, worker) -> None:
    from django.db import connections

    connections.close_all()
    logging.getLogger(__name__).debug("worker %s forked", worker.pid)
