"""登录锁定：并发的错误密码也要计满并锁定；锁定与用户名不存在的回复一样；常见密码被拒。"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher, PBKDF2PasswordHasher
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from rongmei.accounts import services
from rongmei.accounts.models import User
from rongmei.audit.models import AuditEvent
from rongmei.core.models import Notification


class SlowishHasher(PBKDF2PasswordHasher):
    """比测试默认的 MD5 慢一些（约数毫秒），让并发请求的“读—哈希—写”真正交错。"""

    iterations = 20000


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)

    def verify(self, password, encoded):
        CountingHasher.calls += 1
        return super().verify(password, encoded)


@contextmanager
def thread_database(tmp_path):
    """给工作线程用的真实数据库连接。PostgreSQL：各线程自己连测试库。SQLite：测试库在内存里（共享缓存下
    并发写直接报“表被锁”），所以把它复制成一个文件库（WAL + busy_timeout，与生产相同），各线程连这个文件。"""
    path = None
    if connection.vendor == "sqlite":
        path = str(tmp_path / "threads.sqlite3")
        connection.ensure_connection()
        dest = sqlite3.connect(path)
        connection.connection.backup(dest)
        dest.close()

    def run(fn):
        if path is not None:
            wrapper = type(connections["default"])({**connection.settings_dict, "NAME": path}, "default")
            connections["default"] = wrapper
        try:
            return fn()
        finally:
            connections["default"].close()  # 本线程自己的连接

    def parallel(fn, n):
        barrier = threading.Barrier(n)
        results, errors = [None] * n, []

        def work(i):
            def body():
                barrier.wait()
                return fn()
            try:
                results[i] = run(body)
            except Exception as exc:  # 交给主线程断言
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        return results

    def one(fn):
        return parallel(fn, 1)[0]

    yield parallel, one


def _post_login(username, password):
    return Client().post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_lock_the_account(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["rongmei.accounts.tests.test_lockout.SlowishHasher"]
    settings.LOGIN_MAX_FAILURES = 5
    user = User(username="target", display_name="被攻击的账户", must_change_password=False)
    user.set_password("Right#Pass2026")
    user.save()
    with thread_database(tmp_path) as (parallel, one):
        replies = parallel(lambda: _post_login("target", "wrong-guess").status_code, 12)
        assert replies == [200] * 12
        state = one(lambda: User.objects.values("failed_logins", "locked_until").get(username="target"))
        assert state["locked_until"] is not None, f"并发 12 次错误密码后未锁定（计数 {state['failed_logins']}）"
        # 锁定后正确密码也进不去
        resp = one(lambda: _post_login("target", "Right#Pass2026"))
        assert resp.status_code == 200 and "_auth_user_id" not in resp.client.session
        assert one(lambda: AuditEvent.objects.filter(action="locked").count()) >= 1
        assert one(lambda: Notification.objects.filter(user__username="target", kind="accounts.locked").exists())


def test_locked_reply_reveals_nothing(client, make_user, settings):
    settings.PASSWORD_HASHERS = ["rongmei.accounts.tests.test_lockout.CountingHasher"]
    settings.LOGIN_MAX_FAILURES = 2
    make_user("li", "审核员老李")
    url = reverse("accounts:login")

    def error_of(username, password):
        CountingHasher.calls = 0
        html = client.post(url, {"username": username, "password": password}).content.decode()
        return html.split('class="alert alert-danger', 1)[1].split("</div>", 1)[0], CountingHasher.calls

    unknown, unknown_hashes = error_of("nobody", "Wrong#123x")
    error_of("li", "Wrong#123x")
    error_of("li", "Wrong#123x")  # 第 2 次：锁定
    assert User.objects.get(username="li").is_locked
    locked_wrong, locked_hashes = error_of("li", "Wrong#123x")
    locked_right, right_hashes = error_of("li", "Test@12345")
    assert locked_wrong == unknown == locked_right
    assert "用户名或密码错误" in unknown
    # 同一条代码路径：锁定时也跑一次密码哈希（用户名不存在时 Django 也哈希一次）
    assert unknown_hashes >= 1 and locked_hashes >= 1 and right_hashes >= 1
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", message__contains="锁定期间").exists()


@pytest.mark.parametrize("password", ["Passw0rd!", "P@ssw0rd", "Rongmei@123", "Admin@123", "Rongmei@2026",
                                      "Qwer@1234", "Aa123456!"])
def test_common_passwords_rejected_in_chinese(db, password):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=None, username="zhang", password=password)
    assert "太常见" in " ".join(exc.value.messages)
    assert not User.objects.filter(username="zhang").exists()


def test_uncommon_password_and_demo_accounts_still_work(db):
    services.user_create(actor=None, username="zhang", password="Xian@2026!Lake")
    demo = services.user_create(actor=None, username="bj-demo", password="Rongmei@2026", validate_password=False)
    assert demo.check_password("Rongmei@2026")
