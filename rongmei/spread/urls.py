from django.urls import path

from . import views

app_name = "spread"
urlpatterns = [
    path("", views.flagships, name="list"),
    path("mark/", views.mark, name="mark"),
    path("<int:pk>/", views.flagship_detail, name="flagship"),
    path("<int:pk>/unmark/", views.unmark, name="unmark"),
    path("<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path("<int:pk>/entries/import/", views.entries_import, name="entries_import"),
    path("<int:pk>/mentions/<int:mention>/add/", views.mention_add, name="mention_add"),
    path("<int:pk>/reports/new/", views.report_new, name="report_new"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/delete/", views.entry_remove, name="entry_delete"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("reports/<int:pk>/finalize/", views.report_finalize, name="report_finalize"),
    path("template.xlsx", views.template, name="template"),
]
