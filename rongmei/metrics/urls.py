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
    path("promotions/", views.promotions, name="promotions"),
    path("promotions/new/", views.promotion_new, name="promotion_new"),
    path("promotions/import/", views.promotions_import, name="promotions_import"),
    path("promotions/template.xlsx", views.promotions_template, name="promotions_template"),
    path("promotions/<int:pk>/", views.promotion_detail, name="promotion_detail"),
    path("promotions/<int:pk>/delete/", views.promotion_delete, name="promotion_delete"),
]
