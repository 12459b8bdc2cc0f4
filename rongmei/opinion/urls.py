from django.urls import path

from .views import alerts, events, monitor

app_name = "opinion"
urlpatterns = [
    # 舆情监测：概览、信息、专题、来源、导入与录入

    path("", monitor.overview, name="overview"),
    path("mentions/", monitor.mention_list, name="mentions"),
    path("mentions/new/", monitor.mention_new, name="mention_new"),
    path("mentions/import/", monitor.import_file, name="import"),
    path("mentions/<int:pk>/", monitor.mention_detail, name="mention"),
    path("topics/", monitor.topic_list, name="topics"),
    path("topics/new/", monitor.topic_new, name="topic_new"),
    path("topics/check/", monitor.topic_check, name="topic_check"),
    path("topics/<int:pk>/", monitor.topic_detail, name="topic"),
    path("topics/<int:pk>/edit/", monitor.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/progress/", monitor.topic_progress, name="topic_progress"),
    path("sources/", monitor.source_list, name="sources"),
    path("sources/new/", monitor.source_new, name="source_new"),
    path("sources/<int:pk>/edit/", monitor.source_edit, name="source_edit"),
    path("sources/<int:pk>/fetch/", monitor.source_fetch, name="source_fetch"),
    # 舆情应对：预警、研判、事件、案例库、文档、设置
    path("alerts/", alerts.alert_list, name="alert_list"),
    path("alerts/<int:pk>/ack/", alerts.alert_ack, name="alert_ack"),
    path("alerts/<int:pk>/event/", alerts.alert_to_event, name="alert_to_event"),
    path("grading/", alerts.assessment_list, name="assessment_list"),
    path("grading/<int:pk>/", alerts.assessment_detail, name="assessment_detail"),
    path("response/settings/", alerts.response_settings, name="response_settings"),
    path("response/duty/", alerts.duty_add, name="duty_add"),
    path("response/duty/<int:pk>/delete/", alerts.duty_delete, name="duty_delete"),
    path("response/alerts/", alerts.alert_settings, name="alert_settings"),
    path("response/robots/", alerts.robot_add, name="robot_add"),
    path("response/robots/<int:pk>/test/", alerts.robot_test, name="robot_test"),
    path("response/robots/<int:pk>/delete/", alerts.robot_delete, name="robot_delete"),
    path("response/rules/", alerts.rules_save, name="rules_save"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/entry/", events.event_entry, name="event_entry"),
    path("events/<int:pk>/update/", events.event_update, name="event_update"),
    path("events/<int:pk>/link/", events.event_link, name="event_link"),
    path("events/<int:pk>/close/", events.event_close, name="event_close"),
    path("events/<int:pk>/crisis/", events.event_crisis, name="event_crisis"),
    path("events/<int:pk>/plan/", events.event_plan, name="event_plan"),
    path("events/<int:pk>/document/", events.event_document, name="event_document"),
    path("cases/", events.case_list, name="case_list"),
    path("documents/", events.document_list, name="document_list"),
    path("documents/<int:pk>/download/", events.document_download, name="document_download"),
    path("documents/plan/", events.plan_new, name="plan_new"),
]
