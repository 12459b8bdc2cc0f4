# 放在 workspaces 而不在 accounts：创建用户时可同时加入工作区并设角色，而 accounts 在 workspaces 之下。
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from rongmei.accounts.models import User
from rongmei.accounts.services import user_create
from rongmei.core.management.base import AuditedCommand
from rongmei.workspaces.choices import Role
from rongmei.workspaces.models import Workspace
from rongmei.workspaces.services import member_set_role


class Command(AuditedCommand):
    help = "用户管理：rongmei user create|list"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("create", help="创建用户")
        c.add_argument("username")
        c.add_argument("--password", required=True, help="初始密码（≥8 位，含字母、数字、符号）")
        c.add_argument("--name", default="", help="姓名")
        c.add_argument("--email", default="")
        c.add_argument("--superuser", action="store_true", help="系统管理员")
        c.add_argument("--workspace", help="加入的工作区标识")
        c.add_argument("--role", choices=Role.values, help="在该工作区的角色")
        c.add_argument("--no-force-change", action="store_true", help="首次登录不要求修改密码")
        sub.add_parser("list", help="列出用户")

    def handle(self, *args, **opts):
        if opts["action"] == "list":
            for u in User.objects.all():
                roles = ", ".join(f"{m.workspace.slug}:{m.get_role_display()}" for m in u.memberships.select_related("workspace"))
                self.stdout.write(f"{u.username:<24} {u.display_name:<16} {'管理员' if u.is_superuser else ''} {roles}")
            return
        if bool(opts["workspace"]) != bool(opts["role"]):
            raise CommandError("--workspace 与 --role 需要同时给出")
        ws = None
        if opts["workspace"]:
            ws = Workspace.objects.filter(slug=opts["workspace"]).first()
            if ws is None:
                raise CommandError(f"工作区“{opts['workspace']}”不存在")
        try:
            with transaction.atomic():
                user = user_create(actor=None, username=opts["username"], password=opts["password"],
                                   display_name=opts["name"], email=opts["email"], is_superuser=opts["superuser"],
                                   must_change_password=not opts["no_force_change"])
                if ws is not None:
                    member_set_role(actor=None, workspace=ws, user=user, role=opts["role"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"已创建用户 {user.username}" + (f"，加入 {ws.name}（{Role(opts['role']).label}）" if ws else "")))
