from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/<int:pk>/", views.account_dashboard, name="account"),
    path("imports/", views.batches, name="batches"),
    path("imports/new/", views.import_file, name="import"),
    path("imports/<int:pk>/file/", views.batch_file, name="batch_file"),
    path("imports/template.xlsx", views.template_download, name="template"),
    path("enter/", views.enter, name="enter"),
    path("live/", views.lives, name="lives"),
    path("live/new/", views.live_new, name="live_new"),
]
