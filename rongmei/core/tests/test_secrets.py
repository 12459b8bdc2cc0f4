"""每个安装自己的密钥；凭据密钥与 SECRET_KEY 分开并可轮换；生产环境拒绝默认密钥；部署检查报告。"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from rongmei.audit.models import AuditEvent
from rongmei.core import checks, crypto, keys

PRINT_KEYS = ("import django, json; django.setup(); from django.conf import settings; "
              "print(json.dumps([settings.SECRET_KEY, settings.CREDENTIALS_KEYS]))")


def _settings_process(data_dir, code=PRINT_KEYS, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("RONGMEI_TESTING", "RONGMEI_SECRET_KEY", "RONGMEI_CREDENTIALS_KEY", "RONGMEI_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="rongmei.settings", RONGMEI_DATA_DIR=str(data_dir), **extra)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_fresh_data_dir_gets_its_own_secrets(tmp_path):
    first = _settings_process(tmp_path / "a")
    assert first.returncode == 0, first.stderr
    secret, cred_keys = json.loads(first.stdout)
    assert secret != keys.LEGACY_DEFAULT_SECRET_KEY and not keys.is_insecure_secret(secret)
    assert len(cred_keys) == 1 and cred_keys[0] != keys.derived_key(secret)  # 凭据密钥与 SECRET_KEY 分开
    for name in (keys.SECRET_KEY_FILE, keys.CREDENTIALS_KEYS_FILE):
        assert keys.file_mode(tmp_path / "a" / name) == 0o600
    # 再次启动读回同一组；另一个数据目录是另一组
    assert json.loads(_settings_process(tmp_path / "a").stdout) == [secret, cred_keys]
    other_secret, other_keys = json.loads(_settings_process(tmp_path / "b").stdout)
    assert other_secret != secret and other_keys != cred_keys


def test_production_refuses_the_default_key(tmp_path):
    for extra in ({"RONGMEI_ENV": "production"}, {}):  # 未开启 DEBUG 也按生产对待
        proc = _settings_process(tmp_path, RONGMEI_SECRET_KEY=keys.LEGACY_DEFAULT_SECRET_KEY, **extra)
        assert proc.returncode != 0 and "拒绝启动" in proc.stderr
    proc = _settings_process(tmp_path, RONGMEI_SECRET_KEY="change-me", RONGMEI_ENV="production")
    assert proc.returncode != 0 and "拒绝启动" in proc.stderr
    # 开发环境可以启动，但部署检查报错
    proc = _settings_process(tmp_path, code="import sys; from rongmei.cli import main; sys.exit(main(['check', '--deploy']))",
                             RONGMEI_SECRET_KEY=keys.LEGACY_DEFAULT_SECRET_KEY, RONGMEI_DEBUG="true")
    assert proc.returncode != 0 and "rongmei.E001" in proc.stderr and "SECRET_KEY 是公开的默认值" in proc.stderr


@pytest.fixture
def credential(settings, tmp_path, workspace, platforms):
    """一个旧版安装：凭证用由（旧默认）SECRET_KEY 派生的密钥加密；现在密钥环在新的数据目录里。"""
    from rongmei.publishing.credentials import load_credentials
    from rongmei.publishing.models import AccountCredential
    from rongmei.workspaces.models import OfficialAccount

    settings.DATA_DIR = tmp_path
    settings.CREDENTIALS_KEYS, settings.CREDENTIALS_KEYS_SOURCE = keys.credentials_keys(tmp_path, "")
    account = OfficialAccount.objects.create(workspace=workspace, platform=platforms["wechat"], name="测试公众号")
    legacy = Fernet(keys.derived_key(keys.LEGACY_DEFAULT_SECRET_KEY).encode())
    AccountCredential.objects.create(account=account, workspace=workspace, encrypted=legacy.encrypt(
        json.dumps({"app_id": "wx123", "app_secret": "S3cret-value"}).encode()).decode())
    return account, load_credentials


def test_old_derived_key_data_stays_readable_and_rotation_keeps_it(credential, settings, tmp_path):
    from rongmei.publishing.models import AccountCredential

    account, load_credentials = credential
    assert load_credentials(account)["app_secret"] == "S3cret-value"  # 升级后透明可读
    problems = {m.id for m in checks.secrets_check()}
    assert "rongmei.W005" in problems  # 部署检查：有旧密钥加密的数据
    old_keys = list(settings.CREDENTIALS_KEYS)
    call_command("secrets", "rotate")
    ring = keys.credentials_keys(tmp_path, "")[0]
    assert len(ring) == 2 and ring[1:] == old_keys and settings.CREDENTIALS_KEYS == ring
    stored = AccountCredential.objects.get(account=account).encrypted
    assert json.loads(Fernet(ring[0].encode()).decrypt(stored.encode()))["app_secret"] == "S3cret-value"
    assert load_credentials(account)["app_secret"] == "S3cret-value"
    assert "rongmei.W005" not in {m.id for m in checks.secrets_check()}
    assert AuditEvent.objects.filter(object_type="secrets", message__contains="重新加密 1 条").exists()
    call_command("secrets", "rotate", "--drop-old")
    assert len(keys.credentials_keys(tmp_path, "")[0]) == 1
    assert load_credentials(account)["app_secret"] == "S3cret-value"
    assert keys.file_mode(tmp_path / keys.CREDENTIALS_KEYS_FILE) == 0o600


def test_unreadable_credentials_are_reported_not_lost(credential, settings):
    from rongmei.publishing.models import AccountCredential

    account, _ = credential
    AccountCredential.objects.filter(account=account).update(encrypted=Fernet(Fernet.generate_key()).encrypt(b"{}").decode())
    assert "rongmei.E006" in {m.id for m in checks.secrets_check()}
    before = AccountCredential.objects.get(account=account).encrypted
    result = crypto.reencrypt_all()
    assert result.unreadable == 1 and AccountCredential.objects.get(account=account).encrypted == before
