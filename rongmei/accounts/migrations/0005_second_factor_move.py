"""把 django-otp 表里的明文验证器密钥与恢复码搬到加密/哈希的新表，并删除旧行（不可逆：旧表不再有明文）。"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import migrations

ITERATIONS = 60_000  # 与 RecoveryCode.ITERATIONS 相同（迁移不 import 会变化的模型代码）


def move(apps, schema_editor):
    from rongmei.core import crypto

    old_totp = apps.get_model("otp_totp", "TOTPDevice")
    old_static = apps.get_model("otp_static", "StaticDevice")
    new_totp = apps.get_model("accounts", "AuthenticatorDevice")
    new_set = apps.get_model("accounts", "RecoveryCodeSet")
    new_code = apps.get_model("accounts", "RecoveryCode")
    hasher = PBKDF2PasswordHasher()
    for d in old_totp.objects.all():
        new_totp.objects.create(
            user_id=d.user_id, name=d.name, confirmed=d.confirmed, encrypted_key=crypto.encrypt(d.key),
            step=d.step, t0=d.t0, digits=d.digits, tolerance=d.tolerance, drift=d.drift, last_t=d.last_t,
            created_at=d.created_at, last_used_at=d.last_used_at)
    old_totp.objects.all().delete()
    for d in old_static.objects.all():
        s = new_set.objects.create(user_id=d.user_id, name=d.name, confirmed=d.confirmed)
        new_code.objects.bulk_create([
            new_code(device=s, code_hash=hasher.encode(t.token.lower(), hasher.salt(), iterations=ITERATIONS))
            for t in d.token_set.all()])
    old_static.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_second_factor_encrypted"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
