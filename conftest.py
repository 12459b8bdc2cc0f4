"""全局测试夹具：演示人员（每个角色一位）、工作区、登录客户端。"""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("RONGMEI_TESTING", "1")


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """``--no-migrations``（SQLite 全套测试）时按模型建表，再补上迁移独有的部分（见 tests/dbschema.py）。"""
    if request.config.getvalue("nomigrations"):
        from django.db import connection

        from tests.dbschema import apply_schema_extras

        with django_db_blocker.unblock():
            apply_schema_extras(connection)


@pytest.fixture
def platforms(db):
    from rongmei.workspaces.models import Platform
    from rongmei.workspaces.services import platforms_ensure

    platforms_ensure()
    return {p.code: p for p in Platform.objects.all()}


@pytest.fixture
def make_user(db):
    from rongmei.accounts.models import User

    def make(username: str, display_name: str = "", password: str = "Test@12345", **extra) -> User:
        extra.setdefault("must_change_password", False)
        user = User(username=username, display_name=display_name, **extra)
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def workspace(db, make_user):
    from rongmei.workcal.services import theme_days_seed
    from rongmei.workspaces.models import Workspace

    ws = Workspace.objects.create(slug="test-ws", name="测试工作区", client_name="某市委宣传部",
                                  period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    theme_days_seed(workspace=ws)
    return ws


@pytest.fixture
def other_workspace(db):
    from rongmei.workspaces.models import Workspace

    return Workspace.objects.create(slug="other-ws", name="另一个工作区", client_name="另一个甲方")


@pytest.fixture
def personas(workspace, make_user):
    """每个角色一位成员，如 personas['editor'] 是“编辑小王”。"""
    from rongmei.core.demo import PERSONA_NAMES
    from rongmei.workspaces.models import Membership

    out = {}
    for role, name in PERSONA_NAMES.items():
        user = make_user(f"t-{role}", name)
        Membership.objects.create(user=user, workspace=workspace, role=role)
        out[str(role)] = user
    return out


@pytest.fixture
def admin_user(make_user):
    return make_user("root", "系统管理员", is_superuser=True, is_staff=True)


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


# ---------------------------------------------------------------- 浏览器测试（Debian chromium + playwright）
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
ARTIFACTS = os.path.join(os.path.dirname(__file__), "test-artifacts")


def _chromium_path():
    for path in CHROMIUM_CANDIDATES:
        if os.path.exists(path):
            return path
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def chromium_or_skip() -> str:
    """Chromium 的路径；没有时本机跳过，CI 里失败。"""
    path = _chromium_path()
    if path is None:
        if in_ci():
            pytest.fail("CI 中未找到 Chromium（apt-get install chromium）：浏览器测试不能跳过")
        pytest.skip("未找到 Chromium（apt-get install chromium），跳过浏览器测试")
    return path


@pytest.fixture
def browser_page(live_server):
    """已启动的无头 Chromium 页面；没有 Chromium 时本机跳过并说明原因，CI（环境变量 CI=true）里则失败——
    CI 不能在浏览器测试全部跳过的情况下变绿。用法：page.goto(live_server.url + ...)。"""
    path = chromium_or_skip()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def browser_login(browser_page, live_server):
    def do(username: str, password: str = "Test@12345"):
        browser_page.goto(live_server.url + "/accounts/login/")
        browser_page.fill("input[name=username]", username)
        browser_page.fill("input[name=password]", password)
        browser_page.click("[data-testid=login-submit]")
        browser_page.wait_for_load_state("networkidle")
        return browser_page

    return do


def screenshot(page, name: str) -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name)
    page.screenshot(path=path, full_page=True)
    return path


# --- 假平台服务器：整个测试会话（每个 xdist 进程）只启动一次，所有测试共用 -----------------------------
@pytest.fixture(scope="session")
def fake_platform_url():
    """本地假平台服务器的地址（后台线程，会话结束时关闭）。"""
    from rongmei.engines.platforms.fakeserver import start_fake_server

    server, base_url = start_fake_server()
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_platform(fake_platform_url):
    """每个测试从干净的场景开始；返回 FakeControl（scenario/fail/calls/posts）。"""
    from rongmei.engines.platforms.fakeserver.testing import FakeControl

    control = FakeControl(fake_platform_url)
    control.scenario(reset=True)
    yield control
    control.close()


# --- 仿真群机器人服务器（企业微信、钉钉）：整个测试会话只启动一次，每个测试前清空 ---------------------------
@pytest.fixture(scope="session")
def fake_robot_url():
    from rongmei.engines.notify.fakeserver import start_fake_robot_server

    server, base_url = start_fake_robot_server()
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_robot(fake_robot_url, settings):
    """每个测试从干净的仿真机器人服务器开始；返回 FakeRobotControl（dingtalk_robot/advance/messages/calls）。
    同时让系统把机器人消息发到这里（settings.ROBOT_BASE_URLS）。"""
    from rongmei.engines.notify.fakeserver import FakeRobotControl

    settings.ROBOT_BASE_URLS = {"wecom": fake_robot_url, "dingtalk": fake_robot_url}
    control = FakeRobotControl(fake_robot_url)
    control.reset()
    yield control
    control.close()
