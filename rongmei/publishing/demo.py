"""演示数据：北京频次规则、若干人工登记式的已发布记录（不需要任何平台凭证）和几条未来的排期。可重复执行。"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.workspaces.models import Platform

from . import content, services
from .models import FrequencyRule, Publication

DEMO_URLS = {
    "wechat": "https://mp.weixin.qq.com/s/demo-{pk}",
    "weibo": "https://weibo.com/demo/{pk}",
    "toutiao": "https://www.toutiao.com/article/demo{pk}/",
    "beijinghao": "https://bj.bjd.com.cn/demo/{pk}.html",
    "baijiahao": "https://baijiahao.baidu.com/s?id=demo{pk}",
    "website": "https://ghzrzyw.beijing.gov.cn/demo/{pk}.html",
    "channels": "https://channels.weixin.qq.com/demo/{pk}",
    "douyin": "https://www.douyin.com/video/demo{pk}",
    "kuaishou": "https://www.kuaishou.com/short-video/demo{pk}",
}

PREFIX = {"nmg-dpf": "nm", "bj-planning": "bj", "anyuan-jobs": "ay"}


@register(60, "发布排期与发布记录")
def load(workspaces, users) -> None:
    bj = workspaces.get("bj-planning")
    if bj is not None:
        note = "合同“新媒体平台运营”：公众号每个工作日不少于 2 篇、节假日不少于 1 篇；微博每个工作日 5–15 条；各平台每周不少于 10 条"
        for code, fields in {
            "wechat": {"workday_min": 2, "holiday_min": 1, "week_min": 10},
            "weibo": {"workday_min": 5, "workday_max": 15, "week_min": 10},
            "toutiao": {"week_min": 10}, "beijinghao": {"week_min": 10}, "baijiahao": {"week_min": 10},
        }.items():
            FrequencyRule.objects.get_or_create(workspace=bj, platform=Platform.objects.get(code=code),
                                                defaults={**fields, "note": note})
    now = clock.now()
    for slug, ws in workspaces.items():
        editor = users.get(f"{PREFIX.get(slug, '')}-editor")
        if editor is None:
            continue
        items = list(content.approved_items(ws)[:8])
        for n, item in enumerate(items):
            if item.current_revision_id is None:
                continue
            accounts = list(item.target_accounts.all()) or list(ws.accounts.filter(status="active"))
            for j, account in enumerate(accounts):
                future = (n + j) % 3 == 2  # 约三分之一留作未来的排期
                when = now + dt.timedelta(days=1 + n % 4, hours=1) if future else now - dt.timedelta(days=8 - n)
                if Publication.objects.filter(revision=item.current_revision, account=account).exists():
                    continue
                try:
                    (pub,) = services.publication_schedule(actor=editor, workspace=ws, item=item, accounts=[account],
                                                           planned_at=when)
                except ValidationError:
                    continue  # 内容形态与平台不匹配（如图文 → 抖音）
                if not future:
                    services.publication_record_manual(
                        actor=editor, publication=pub, url=DEMO_URLS.get(account.platform.code,
                                                                         "https://example.gov.cn/{pk}").format(pk=pub.pk),
                        published_at=when)
