"""审计前后值给人看的样子：选项值 → 中文，外键 id → 名称，时间 → 北京时间，布尔 → 是/否，字典/列表 → 中文短句。

审计里保存的是原始值（便于追溯）；页面和导出都经这里转换。字段按快照里的中文字段名（verbose_name）
在对象类型（``app.model``，经 Django 应用注册表取模型，不导入上层应用）里找回。
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from rongmei.core.labels import label

EMPTY = "（空）"
_ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if name in (str(field.verbose_name), field.name, field.attname):
            return field
    return None


class Presenter:
    """一页审计事件共用一个，缓存外键名称的查询。"""

    def __init__(self) -> None:
        self._names: dict[tuple[type, Any], str] = {}

    def _related_name(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self._names:
            obj = model._default_manager.filter(pk=pk).first()
            self._names[key] = str(obj) if obj is not None else f"已删除的{model._meta.verbose_name}"
        return self._names[key]

    def value(self, value: Any, field=None, *, kind: str | None = None) -> str:
        if value is None or value == "":
            return EMPTY
        if field is not None:
            if field.is_relation and field.many_to_one and not isinstance(value, dict | list):
                if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
                    return self._related_name(field.related_model, int(value))
                return str(value)  # 早期记录已存为名称
            if field.choices:
                kind = f"{field.model._meta.app_label}.{field.model._meta.model_name}.{field.name}"
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, str):
            if _ISO_DATETIME.match(value):
                return _datetime_text(value)
            return label(value, kind)
        if isinstance(value, dict):
            parts = [f"{label(k, 'field')}：{self.value(v, kind=k)}" for k, v in value.items()]
            return "；".join(parts) or EMPTY
        if isinstance(value, list | tuple):
            return "、".join(self.value(v, kind=kind) for v in value) or EMPTY
        return str(value)

    def changes(self, event) -> list[tuple[str, str, str]]:
        """[(字段中文名, 修改前, 修改后)]，只含改变了的字段。"""
        model = _model(event.object_type)
        out = []
        for key, before, after in event.changes:
            field = _field(model, key)
            name = str(field.verbose_name) if field is not None else label(key, "field")
            out.append((name, self.value(before, field), self.value(after, field)))
        return out

    def values(self, data: dict | None, object_type: str) -> str:
        """一个快照（修改前或修改后）的整段文字，导出 Excel 用。"""
        if not data:
            return ""
        model = _model(object_type)
        if not isinstance(data, dict):
            return self.value(data)
        parts = []
        for key, value in data.items():
            field = _field(model, key)
            name = str(field.verbose_name) if field is not None else label(key, "field")
            parts.append(f"{name}：{self.value(value, field)}")
        return "；".join(parts)


def _datetime_text(text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def object_type_name(object_type: str) -> str:
    """``production.contentitem`` → “内容”（模型的中文名）；找不到模型时按标签查。"""
    if not object_type:
        return ""
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else label(object_type, "object_type")
