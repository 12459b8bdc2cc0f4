from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rongmei.accounts"
    label = "accounts"
    verbose_name = "用户与登录"

    def ready(self) -> None:
        # 导入即登记后台任务；要用模型，所以在应用注册表就绪后导入（Django 的规定）
        from rongmei.core import crypto, labels

        from . import tasks  # noqa: F401

        crypto.register_field("accounts.AuthenticatorDevice", "encrypted_key", "手机验证器密钥")
        labels.register("job", {"accounts.token_expiry_reminders": "API 令牌到期提醒"})
