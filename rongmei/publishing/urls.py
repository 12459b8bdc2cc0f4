from django.urls import path

from . import views, views_admin

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
    path("log/", views_admin.log, name="log"),
    path("log/export/", views_admin.log_export, name="log_export"),
    path("credentials/", views_admin.credential_list, name="credentials"),
    path("credentials/<int:account_pk>/", views_admin.credential_edit, name="credential_edit"),
    path("credentials/<int:account_pk>/authorize/", views_admin.credential_authorize, name="credential_authorize"),
    path("oauth/callback/", views_admin.oauth_callback, name="oauth_callback"),
    path("rules/", views_admin.rule_list, name="rules"),
    path("rules/new/", views_admin.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views_admin.rule_edit, name="rule_edit"),
    path("changes/", views_admin.change_list, name="changes"),
    path("changes/new/", views_admin.change_new, name="change_new"),
    path("changes/<int:pk>/decide/", views_admin.change_decide, name="change_decide"),
]
