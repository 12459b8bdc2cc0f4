"""演示账号：全部用公开的演示密码登录（哈希只算一次，所有账号共用），错误密码照样拒绝。"""

import pytest
from django.contrib.auth import authenticate

from rongmei.accounts.models import User
from rongmei.core.choices import Role
from rongmei.core.demo import ADMIN_USERNAME, DEMO_PASSWORD, WORKSPACES, demo_username
from rongmei.workspaces import demo


@pytest.mark.django_db
def test_every_demo_login_opens_with_the_demo_password_and_no_other(platforms):
    demo.load({}, {})
    usernames = [ADMIN_USERNAME] + [demo_username(spec.prefix, role) for spec in WORKSPACES for role in
                                    (Role.MANAGER, Role.REVIEWER, Role.CLIENT_LEADER)]
    for username in usernames:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None and user.username == username, username
        assert not user.must_change_password
        assert authenticate(username=username, password=DEMO_PASSWORD + "x") is None
    assert User.objects.get(username=ADMIN_USERNAME).is_superuser
    assert not User.objects.get(username=usernames[1]).is_superuser
