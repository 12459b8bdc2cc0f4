"""后台任务按名字登记（登记表）。

一个应用的 ``tasks`` 要调用本应用的 ``services``，而 ``services`` 又要排队本应用的任务；为了不成环，
services 不 import tasks，而是按 Huey 任务名排队：``job_enqueue("reports.generate", ...)``
（见 :func:`rongmei.core.services.job_enqueue`）。tasks.py 里用 :func:`register` 登记，
应用在 ``AppConfig.ready()`` 里导入自己的 tasks（Huey worker 启动时本来也会自动导入）。
"""

from __future__ import annotations

_TASKS: dict = {}


def register(task):
    """登记一个 Huey 任务（放在 @db_task 之上），按它的 name 查找。"""
    _TASKS[task.name] = task
    return task


def get(name: str):
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"未登记的后台任务：{name}（该应用的 tasks 模块没有在 ready() 里导入？）") from None
