from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from rongmei.core.tasks import heartbeat_now


class Command(BaseCommand):
    help = "启动 Web 服务（gunicorn）与后台任务 worker（Huey）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="只启动 Web，不启动后台 worker")

    def handle(self, *args, **opts):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="rongmei.settings")
        procs = []
        if not opts["no_worker"]:
            procs.append(subprocess.Popen([sys.executable, "-m", "rongmei.cli", "run_huey", "--quiet"], env=env))

            heartbeat_now()
        web = subprocess.Popen([
            sys.executable, "-m", "gunicorn", "rongmei.wsgi:application", "--config", "python:rongmei.gunicorn_conf",
            "--bind", f"{opts['host']}:{opts['port']}", "--workers", str(opts["workers"]),
            "--threads", "4", "--access-logfile", "-", "--timeout", "120",
        ], env=env)
        procs.append(web)
        queue = "Redis" if settings.REDIS_URL else "SQLite"
        self.stdout.write(self.style.SUCCESS(
            f"融媒运营平台已启动：http://{opts['host']}:{opts['port']}/ （数据库 {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}，任务队列 {queue}）"))

        def stop(*_):
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            web.wait()
        finally:
            stop()
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
