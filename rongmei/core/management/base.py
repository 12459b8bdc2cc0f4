"""命令行命令的共同基础：在审计上下文中以“命令行”来源运行。"""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand

from rongmei.core import context


class AuditedCommand(BaseCommand):
    def execute(self, *args, **options):
        with context.operation(source="cli", actor_label=f"命令行（{_os_user()}）"):
            return super().execute(*args, **options)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover
        return "unknown"
