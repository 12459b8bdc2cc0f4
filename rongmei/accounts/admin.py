from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

# django-otp 自带的两张表只在升级迁移时读一次（明文密钥与恢复码已加密/哈希后搬走）：不在后台出现，
# 免得有人在那里新建明文保存的验证器。绑定与重置只走“账户安全”和“用户管理”页面。
for _legacy in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_legacy):
        admin.site.unregister(_legacy)


@admin.register(User)
class RongmeiUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("rongmei", {"fields": ("display_name", "phone", "unit", "must_change_password",
                                                              "failed_logins", "locked_until")}))
    list_display = ("username", "display_name", "is_superuser", "is_active", "locked_until")
