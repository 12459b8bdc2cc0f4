"""日期/时间输入框：每个表单都按浏览器认得的 ISO 格式填入已有的值，原样保存不会清掉日期。

（曾经：工作区设置的服务期渲染为 value="2025/01/01"，type=date 的输入框显示为空，一保存服务期就没了。）
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.utils import timezone

from rongmei.accounts import forms as accounts_forms
from rongmei.assets import forms as assets_forms
from rongmei.contracts import forms as contracts_forms
from rongmei.core import forms as core_forms
from rongmei.metrics import forms as metrics_forms
from rongmei.production import forms as production_forms
from rongmei.proofread import forms as proofread_forms
from rongmei.publishing import forms as publishing_forms
from rongmei.reports import forms as reports_forms
from rongmei.workcal import forms as workcal_forms
from rongmei.workspaces import forms as workspaces_forms

FORM_MODULES = [accounts_forms, assets_forms, contracts_forms, core_forms, metrics_forms, production_forms, proofread_forms,
                publishing_forms, reports_forms, workcal_forms, workspaces_forms]

SAMPLES = {
    forms.DateTimeField: (timezone.make_aware(dt.datetime(2025, 3, 9, 14, 30)), "datetime-local",
                          "2025-03-09T14:30"),
    forms.DateField: (dt.date(2025, 1, 1), "date", "2025-01-01"),
    forms.TimeField: (dt.time(8, 5), "time", "08:05"),
}


def _temporal_fields():
    for module in FORM_MODULES:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for fname, field in cls.base_fields.items():
                    for ftype in SAMPLES:
                        if isinstance(field, ftype):
                            yield pytest.param(field, ftype, id=f"{module.__name__.split('.')[1]}.{cls.__name__}.{fname}")
                            break


TEMPORAL = list(_temporal_fields())


def test_the_product_has_date_inputs_to_check():
    assert len(TEMPORAL) >= 15


@pytest.mark.parametrize(("field", "ftype"), TEMPORAL)
def test_every_date_input_renders_iso_and_reads_it_back(field, ftype, settings):
    value, input_type, text = SAMPLES[ftype]
    html = field.widget.render("f", value)
    assert f'type="{input_type}"' in html, html
    assert f'value="{text}"' in html, html  # 浏览器只认这个格式；"2025/01/01" 会显示成空白
    assert field.clean(text) == value  # 原样提交，得到同一个值


# ---------------------------------------------------------------- 页面上原样保存


class _FormValues(HTMLParser):
    """页面上每个 method=post 表单里浏览器会提交的字段值。"""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.data: dict[str, list[str]] = {}
        self._depth = 0
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.data = {}
            self.forms.append(self.data)
            self._depth = 1
            return
        if not self._depth:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form" and self._depth:
            self._depth = 0
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data.lstrip("\n") if not self.data[self._textarea][0] else data


def resubmit(client, url: str, field: str) -> dict:
    """打开表单页，什么都不改，按浏览器的方式提交含 ``field`` 的那个表单。"""
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormValues()
    parser.feed(page.content.decode())
    data = next(f for f in parser.forms if field in f)
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)', response.content.decode())
    return data


def test_workspace_settings_saved_unchanged_keeps_the_service_period(client, personas, workspace):
    client.force_login(personas["manager"])
    data = resubmit(client, f"/w/{workspace.slug}/settings/", "period_start")
    assert data["period_start"] == ["2025-01-01"] and data["period_end"] == ["2025-12-31"]
    workspace.refresh_from_db()
    assert (workspace.period_start, workspace.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_account_saved_unchanged_keeps_its_dates(client, personas, workspace, platforms):
    from rongmei.workspaces.services import account_create

    account = account_create(actor=personas["manager"], workspace=workspace, platform=platforms["wechat"],
                             name="测试公众号", opened_on=dt.date(2024, 5, 6), status_since=dt.date(2024, 6, 1))
    client.force_login(personas["manager"])
    resubmit(client, f"/w/{workspace.slug}/accounts/{account.pk}/", "opened_on")
    account.refresh_from_db()
    assert (account.opened_on, account.status_since) == (dt.date(2024, 5, 6), dt.date(2024, 6, 1))


def test_item_saved_unchanged_keeps_deadline_and_planned_time(client, personas, workspace):
    from rongmei.production.services import item_create

    planned = timezone.make_aware(dt.datetime(2025, 3, 9, 14, 30))
    item = item_create(actor=personas["editor"], workspace=workspace, title="春季植树", body="正文",
                       deadline=dt.date(2025, 3, 8), planned_publish_at=planned)
    client.force_login(personas["editor"])
    data = resubmit(client, f"/w/{workspace.slug}/production/{item.pk}/edit/", "deadline")
    assert data["planned_publish_at"] == ["2025-03-09T14:30"]  # 北京时间
    item.refresh_from_db()
    assert item.deadline == dt.date(2025, 3, 8) and item.planned_publish_at == planned
