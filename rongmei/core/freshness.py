"""工作台卡片与菜单角标的共享缓存：数据一变就失效，否则最多缓存一分钟。

工作台每次打开要数十个查询（待办、待审、逾期、舆情、互动……），20 个人同时刷新时 2 核机器排起队来。
卡片和角标的内容只取决于“谁在看、在哪个工作区、数据库里的数据、现在几点”，所以按这四样缓存：

- **数据版本号**：任何一条写入业务表的 SQL（INSERT/UPDATE/DELETE，包括 QuerySet.update 和原生 SQL，不止 save()）
  都会在提交后换一个新的版本号（写会话表除外）。版本号放在所有 Web 进程共享的缓存里（settings.CACHES["fragments"]：
  Redis 或数据目录里的文件），一个进程里的写入其他进程立即看得到。读的一方先取版本号再查数据库，所以缓存的内容
  不会比它的版本号旧；写的一方在语句执行时和提交后各换一次，本事务里的读也看得到自己的写。
- **时间**：键里带当前分钟（北京时间），逾期、倒计时这类随时间变的数字最多晚一分钟。
- **谁、在哪**：用户、角色、工作区都在键里；不同人的卡片互不相干。

缓存的是算好的 HTML 片段或数字；卡片模板里不能有 CSRF 令牌或 CSP nonce（会随请求变化），见 core.home。
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created

_IGNORED_TABLES = ("django_session",)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_GEN_KEY = "data-generation"
_MISS = object()


def _cache():
    return caches["fragments"]


def generation() -> str:
    """当前数据版本号（取不到就当作“刚变过”，用一个新值：宁可不命中也不给旧数据）。"""
    try:
        value = _cache().get(_GEN_KEY)
    except Exception:
        return uuid.uuid4().hex
    if value is None:
        value = uuid.uuid4().hex
        _cache().add(_GEN_KEY, value, None)
        value = _cache().get(_GEN_KEY) or value
    return value


def bump() -> None:
    """换一个新的数据版本号（不是加一：两个进程同时换也一定与旧值不同）。"""
    try:
        _cache().set(_GEN_KEY, uuid.uuid4().hex, None)
    except Exception:  # 缓存不可用时读的一方每次都重算，不影响正确性
        pass


def cached(parts: tuple, compute: Callable[[], object], ttl: int = 120) -> object:
    """按 (parts, 数据版本号, 当前分钟) 缓存 compute() 的结果；parts 要包含用户、角色、工作区与内容的名字。"""
    key = ":".join(str(p) for p in (*parts, generation(), int(time.time() // 60)))
    try:
        value = _cache().get(key, _MISS)
    except Exception:
        value = _MISS
    if value is _MISS:
        value = compute()
        try:
            _cache().set(key, value, ttl)
        except Exception:
            pass
    return value


def _is_write(sql: str) -> bool:
    head = sql.lstrip()[:120]
    verb = head[:7].upper()
    if not verb.startswith(_WRITES):
        return False
    return not any(table in head for table in _IGNORED_TABLES)


def _after_commit() -> None:
    bump()


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _is_write(sql):
        bump()
        connection = context["connection"]
        if connection.in_atomic_block and not any(f is _after_commit for _, f, _ in connection.run_on_commit):
            connection.on_commit(_after_commit)
    return result


def _install(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


def install() -> None:
    """给每个数据库连接装上写入监视（AppConfig.ready 调用一次）。"""
    connection_created.connect(_install, dispatch_uid="rongmei.core.freshness")
    for alias in connections:
        conn = connections[alias]
        if conn.connection is not None:
            _install(None, conn)
