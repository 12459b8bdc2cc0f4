from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("", views.set_list, name="list"),
    path("retention/", views.retention, name="retention"),
    path("<int:pk>/", views.set_detail, name="detail"),
    path("<int:pk>/download/", views.set_download, name="download"),
    path("<int:pk>/dispose/", views.set_dispose, name="dispose"),
]
