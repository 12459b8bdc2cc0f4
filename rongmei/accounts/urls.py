from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .views import admin as admin_views
from .views import security

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("security/", security.security, name="security"),
    path("security/otp/", security.otp_setup, name="otp_setup"),
    path("security/otp/recovery/", security.otp_recovery, name="otp_recovery"),
    path("security/otp/disable/", security.otp_disable, name="otp_disable"),
    path("security/sessions/<int:pk>/revoke/", security.session_revoke, name="session_revoke"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", admin_views.user_list, name="users"),
    path("users/<int:pk>/<slug:action>/", admin_views.user_action, name="user_action"),
]
