"""代码 → 中文标签的注册表：页面上出现的每个代码（选项值、发现类别、任务名、错误码……）都从这里取中文。

- 模型字段的 ``choices`` 在第一次查询时自动收集（经 Django 的应用注册表，不导入上层应用）；
  种类名为 ``"<应用>.<模型>.<字段>"``，例如 ``"production.item.status"``。
- 不在模型里的词表由提供它的应用在 ``AppConfig.ready()`` 里登记::

      labels.register("proof_category", CATEGORIES)        # 代码 → 中文的映射
      labels.register("item_status", ItemStatus)            # 或 TextChoices / (代码, 中文) 序列

- 查询：``label(code, kind=None)``；模板里 ``{{ code|zh }}`` 或 ``{{ code|zh:"proof_category" }}``
  （过滤器是内置的，无需 ``{% load %}``）。指定种类时先查该种类，查不到再查全局；全局里同一代码
  在不同种类有不同中文时，取最先登记的。没有标签的代码原样返回（测试会逐页查找残留的英文代码）。
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.db import models

#: 种类 → {代码: 中文}
_KINDS: dict[str, dict[str, str]] = {}
#: 全局 {代码: 中文}（各种类合并，先登记者优先）
_ALL: dict[str, str] = {}
_models_loaded = False

#: 所有页面通用的几个值
_COMMON = {
    "True": "是",
    "False": "否",
    "None": "—",
    "true": "是",
    "false": "否",
}


def _as_mapping(labels: Any) -> dict[str, str]:
    if isinstance(labels, type) and issubclass(labels, models.Choices):
        return {str(value): str(text) for value, text in labels.choices}
    if isinstance(labels, Mapping):
        return {str(k): str(v) for k, v in labels.items()}
    if isinstance(labels, Iterable):
        out: dict[str, str] = {}
        for pair in labels:
            value, text = pair
            if isinstance(text, list | tuple):  # 分组的 choices
                out.update(_as_mapping(text))
            else:
                out[str(value)] = str(text)
        return out
    raise TypeError(f"无法登记为标签：{labels!r}")


def register(kind: str, labels: Any) -> None:
    """登记一个种类的标签（可多次调用，后者补充前者）。"""
    mapping = _as_mapping(labels)
    _KINDS.setdefault(kind, {}).update(mapping)
    for code, text in mapping.items():
        _ALL.setdefault(code, text)


def _load_model_choices() -> None:
    global _models_loaded
    if _models_loaded or not apps.ready:
        return
    _models_loaded = True
    for model in apps.get_models():
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if choices and not getattr(field, "auto_created", False):
                register(f"{model._meta.app_label}.{model._meta.model_name}.{field.name}", choices)


def label(code: Any, kind: str | None = None) -> str:
    """``code`` 的中文标签；没有登记的原样返回（``None`` → “—”）。"""
    if code is None or code == "":
        return "—" if code is None else ""
    if isinstance(code, bool):
        return "是" if code else "否"
    _load_model_choices()
    key = str(code)
    if kind is not None:
        found = _KINDS.get(kind, {}).get(key)
        if found is not None:
            return found
    found = _ALL.get(key)
    if found is not None:
        return found
    return _COMMON.get(key, key)


def value_text(value: Any, kind: str | None = None) -> str:
    """一个值给人看的文字：代码 → 中文，布尔 → 是/否，列表 → 顿号连接，数字原样。"""
    if isinstance(value, list | tuple):
        return "、".join(value_text(v, kind) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{name}：{text}" for _k, name, text in fields(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return label(value, kind)


def fields(data: Mapping[str, Any], kind: str = "field") -> list[tuple[str, str, str]]:
    """字典的每一项 → (键, 中文名, 值文字)；值按与键同名的种类查标签（如 platform → 平台名）。"""
    return [(key, label(key, kind), value_text(value, key)) for key, value in (data or {}).items()]


def labels_of(kind: str) -> dict[str, str]:
    """一个种类的全部标签（用于下拉框等）。"""
    _load_model_choices()
    return dict(_KINDS.get(kind, {}))


def known_codes() -> frozenset[str]:
    """所有登记过的代码（测试用它在页面上查找没翻译的代码）。"""
    _load_model_choices()
    return frozenset(_ALL)


def choice_label(choices: type[models.Choices], value: Any, empty: str = "—") -> str:
    """一个选项值的中文名（导出、档案里用）；不认识的值原样给出，空值给 ``empty``。"""
    try:
        return choices(value).label
    except ValueError:
        return value or empty


def minute_text(moment: Any, empty: str = "—") -> str:
    """北京时间到分钟（2025-11-14 17:00），导出与档案里的时间都用它；空值给 ``empty``。"""
    from django.utils import timezone

    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else empty
