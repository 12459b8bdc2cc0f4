from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class RongmeiUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("rongmei", {"fields": ("display_name", "phone", "unit", "must_change_password",
                                                              "failed_logins", "locked_until")}))
    list_display = ("username", "display_name", "is_superuser", "is_active", "locked_until")
