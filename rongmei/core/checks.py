"""部署检查（`rongmei check --deploy`）：密钥与凭据加密，中文说明。

Django 自带的几条英文部署检查（SECRET_KEY、HTTPS、Cookie、DEBUG）由这里的中文检查代替（settings 里静音）。"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from . import crypto, keys


@register(Tags.security, deploy=True)
def secrets_check(app_configs=None, **kwargs):
    out = []
    if keys.is_insecure_secret(settings.SECRET_KEY):
        out.append(Error(
            "SECRET_KEY 是公开的默认值、示例值或过弱（少于 50 位或字符太单一）。",
            hint="删除环境变量 RONGMEI_SECRET_KEY，让系统在数据目录生成随机密钥；或设置至少 50 位的随机值。"
                 "生产环境（RONGMEI_ENV=production 或 DEBUG 关闭）会因此拒绝启动。",
            id="rongmei.E001"))
    for name, source in ((keys.SECRET_KEY_FILE, settings.SECRET_KEY_SOURCE),
                         (keys.CREDENTIALS_KEYS_FILE, settings.CREDENTIALS_KEYS_SOURCE)):
        path = settings.DATA_DIR / name
        mode = keys.file_mode(path) if source == "file" else None
        if mode is not None and mode & 0o077:
            out.append(Warning(
                f"密钥文件 {path} 的权限是 {mode:o}，其他用户也能读取。",
                hint=f"运行 chmod 600 {path}", id="rongmei.W002"))
    if not settings.CREDENTIALS_KEYS:
        out.append(Error("没有平台凭据加密密钥。", hint="设置 RONGMEI_CREDENTIALS_KEY，或让系统在数据目录生成 "
                         "credentials.keys。", id="rongmei.E003"))
        return out
    if set(settings.CREDENTIALS_KEYS) & {keys.derived_key(settings.SECRET_KEY),
                                         keys.derived_key(keys.LEGACY_DEFAULT_SECRET_KEY)}:
        out.append(Error("平台凭据加密密钥是由 SECRET_KEY 派生的（旧版做法），两者没有分开。",
                         hint="运行 rongmei secrets rotate --drop-old 换成独立的随机密钥。", id="rongmei.E004"))
    try:
        survey = crypto.survey()
    except DatabaseError:  # 还没迁移的数据库：不报密文情况
        return out
    if survey["stale"]:
        out.append(Warning(
            f"有 {survey['stale']} 条平台凭据不是用最新密钥加密的（旧密钥或旧版由 SECRET_KEY 派生的密钥）。",
            hint="运行 rongmei secrets reencrypt（或 rongmei secrets rotate 换新密钥）。", id="rongmei.W005"))
    if survey["unreadable"]:
        out.append(Error(
            f"有 {survey['unreadable']} 条平台凭据用现有密钥都无法解密。",
            hint="找回原来的 credentials.keys（或 RONGMEI_CREDENTIALS_KEY）放回密钥环；找不回时请重新填写这些账号的凭证。",
            id="rongmei.E006"))
    return out


@register(Tags.security, deploy=True)
def https_check(app_configs=None, **kwargs):
    """Django 的 security.W004/W008/W012/W016/W018 的中文版。"""
    out = []
    if settings.DEBUG:
        out.append(Warning("生产部署开启了 DEBUG：出错时会向访问者显示代码与配置。",
                           hint="设置 RONGMEI_DEBUG=false。", id="rongmei.W010"))
    if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
        out.append(Warning("登录 Cookie 与 CSRF Cookie 没有限定只走 HTTPS，明文网络中可能被截获。",
                           hint="站点经 HTTPS 访问时设置 RONGMEI_SECURE_COOKIES=true。", id="rongmei.W011"))
    if not settings.SECURE_SSL_REDIRECT:
        out.append(Warning("没有把 HTTP 访问重定向到 HTTPS。",
                           hint="由反向代理重定向，或设置 RONGMEI_SSL_REDIRECT=true。", id="rongmei.W012"))
    if not settings.SECURE_HSTS_SECONDS:
        out.append(Warning("没有启用 HSTS（浏览器强制只用 HTTPS 访问本站）。",
                           hint="确认全站只走 HTTPS 后设置 RONGMEI_HSTS_SECONDS（如 31536000）；设置后很难撤回，请谨慎。",
                           id="rongmei.W013"))
    return out
