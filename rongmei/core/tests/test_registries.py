"""core 里供上层登记的接口：未登记时大声报错，不静默放行。"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rongmei.core import calendar, jobs, tenancy
from rongmei.core.services import job_enqueue
from rongmei.publishing.permissions import PublishingPerm
from rongmei.publishing.selectors import calendar_publications
from rongmei.workspaces import selectors as workspace_selectors


def test_workspaces_provides_the_tenancy_queries():
    assert tenancy._PROVIDED["role_in"] is workspace_selectors.role_in
    assert tenancy._PROVIDED["workspace_get"] is workspace_selectors.workspace_get


def test_tenancy_without_a_provider_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(tenancy, "_PROVIDED", {})
    with pytest.raises(ImproperlyConfigured, match="tenancy.provide"):
        tenancy.workspaces_for(None)


def test_publishing_registers_its_calendar_source():
    source = calendar.source(calendar.PUBLICATIONS)
    assert source.perm == PublishingPerm.VIEW and source.between is calendar_publications
    assert calendar.source("no-such-source") is None


def test_services_enqueue_registered_tasks_by_name():
    assert jobs.get("reports.generate").name == "reports.generate"
    assert jobs.get("publishing.publish_one").name == "publishing.publish_one"
    assert jobs.get("contracts.facts_import").name == "contracts.facts_import"
    with pytest.raises(LookupError, match="未登记的后台任务：nope"):
        job_enqueue("nope")
