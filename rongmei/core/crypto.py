"""静态加密：平台凭据等机密用 Fernet 加密后入库，密钥来自环境变量。"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.CREDENTIALS_KEY
    if not key:
        digest = hashlib.sha256(("rongmei-credentials:" + settings.SECRET_KEY).encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("凭据无法解密：加密密钥已更换或数据已损坏") from exc


def mask(secret: str | None) -> str:
    if not secret:
        return ""
    return secret[:2] + "****" + secret[-2:] if len(secret) > 6 else "****"
