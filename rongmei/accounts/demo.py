"""演示数据：几位演示人员的登录记录（含一次输错密码）与一个即将到期的 API 令牌，让“账户安全”和
“个人资料”页有内容可看（可重复执行：已有记录的人跳过）。"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rongmei.core import clock
from rongmei.core.demo import register

from . import services
from .choices import LoginMethod
from .models import ApiToken, LoginRecord

UAS = {
    "pc": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
          "Safari/537.36",
    "wechat": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Mobile/15E148 MicroMessenger/8.0.40(0x1800282a) NetType/WIFI Language/zh_CN",
    "mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 "
           "Safari/605.1.15",
}
# (几天前, 几点, 是否成功, 方式, 浏览器, IP, 说明)
HISTORY = [
    (6, 9, True, LoginMethod.PASSWORD, "pc", "10.12.3.41", ""),
    (4, 21, False, LoginMethod.PASSWORD, "wechat", "223.104.3.18", "密码错误"),
    (4, 21, True, LoginMethod.PASSWORD, "wechat", "223.104.3.18", ""),
    (1, 8, True, LoginMethod.PASSWORD, "mac", "10.12.3.57", ""),
]


@register(5, "登录记录与 API 令牌")
def load(workspaces: dict, users: dict) -> None:
    now = clock.now()
    for username in ("bj-manager", "bj-editor", "nm-client-leader", "admin"):
        user = users.get(username)
        if user is None or LoginRecord.objects.filter(user=user).exists():
            continue
        LoginRecord.objects.bulk_create([
            LoginRecord(user=user, at=timezone.localtime(now - dt.timedelta(days=days)).replace(hour=hour, minute=12), ok=ok,
                        method=method, user_agent=UAS[ua], ip=ip, note=note)
            for days, hour, ok, method, ua, ip, note in HISTORY])
    analyst = users.get("bj-analyst")
    if analyst is not None and not ApiToken.objects.filter(user=analyst).exists():
        services.token_create(actor=analyst, user=analyst, name="数据导入脚本（演示）", days=5)
        services.token_create(actor=analyst, user=analyst, name="周报取数脚本（演示）", days=90)
