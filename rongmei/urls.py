from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from rongmei.api import api
from rongmei.audit.urls import global_urlpatterns as audit_global_urlpatterns
from rongmei.cases.urls import global_urlpatterns as cases_global_urlpatterns
from rongmei.core.views import healthz
from rongmei.interaction.urls import global_urlpatterns as interaction_global_urlpatterns
from rongmei.workspaces.urls import global_urlpatterns as workspaces_global_urlpatterns

# 每个业务应用的页面都在 /w/<工作区>/<应用>/ 之下
WORKSPACE_APPS = ["workspaces", "workcal", "audit", "contracts", "production", "proofread", "assets", "publishing",
                  "metrics", "reports", "interaction", "opinion", "inspection", "archives", "spread", "team", "cases", "grassroots"]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("accounts/", include("rongmei.accounts.urls")),
    path("sysadmin/", admin.site.urls),
    path("audit/", include(audit_global_urlpatterns)),
    path("hooks/", include((interaction_global_urlpatterns, "interaction_hooks"))),
    path("cases/", include((cases_global_urlpatterns, "cases_public"))),
    path("", include(workspaces_global_urlpatterns)),
    path("", include("rongmei.core.urls")),
]
for app in WORKSPACE_APPS:
    prefix = {"workspaces": "", "workcal": "calendar/"}.get(app, f"{app}/")
    urlpatterns.append(path(f"w/<slug:ws>/{prefix}", include(f"rongmei.{app}.urls")))

# 错误页：中文说明，不显示异常类名或英文原文
handler400 = "rongmei.core.errors.bad_request"
handler403 = "rongmei.core.errors.permission_denied"
handler404 = "rongmei.core.errors.page_not_found"
handler500 = "rongmei.core.errors.server_error"

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
