from django.urls import path

from . import views
from .views import admin as admin_views

app_name = "publishing"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("queue/", views.queue, name="queue"),
    path("items/", views.items, name="items"),
    path("items/<int:item_pk>/schedule/", views.schedule, name="schedule"),
    path("pause/", views.pause, name="pause"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/publish-now/", views.publish_now, name="publish_now"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/record/", views.record_manual, name="record"),
    path("<int:pk>/screenshot/", views.screenshot, name="screenshot"),
    path("log/", admin_views.log, name="log"),
    path("log/export/", admin_views.log_export, name="log_export"),
    path("credentials/", admin_views.credential_list, name="credentials"),
    path("credentials/<int:account_pk>/", admin_views.credential_edit, name="credential_edit"),
    path("credentials/<int:account_pk>/authorize/", admin_views.credential_authorize, name="credential_authorize"),
    path("oauth/callback/", admin_views.oauth_callback, name="oauth_callback"),
    path("rules/", admin_views.rule_list, name="rules"),
    path("rules/new/", admin_views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", admin_views.rule_edit, name="rule_edit"),
    path("changes/", admin_views.change_list, name="changes"),
    path("changes/new/", admin_views.change_new, name="change_new"),
    path("changes/<int:pk>/decide/", admin_views.change_decide, name="change_decide"),
    path("changes/<int:pk>/avatar/", admin_views.change_avatar, name="change_avatar"),
]
