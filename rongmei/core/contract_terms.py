"""合同条款查询：旁支应用（团队）要读当前合同的人员条款，但不能 import 合同应用。

合同应用在 ``AppConfig.ready()`` 里用 :func:`provide` 登记 ``fn(workspace) -> engines.kpi Contract | None``
（当前版本的合同定义）；团队只调用 :func:`current`。没有登记或没有合同版本时返回 None。
"""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: list[Callable] = []


def provide(fn: Callable) -> None:
    """登记当前合同查询函数 fn(workspace) -> Contract | None。"""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)


def current(workspace):
    """工作区当前版本的合同定义（engines.kpi 的 Contract）；没有时为 None。"""
    for fn in _PROVIDERS:
        contract = fn(workspace)
        if contract is not None:
            return contract
    return None
