"""按本地时区取日期的查询表达式：与 Django 的 ``TruncDate`` 结果相同，在 SQLite 上快几十倍。

Django 在 SQLite 上做时区换算靠注册的 Python 函数，每一行调一次：舆情总览按天统计最近 30 天（百万条的库里约 34 万行）
要 9 s。当前时区的 UTC 偏移固定不变时（Asia/Shanghai 自 1992 年起一直是 +08:00），换成 SQLite 自带的
``date(时间, '+480 minutes')`` 就是同一个日期；偏移会变的时区（夏令时）和其他数据库照旧用 ``TruncDate``。
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

from django.db.models.functions import TruncDate


@lru_cache(maxsize=16)
def fixed_offset_minutes(tzname: str) -> int | None:
    """这个时区 1992–2100 年的 UTC 偏移（分钟）都相同时返回它，否则 None。"""
    try:
        tz = zoneinfo.ZoneInfo(tzname)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    offsets = {
        dt.datetime(year, month, 15, 12, tzinfo=tz).utcoffset() for year in range(1992, 2101) for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    return int(offset.total_seconds() // 60)


class LocalDate(TruncDate):
    """``TruncDate(字段, tzinfo=当前时区)``；SQLite 上时区偏移固定时用自带的 date() 算。"""

    def as_sqlite(self, compiler, connection, **extra_context):
        minutes = fixed_offset_minutes(self.get_tzname() or "UTC")
        if minutes is None:
            return self.as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, '{minutes:+d} minutes')", params
