"""演示数据：北京（种子 001 要求 ≥5 份重点内容传播分析报告、精品内容全网传播 ≥500 万 pv）的三篇重点内容，
各有其他政务账号转载、媒体采用与网络提及；其中一条转载既由表格导入、又由舆情监测找到，只计一次。"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction

from rongmei.core.demo import register
from rongmei.publishing.choices import PubState
from rongmei.publishing.models import Publication

from .choices import EntryKind, FoundBy, ReachBasis
from .models import Flagship, ReachEntry
from .selectors import entry_key

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
    pubs = (Publication.objects.filter(workspace=ws, state=PubState.PUBLISHED, published_at__isnull=False)
            .select_related("item").order_by("published_at"))
    chosen, seen = [], set()
    for pub in pubs:
        if pub.item_id not in seen and pub.item.status in ("approved", "archived"):
            seen.add(pub.item_id)
            chosen.append(pub)
    # 服务期里隔开挑三篇
    picks = [chosen[i] for i in sorted({0, len(chosen) // 2, len(chosen) - 1})] if chosen else []
    with transaction.atomic():
        for number, pub in enumerate(picks, start=1):
            flagship = Flagship.objects.create(workspace=ws, item=pub.item, marked_by=editor,
                                               note=("年度精品", "重大主题宣传", "政策解读精品")[number % 3])
            for index, (kind, outlet, base) in enumerate(OUTLETS):
                if (index + number) % 5 == 0:
                    continue  # 不是每篇都有全部渠道
                when = pub.published_at + dt.timedelta(hours=_n(f"{number}{index}h", 1, 60))
                url = f"https://news.example.cn/{number}/{index}.html"
                reach = base * _n(f"{number}{index}r", 60, 140) // 100
                found = [FoundBy.IMPORT, FoundBy.MONITORING] if index == 0 else [
                    (FoundBy.MANUAL, FoundBy.IMPORT, FoundBy.MONITORING)[index % 3]]
                ReachEntry.objects.create(
                    workspace=ws, flagship=flagship, kind=kind, outlet=outlet, title=pub.item.title, url=url,
                    key=entry_key(url=url, outlet=outlet, title=pub.item.title, day=when.date()), published_at=when,
                    reach=reach, basis=ReachBasis.PARTNER if kind == EntryKind.PLACEMENT else ReachBasis.PUBLIC,
                    found_by=[str(f) for f in found], created_by=editor)
