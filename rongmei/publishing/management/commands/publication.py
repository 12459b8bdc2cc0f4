"""``rongmei publication``：命令行查看发布队列并执行操作（与网页、接口同一套服务和状态流转表）。

    rongmei publication list -w bj-planning [--state failed]
    rongmei publication publish-now -w bj-planning 12 [--user bj-editor]
    rongmei publication retry -w bj-planning 12 [--verified-not-posted]
    rongmei publication record -w bj-planning 12 --url https://… --published-at "2025-09-01 10:00"
    rongmei publication withdraw -w bj-planning 12 --reason "甲方要求撤下"

``--user`` 以该用户的身份执行（检查其权限）；不指定时以系统身份执行（只检查状态），审计记为“命令行”。
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.http import Http404
from django.utils import timezone

from rongmei.core.management.base import AuditedCommand
from rongmei.publishing import selectors, services, workflow
from rongmei.workspaces.models import Workspace


def _when(value: str) -> dt.datetime:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            return timezone.make_aware(dt.datetime.strptime(value, fmt))
        except ValueError:
            continue
    raise CommandError(f"时间格式应为 YYYY-MM-DD HH:MM：{value}", returncode=2)


class Command(AuditedCommand):
    help = "发布队列：list 查看（含每条可做的操作）；publish-now / retry / record / withdraw 执行操作。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "publish-now", "retry", "record", "withdraw"])
        parser.add_argument("pk", nargs="?", type=int, help="发布编号（list 以外必填）")
        parser.add_argument("--workspace", "-w", required=True, help="工作区标识，如 bj-planning")
        parser.add_argument("--user", help="以该用户身份执行（检查权限）")
        parser.add_argument("--state", default="", help="list：只看某状态，如 failed、manual")
        parser.add_argument("--url", default="", help="record：发布链接")
        parser.add_argument("--published-at", default="", help="record：实际发布时间 YYYY-MM-DD HH:MM")
        parser.add_argument("--verified-not-posted", action="store_true", help="retry：已核实平台上没有这条内容")
        parser.add_argument("--reason", default="", help="withdraw：撤回原因")

    def handle(self, *args, **o):
        ws = Workspace.objects.filter(slug=o["workspace"], is_active=True).first()
        if ws is None:
            raise CommandError(f"找不到工作区“{o['workspace']}”", returncode=2)
        user = None
        if o["user"]:
            user = get_user_model().objects.filter(username=o["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"找不到用户“{o['user']}”", returncode=2)
        if o["action"] == "list":
            for p in selectors.publications_of(ws, state=o["state"]).order_by("-planned_at", "-id")[:200]:
                acts = "、".join(workflow.ACTION_LABELS[a] for a in workflow.actions_for(p, user)) or "—"
                self.stdout.write(f"{p.pk}\t{p.get_state_display()}\t{timezone.localtime(p.planned_at):%Y-%m-%d %H:%M}"
                                  f"\t{p.account}\t{p.revision.title}\t可做：{acts}")
            return
        if o["pk"] is None:
            raise CommandError("请给出发布编号", returncode=2)
        try:
            pub = selectors.publication_get(ws, o["pk"])
        except Http404:
            raise CommandError(f"工作区中没有编号为 {o['pk']} 的发布", returncode=2) from None
        try:
            if o["action"] == "publish-now":
                pub = services.publication_publish_now(actor=user, publication=pub)
            elif o["action"] == "retry":
                pub = services.publication_retry(actor=user, publication=pub,
                                                 clear_checkpoint=o["verified_not_posted"])
            elif o["action"] == "record":
                if not o["url"] or not o["published_at"]:
                    raise CommandError("record 需要 --url 和 --published-at", returncode=2)
                pub = services.publication_record_manual(actor=user, publication=pub, url=o["url"],
                                                         published_at=_when(o["published_at"]))
            else:
                pub = services.publication_withdraw(actor=user, publication=pub, reason=o["reason"])
        except (ValidationError, PermissionDenied) as exc:
            msg = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(msg, returncode=1) from None
        self.stdout.write(f"{pub.pk}\t{pub.get_state_display()}\t{pub.account}\t{pub.revision.title}")
