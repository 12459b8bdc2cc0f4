"""Every role × every workspace page, driven by what the code declares.

Each workspace view carries ``required_perm`` (set by ``@workspace_view``) and each permission
declares its roles (``permissions.declare``). This test walks the URL configuration, so a new view,
permission or role is covered without editing it:

* a role that does not hold the view's permission gets 403, whatever the URL's other arguments
  (for a POST-only action, on POST: nothing is written by a refused request);
* a role that holds it is let in: the page answers 200, a redirect, 404 (a dummy object id) or 405
  (a POST-only action) — never 403;
* someone who is not a member of the workspace gets 404 (a workspace's existence is not revealed);
* an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rongmei.core.permissions import has_perm
from rongmei.workspaces.choices import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

_DUMMY = {"int": 999999, "slug": "no-such", "str": "no-such", "path": "no-such", "uuid": str(uuid.UUID(int=0))}


def _workspace_views(patterns=None, namespace: str = "", converters: dict | None = None):
    """(url name, view, {kwarg: converter name}) for every view guarded by @workspace_view."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        found = {**(converters or {}), **{k: type(c).__name__ for k, c in entry.pattern.converters.items()}}
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _workspace_views(entry.url_patterns, ns, found)
        elif isinstance(entry, URLPattern) and entry.name and hasattr(entry.callback, "required_perm"):
            yield f"{namespace}{entry.name}", entry.callback, found


def _converter(name: str) -> str:
    return {"IntConverter": "int", "SlugConverter": "slug", "UUIDConverter": "uuid", "PathConverter": "path"}.get(
        name, "str")


VIEWS = sorted({name: (view, conv) for name, view, conv in _workspace_views()}.items())


def _url(name: str, converters: dict, workspace) -> str:
    kwargs = {k: workspace.slug if k == "ws" else _DUMMY[_converter(c)] for k, c in converters.items()}
    return reverse(name, kwargs=kwargs)


def test_the_walk_finds_the_workspace_views():
    names = {name for name, _ in VIEWS}
    assert len(names) > 40
    assert {"production:items", "publishing:change_decide", "audit:list"} <= names


@pytest.mark.parametrize("role", Role.values)
def test_role_gets_exactly_the_pages_its_permissions_allow(client, workspace, role):
    user = MembershipFactory(workspace=workspace, role=role).user
    client.force_login(user)
    wrong = []
    for name, (view, converters) in VIEWS:
        allowed = has_perm(user, workspace, view.required_perm)
        url = _url(name, converters, workspace)
        status = client.get(url).status_code
        if status == 405 and not allowed:  # a POST-only action: the guard must refuse the POST too
            status = client.post(url).status_code
        if allowed and status == 403 or not allowed and status != 403:
            wrong.append(f"{name}: {status} ({'有' if allowed else '无'}权限 {view.required_perm})")
    assert not wrong, f"角色 {role}：\n" + "\n".join(wrong)


def test_non_member_gets_404_and_anonymous_is_sent_to_login(client, workspace, other_workspace):
    outsider = MembershipFactory(workspace=other_workspace, role=Role.MANAGER).user
    urls = [_url(name, converters, workspace) for name, (_, converters) in VIEWS]

    def visit(url):
        response = client.get(url)
        return client.post(url) if response.status_code == 405 else response

    for url in urls:
        response = visit(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
    client.force_login(outsider)
    assert {url: visit(url).status_code for url in urls} == dict.fromkeys(urls, 404)
