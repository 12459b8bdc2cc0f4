from django.urls import path

from . import views

app_name = "workcal"
urlpatterns = [
    path("", views.month, name="month"),
    path("theme-days/new/", views.theme_day_edit, name="theme_day_new"),
    path("theme-days/<int:pk>/", views.theme_day_edit, name="theme_day_edit"),
]
