from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("", views.event_list, name="list")]

# 全局审计（跨工作区，系统管理员）：挂在 /audit/ 下，不带命名空间
global_urlpatterns = [path("", views.global_list, name="audit_global")]
