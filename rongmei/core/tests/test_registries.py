"""core 里供上层登记的接口：未登记时大声报错，不静默放行。"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rongmei.core import calendar, jobs, tenancy
from rongmei.core.services import job_enqueue
from rongmei.production import calendar as production_calendar
from rongmei.production.permissions import ProductionPerm
from rongmei.publishing import calendar as publishing_calendar
from rongmei.publishing.permissions import PublishingPerm
from rongmei.workspaces import selectors as workspace_selectors


def test_workspaces_provides_the_tenancy_queries():
    assert tenancy._PROVIDED["role_in"] is workspace_selectors.role_in
    assert tenancy._PROVIDED["workspace_get"] is workspace_selectors.workspace_get


def test_tenancy_without_a_provider_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(tenancy, "_PROVIDED", {})
    with pytest.raises(ImproperlyConfigured, match="tenancy.provide"):
        tenancy.workspaces_for(None)


def test_apps_register_their_calendar_layers():
    layers = calendar._LAYERS
    assert layers["publications"].perm == PublishingPerm.VIEW
    assert layers["publications"].entries is publishing_calendar.pub_entries
    assert layers["items"].perm == ProductionPerm.VIEW and layers["items"].entries is production_calendar.item_entries
    assert [p.url_for for p in calendar._PLANNERS] == [production_calendar.plan_url]
    assert "no-such-layer" not in layers


def test_services_enqueue_registered_tasks_by_name():
    assert jobs.get("reports.generate").name == "reports.generate"
    assert jobs.get("publishing.publish_one").name == "publishing.publish_one"
    assert jobs.get("contracts.facts_import").name == "contracts.facts_import"
    with pytest.raises(LookupError, match="未登记的后台任务：nope"):
        job_enqueue("nope")
