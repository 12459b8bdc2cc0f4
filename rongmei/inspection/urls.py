from django.urls import path

from . import views

app_name = "inspection"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("run/", views.run_now, name="run"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/report/", views.run_report, name="run_report"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("filings/", views.filings, name="filings"),
    path("filings/<int:pk>/delete/", views.filing_delete, name="filing_delete"),
    path("settings/", views.settings_view, name="settings"),
]
