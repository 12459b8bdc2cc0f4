"""Browser: the pages with scripts (charts, drag-and-drop calendar, proofreading, fact form, inbox shortcuts,
opinion trends, bookmarklet) run under the Content-Security-Policy without a single violation in the console."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_csp_violations_on_script_pages(personas, workspace, browser_login, live_server):
    page = browser_login("t-manager")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    pages = ("", "metrics/", "contracts/", "contracts/facts/new/", "proofread/", "calendar/", "interaction/")
    for path in (*pages, "opinion/", "opinion/mentions/new/"):
        page.goto(f"{live_server.url}/w/{workspace.slug}/{path}")
        page.wait_for_load_state("networkidle")
    assert problems == []
