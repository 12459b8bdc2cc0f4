from django.urls import path

from . import views

urlpatterns = [path("", views.global_list, name="audit_global")]
