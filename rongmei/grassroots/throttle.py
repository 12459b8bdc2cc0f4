"""对外 H5 页面（扫码签到、线上答题）的简单限流：同一 IP、同一口令每分钟的请求数有上限，超过就显示“操作太频繁”。

只用 Django 缓存的 add / incr：按“键 + 分钟”计数，过一分钟自然清零。计数放在各工作进程共用的 ``shared`` 缓存里
（设置了 REDIS_URL 时是 Redis，否则是数据目录下的文件缓存），所以 ``rongmei serve`` 的多个工作进程合计一个上限，
而不是每个进程各算一份。
同一场培训的人常在同一个 Wi-Fi 下（同一个出口 IP），按 IP 的上限按一场一两百人留足；按口令的上限防止
有人对着一个链接刷请求拖慢服务器，定得远高于正常的扫码高峰。
"""

from __future__ import annotations

import hashlib

from django.core.cache import caches

from rongmei.core import clock
from rongmei.core.middleware import client_ip

CACHE = "shared"
WINDOW = 60  # 秒
PER_IP = 120  # 每个 IP 每分钟
PER_TOKEN = 3000  # 每个签到/答题口令每分钟


def _count(key: str, limit: int) -> bool:
    """计一次；返回这一分钟内是否仍在上限以内。"""
    cache = caches[CACHE]
    bucket = int(clock.now().timestamp()) // WINDOW
    name = "gr-throttle:" + hashlib.sha1(f"{key}:{bucket}".encode()).hexdigest()
    if cache.add(name, 1, WINDOW + 5):
        return True
    try:
        return cache.incr(name) <= limit
    except ValueError:  # 刚好过期
        cache.add(name, 1, WINDOW + 5)
        return True


def allow(request, token: str) -> bool:
    """这个请求能不能处理：IP 与口令都没超过上限（两个计数都记上）。"""
    ip_ok = _count(f"ip:{client_ip(request) or '-'}", PER_IP)
    token_ok = _count(f"token:{token}", PER_TOKEN)
    return ip_ok and token_ok
