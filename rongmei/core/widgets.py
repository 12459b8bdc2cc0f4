"""平台自己的工作台卡片：账号矩阵（运营、运维）、失败的后台任务（组长、运维）。"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from rongmei.core import clock
from rongmei.core.tenancy import accounts_of

from . import home, selectors
from .permissions import CorePerm


def accounts_card(request) -> str | None:
    accounts = list(accounts_of(request.workspace))
    return render_to_string("core/_home_accounts.html", {"accounts": accounts}, request=request)


def failed_jobs_card(request) -> str | None:
    since = clock.now() - dt.timedelta(days=7)
    failed = list(selectors.failed_jobs_since(request.workspace, since)[:5])
    if not failed:
        return None
    return render_to_string("core/_home_failed_jobs.html", {"failed": failed}, request=request)


home.register(home.Widget("core.failed_jobs", CorePerm.VIEW_JOBS, failed_jobs_card, order=3,
                          roles=home.roles("manager", "tech")))
home.register(home.Widget("core.accounts", "workspaces.view", accounts_card, order=200,
                          roles=home.roles("manager", "tech", "support", "client_officer")))
