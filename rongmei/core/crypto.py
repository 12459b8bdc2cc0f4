"""静态加密：平台凭据等机密用 Fernet 加密后入库。

密钥环来自 ``settings.CREDENTIALS_KEYS``（最新的在前；见 :mod:`rongmei.core.keys`）：用最新的加密，
任一把都能解密（cryptography 的 MultiFernet）。旧版由 SECRET_KEY 派生的密钥只用于读出旧数据
（:func:`decrypt` 兜底），``rongmei setup`` 与 ``rongmei secrets rotate`` 会把这些数据用新密钥重新加密。

存放密文的字段由各应用在 ``AppConfig.ready()`` 里 :func:`register_field` 登记（core 不 import 上层应用），
轮换与检查按登记表逐行处理。
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import transaction

from . import keys


@dataclass(frozen=True)
class EncryptedField:
    model: str  # "app_label.ModelName"
    field: str
    label: str  # 中文说明，如“平台凭证”


_FIELDS: list[EncryptedField] = []


def register_field(model: str, field: str, label: str) -> None:
    """登记一个存放 :func:`encrypt` 密文的字段（轮换密钥时重新加密）。"""
    spec = EncryptedField(model, field, label)
    if spec not in _FIELDS:
        _FIELDS.append(spec)


def registered_fields() -> list[EncryptedField]:
    return list(_FIELDS)


def _ring() -> MultiFernet:
    ring = list(settings.CREDENTIALS_KEYS)
    if not ring:
        raise ValueError("没有配置平台凭据加密密钥（RONGMEI_CREDENTIALS_KEY 或数据目录下的 credentials.keys）")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in ring])


def _legacy() -> list[Fernet]:
    """旧版派生密钥：由当前 SECRET_KEY 与旧版内置 SECRET_KEY 派生（只解密，不加密）。"""
    secrets = dict.fromkeys([settings.SECRET_KEY, keys.LEGACY_DEFAULT_SECRET_KEY])
    return [Fernet(keys.derived_key(s).encode()) for s in secrets]


def encrypt(plain: str) -> str:
    return _ring().encrypt(plain.encode("utf-8")).decode("ascii")


def _decrypt_bytes(token: str) -> tuple[bytes, bool]:
    """返回 (明文, 是否要用旧版派生密钥才能解开)。"""
    try:
        return _ring().decrypt(token.encode("ascii")), False
    except InvalidToken:
        for f in _legacy():
            try:
                return f.decrypt(token.encode("ascii")), True
            except InvalidToken:
                continue
    raise ValueError("凭据无法解密：加密密钥已更换或数据已损坏")


def readable(token: str) -> bool:
    """当前密钥环（或旧版派生密钥）能否解开。"""
    try:
        _decrypt_bytes(token)
    except ValueError:
        return False
    return True


def decrypt(token: str) -> str:
    return _decrypt_bytes(token)[0].decode("utf-8")


def needs_reencrypt(token: str) -> bool:
    """不是用最新密钥加密的（旧密钥或旧版派生密钥）。解不开的返回 False（另行报告）。"""
    newest = Fernet(settings.CREDENTIALS_KEYS[0].encode())
    try:
        newest.decrypt(token.encode("ascii"))
        return False
    except InvalidToken:
        try:
            _decrypt_bytes(token)
        except ValueError:
            return False
        return True


@dataclass
class RotateResult:
    reencrypted: int = 0
    unchanged: int = 0
    unreadable: int = 0


def reencrypt_all(*, only_stale: bool = True) -> RotateResult:
    """把登记字段里的密文用最新密钥重新加密。only_stale：只处理不是最新密钥加密的。
    一个字段一个事务；解不开的行保持原样并计数（不丢数据）。"""
    result = RotateResult()
    for spec in _FIELDS:
        model = apps.get_model(spec.model)
        with transaction.atomic():
            for pk, value in model.objects.select_for_update().values_list("pk", spec.field):
                if not value:
                    continue
                try:
                    plain, _ = _decrypt_bytes(value)
                except ValueError:
                    result.unreadable += 1
                    continue
                if only_stale and not needs_reencrypt(value):
                    result.unchanged += 1
                    continue
                model.objects.filter(pk=pk).update(**{spec.field: _ring().encrypt(plain).decode("ascii")})
                result.reencrypted += 1
    return result


def survey() -> dict[str, int]:
    """检查用：各类密文里 {"stale": 非最新密钥加密, "unreadable": 解不开, "total": 总数}。"""
    out = {"stale": 0, "unreadable": 0, "total": 0}
    for spec in _FIELDS:
        for value in apps.get_model(spec.model).objects.values_list(spec.field, flat=True):
            if not value:
                continue
            out["total"] += 1
            try:
                _decrypt_bytes(value)
            except ValueError:
                out["unreadable"] += 1
                continue
            out["stale"] += needs_reencrypt(value)
    return out


def unreadable() -> list[str]:
    """解不开的密文逐条列出（中文：“平台接口凭证：某账号 的凭证”），恢复备份后与 check 报告用。"""
    out = []
    for spec in _FIELDS:
        model = apps.get_model(spec.model)
        for obj in model.objects.exclude(**{spec.field: ""}):
            try:
                _decrypt_bytes(getattr(obj, spec.field))
            except ValueError:
                out.append(f"{spec.label}：{obj}")
    return out


def mask(secret: str | None) -> str:
    if not secret:
        return ""
    return secret[:2] + "****" + secret[-2:] if len(secret) > 6 else "****"
