from django.urls import path

from . import views

app_name = "workspaces"
urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_edit, name="account_new"),
    path("accounts/<int:pk>/", views.account_edit, name="account_edit"),
    path("members/", views.members, name="members"),
    path("settings/", views.workspace_settings, name="settings"),
]

# 不在某个工作区之下的页面（系统管理员新建工作区）：挂在站点根下，不带命名空间
global_urlpatterns = [path("workspaces/new/", views.workspace_create, name="workspace_create")]
