"""每个安装自己的密钥，首次运行时生成到数据目录（文件权限 0600）。

* ``secret_key``：Django 的 SECRET_KEY（会话、CSRF、签名）。环境变量 ``RONGMEI_SECRET_KEY`` 优先。
* ``credentials.keys``：平台凭据的加密密钥环（Fernet，一行一个，最新的在最前）。环境变量
  ``RONGMEI_CREDENTIALS_KEY``（逗号分隔，最新的在前）优先。与 SECRET_KEY 分开：更换 SECRET_KEY
  不影响已存的凭据；``rongmei secrets rotate`` 在最前加新密钥并把已存凭据重新加密。

由 settings 在启动时调用，所以这里不导入 Django。
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

# 旧版内置的 SECRET_KEY：公开在代码里，只用于识别与解密旧数据，不能再用来签名
LEGACY_DEFAULT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY_FILE = "secret_key"
CREDENTIALS_KEYS_FILE = "credentials.keys"
_WEAK_MARKERS = ("change-me", "changeme", "django-insecure", "dev-only", "insecure", "secret", "example")


def _write_private(path: Path, text: str, *, exclusive: bool) -> None:
    """写一个只有本用户可读写的文件（0600）。exclusive：文件已存在则抛 FileExistsError（两个进程同时首次启动）。"""
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_or_create(path: Path, make) -> str:
    if not path.exists():
        try:
            _write_private(path, make(), exclusive=True)
        except FileExistsError:
            pass
    return path.read_text(encoding="utf-8")


def secret_key(data_dir: Path, env_value: str | None) -> tuple[str, str]:
    """返回 (SECRET_KEY, 来源)：来源为 "env" 或 "file"。"""
    if env_value:
        return env_value, "env"
    value = _read_or_create(data_dir / SECRET_KEY_FILE, lambda: secrets.token_urlsafe(50) + "\n").strip()
    return value, "file"


def is_insecure_secret(key: str) -> bool:
    """公开的默认值、示例值、太短或字符太单一的 SECRET_KEY。"""
    low = key.lower()
    return (key == LEGACY_DEFAULT_SECRET_KEY or len(key) < 50 or len(set(key)) < 10
            or any(m in low for m in _WEAK_MARKERS))


def _parse_keys(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def _keys_file_text(keys: list[str]) -> str:
    return ("# 平台凭据加密密钥环（Fernet）：一行一个，最前面的用于加密，其余只用于解密旧数据。\n"
            "# 丢失此文件将无法解密已存的平台凭据：请与数据库一起备份，但分开保管。\n" + "\n".join(keys) + "\n")


def credentials_keys(data_dir: Path, env_value: str | None) -> tuple[list[str], str]:
    """返回 (密钥环, 来源)。来源为 "env" 或 "file"。"""
    if env_value:
        return _parse_keys(env_value), "env"
    text = _read_or_create(data_dir / CREDENTIALS_KEYS_FILE,
                           lambda: _keys_file_text([Fernet.generate_key().decode()]))
    return _parse_keys(text), "file"


def credentials_key_add(data_dir: Path) -> list[str]:
    """在文件密钥环最前面加一个新密钥，返回新的密钥环。"""
    path = data_dir / CREDENTIALS_KEYS_FILE
    old = _parse_keys(path.read_text(encoding="utf-8")) if path.exists() else []
    keys = [Fernet.generate_key().decode(), *old]
    _write_private(path, _keys_file_text(keys), exclusive=False)
    return keys


def credentials_keys_merge(data_dir: Path, extra: list[str]) -> list[str]:
    """把另一台机器的密钥（恢复备份时带来的 credentials.keys）加进本机密钥环，排在本机最新密钥之后
    （只用于解密），返回新的密钥环。本机最新的仍用于加密。"""
    path = data_dir / CREDENTIALS_KEYS_FILE
    current = _parse_keys(path.read_text(encoding="utf-8")) if path.exists() else []
    keys = list(dict.fromkeys([*current[:1], *current[1:], *extra]))
    _write_private(path, _keys_file_text(keys), exclusive=False)
    return keys


def parse_keys_file(path: Path) -> list[str]:
    """读一个 credentials.keys 文件（或逗号分隔的密钥），每个都须是 Fernet 密钥，否则 ValueError（中文）。"""
    keys = _parse_keys(Path(path).read_text(encoding="utf-8"))
    for k in keys:
        try:
            Fernet(k.encode())
        except (ValueError, TypeError):
            raise ValueError(f"{path} 不是凭据密钥文件（应为数据目录下的 credentials.keys，一行一个密钥）") from None
    if not keys:
        raise ValueError(f"{path} 里没有密钥")
    return keys


def credentials_keys_keep(data_dir: Path, keys: list[str]) -> None:
    _write_private(data_dir / CREDENTIALS_KEYS_FILE, _keys_file_text(keys), exclusive=False)


def derived_key(secret: str) -> str:
    """旧版的做法：由 SECRET_KEY 派生凭据密钥。只用于读出旧数据（随后重新加密）。"""
    digest = hashlib.sha256(("rongmei-credentials:" + secret).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def file_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return None
