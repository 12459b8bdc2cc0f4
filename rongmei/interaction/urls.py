from django.urls import path

from . import views
from .views import admin, department, ingest, stats

app_name = "interaction"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bulk/", views.bulk, name="bulk"),
    path("enter/", views.enter, name="enter"),
    path("import/", views.import_file, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("m/<int:pk>/", views.message, name="message"),
    path("m/<int:pk>/correct/", views.correct, name="correct"),
    path("m/<int:pk>/state/", views.set_state, name="state"),
    path("m/<int:pk>/assign/", views.assign, name="assign"),
    path("m/<int:pk>/route/", views.route, name="route"),
    path("m/<int:pk>/answer/", views.paste_answer, name="paste_answer"),
    path("m/<int:pk>/reply/", views.reply_new, name="reply_new"),
    path("m/<int:pk>/fill/", views.template_fill, name="template_fill"),
    path("m/<int:pk>/curate/", views.curate, name="curate"),
    path("r/<int:pk>/decide/", views.reply_decide, name="reply_decide"),
    path("r/<int:pk>/send/", views.reply_send, name="reply_send"),
    path("r/<int:pk>/manual/", views.reply_manual, name="reply_manual"),
    path("approvals/", views.approvals, name="approvals"),
    path("curation/", views.curation, name="curation"),
    path("faq/", views.faq, name="faq"),
    path("faq/new/", views.faq_new, name="faq_new"),
    path("department/", department.queue, name="department"),
    path("department/<int:pk>/", department.answer, name="department_answer"),
    path("departments/", department.overview, name="departments"),
    path("stats/", stats.stats_page, name="stats"),
    path("stats.xlsx", stats.stats_export, name="stats_export"),
    path("archive.xlsx", stats.archive_export, name="archive_export"),
    path("templates/", admin.templates, name="templates"),
    path("templates/new/", admin.template_edit, name="template_new"),
    path("templates/<int:pk>/", admin.template_edit, name="template_edit"),
    path("settings/", admin.settings_page, name="settings"),
    path("settings/departments/new/", admin.department_edit, name="department_new"),
    path("settings/departments/<int:pk>/", admin.department_edit, name="department_edit"),
    path("ingest/", ingest.ingest_page, name="ingest"),
    path("ingest/<int:pk>/poll/", ingest.poll_now, name="ingest_poll"),
]

# 站点根下：公众号服务器配置的回调地址（不需登录，靠签名认证），挂在 /hooks/ 下
global_urlpatterns = [
    path("wechat/<str:token>/", ingest.wechat_hook, name="wechat"),
]
