"""演示数据：北京（种子 001 要求 ≥5 份重点内容传播分析报告、精品内容全网传播 ≥500 万 pv）在服务期内的三篇重点内容：
本方公众号的阅读（作品数据），其他政务账号转载、媒体采用与网络提及；其中一条转载既由表格导入、又由舆情监测找到，只计一次。
合计约 460 万 pv，低于 500 万的目标——合同页如实显示缺口。"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from rongmei.core.demo import register
from rongmei.metrics.models import ItemStat
from rongmei.production.models import ContentItem, Revision
from rongmei.workspaces.models import OfficialAccount

from .choices import EntryKind, FoundBy, ReachBasis
from .models import Flagship, ReachEntry
from .selectors import entry_key

PIECES = (
    ("《北京城市副中心控制性详细规划》实施三年回眸", dt.datetime(2023, 9, 15, 8, 30), 148_000, "年度精品"),
    ("一图读懂：北京市国土空间生态修复规划（2021年—2035年）", dt.datetime(2024, 1, 10, 18, 0), 96_000, "政策解读精品"),
    ("长城国家文化公园（北京段）建设保护规划解读", dt.datetime(2024, 4, 22, 9, 0), 121_000, "重大主题宣传"),
)
OUTLETS = (
    (EntryKind.REPOST, "北京发布（北京市人民政府新闻办公室）", 420_000),
    (EntryKind.REPOST, "首都之窗 微信公众号", 260_000),
    (EntryKind.PLACEMENT, "人民日报客户端", 380_000),
    (EntryKind.PLACEMENT, "学习强国 北京学习平台", 310_000),
    (EntryKind.QUOTE, "北京日报客户端", 190_000),
    (EntryKind.REPOST, "新京报 微博", 150_000),
    (EntryKind.MENTION, "千龙网", 45_000),
)


def _n(seed: str, lo: int, hi: int) -> int:
    return lo + int(hashlib.md5(seed.encode()).hexdigest()[:8], 16) % (hi - lo + 1)


@register(88, "重点内容传播")
def load(workspaces, users) -> None:
    ws = workspaces.get("bj-planning")
    if ws is None or Flagship.objects.filter(workspace=ws).exists():
        return
    editor = users.get("bj-editor")
    wechat = OfficialAccount.objects.filter(workspace=ws, platform__code="wechat").first()
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        for number, (title, when, reads, note) in enumerate(PIECES, start=1):
            published = when.replace(tzinfo=tz)
            item = ContentItem.objects.create(workspace=ws, title=title, kind="article", author=editor,
                                              status="archived", approved_at=published - dt.timedelta(hours=20))
            item.current_revision = Revision.objects.create(item=item, number=1, title=title, created_by=editor,
                                                            body=f"{title}。（演示正文）")
            item.save(update_fields=["current_revision"])
            if wechat is not None:
                ItemStat.objects.create(workspace=ws, account=wechat, item_ref=f"demo-flagship-{number}", title=title,
                                        url=f"https://mp.weixin.qq.com/s/demo-flagship-{number}", reads=reads,
                                        likes=reads // 40, shares=reads // 25, published_at=published,
                                        published_hour=published.hour, kind="图文",
                                        as_of=published + dt.timedelta(days=30), content_item=item)
            flagship = Flagship.objects.create(workspace=ws, item=item, marked_by=editor, note=note)
            for index, (kind, outlet, base) in enumerate(OUTLETS):
                if (index + number) % 5 == 0:
                    continue  # 不是每篇都有全部渠道
                at = published + dt.timedelta(hours=_n(f"{number}{index}h", 1, 60))
                url = f"https://news.example.cn/{number}/{index}.html"
                found = [FoundBy.IMPORT, FoundBy.MONITORING] if index == 0 else [
                    (FoundBy.MANUAL, FoundBy.IMPORT, FoundBy.MONITORING)[index % 3]]
                ReachEntry.objects.create(
                    workspace=ws, flagship=flagship, kind=kind, outlet=outlet, title=title, url=url,
                    key=entry_key(url=url, outlet=outlet, title=title, day=timezone.localtime(at).date()),
                    published_at=at, reach=base * _n(f"{number}{index}r", 60, 140) // 100,
                    basis=ReachBasis.PARTNER if kind == EntryKind.PLACEMENT else ReachBasis.PUBLIC,
                    found_by=[str(f) for f in found], created_by=editor)
