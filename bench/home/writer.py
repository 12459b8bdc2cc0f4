"""压测工作台时的并发写入：每隔 N 秒改一条稿件（ORM 的 QuerySet.update），让所有工作台卡片的缓存失效。

    RONGMEI_DATA_DIR=/tmp/lead-demo .venv/bin/python bench/home/writer.py 40 10 &   # 40 秒内每 10 秒写一次
    .venv/bin/python bench/home/run.py --base http://127.0.0.1:8161 --concurrency 20 --requests 3500
"""

from __future__ import annotations

import os
import sys
import time


def main(seconds: float, every: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
    import django

    django.setup()
    from django.utils import timezone

    from rongmei.production.models import ContentItem

    item = ContentItem.objects.filter(workspace__slug="bj-planning").first()
    writes, end = 0, time.time() + seconds
    while time.time() < end:
        ContentItem.objects.filter(pk=item.pk).update(updated_at=timezone.now())
        writes += 1
        time.sleep(every)
    print("写入次数", writes)


if __name__ == "__main__":
    main(float(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 1.0)
