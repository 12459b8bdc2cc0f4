from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", views.jobs, name="all_jobs"),
    path("notifications/", views.notifications, name="notifications"),
    path("w/<slug:ws>/", views.workspace_home, name="workspace_home"),
    path("w/<slug:ws>/jobs/", views.jobs, name="jobs"),
]
