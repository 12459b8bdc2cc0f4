"""素材库基准：上传一张大照片（识别、SHA-256、缩略图、存盘）与转存一篇带 10 张粘贴图片的正文的用时。

用法：RONGMEI_TESTING=1 .venv/bin/python bench/assets/run.py --repeat 5
在测试数据库（内存 SQLite）与临时媒体目录里运行，不碰开发库。打印中位数与最大值（墙钟与进程 CPU）。
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
os.environ.setdefault("RONGMEI_TESTING", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from PIL import Image  # noqa: E402


def photo(width: int, height: int, seed: int, fmt: str = "JPEG") -> bytes:
    im = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    out = io.BytesIO()
    im.save(out, fmt, quality=92)
    return out.getvalue()


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="assets-bench-")
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from rongmei.assets import services
    from rongmei.workspaces.models import Workspace

    ws = Workspace.objects.create(slug="bench", name="基准", client_name="基准")
    big = [photo(4000, 3000, i) for i in range(args.repeat)]
    upload = [timed(lambda d=d, i=i: services.asset_from_bytes(actor=None, workspace=ws, data=d,
                                                                 filename=f"照片{i}.jpg")) for i, d in enumerate(big)]
    size = len(big[0]) / 1024 / 1024
    articles = []
    for r in range(args.repeat):
        imgs = "".join(f'<p><img src="data:image/png;base64,{base64.b64encode(photo(1200, 800, 100 + r * 10 + i, "PNG")).decode()}"></p>'
                       for i in range(10))
        articles.append("<p>正文</p>" * 50 + imgs)
    localize = [timed(lambda h=h: services.localize_images(actor=None, workspace=ws, html=h)) for h in articles]
    load = os.getloadavg()
    print(f"机器负载 {load[0]:.1f} / {load[1]:.1f}")
    for label, rows in ((f"上传 4000×3000 JPEG（{size:.1f} MB）", upload), ("转存 10 张粘贴的 1200×800 PNG", localize)):
        walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
        print(f"{label}：墙钟中位数 {statistics.median(walls) * 1000:.0f} ms，最大 {max(walls) * 1000:.0f} ms；"
              f"CPU 中位数 {statistics.median(cpus) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
