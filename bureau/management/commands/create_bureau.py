"""A fresh install's first bureau and its admin: everything after it is done in the app's 系统设置 pages."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bureau.choices import BureauLevel, Role
from bureau.models import Bureau, User
from bureau.setup.services import create_account


class Command(BaseCommand):
    help = "新建一个单位及其管理员账户（打印一次性初始密码，首次登录须修改）。"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="单位名称，如 青田县科学技术局")
        parser.add_argument("--level", required=True, choices=BureauLevel.values, help="层级：county、city 或 province")
        parser.add_argument("--parent", help="上级单位的名称（须已存在）")
        parser.add_argument("--admin", required=True, metavar="USERNAME", help="管理员的用户名")
        parser.add_argument("--admin-name", default="", help="管理员姓名，如 王芳")
        parser.add_argument("--email", default="", help="管理员的电子邮箱")

    def handle(self, *args, name, level, parent, admin, admin_name, email, **options):
        name = " ".join(name.split())
        if not name:
            raise CommandError("单位名称不能为空。")
        if Bureau.objects.filter(name=name).exists():
            raise CommandError(f"单位“{name}”已存在。")
        if User.objects.filter(username=admin).exists():
            raise CommandError(f"用户名“{admin}”已被使用。")
        parent_bureau = None
        if parent:
            parent_bureau = Bureau.objects.filter(name=parent).first()
            if parent_bureau is None:
                raise CommandError(f"没有名为“{parent}”的上级单位。")
        with transaction.atomic():
            bureau = Bureau.objects.create(name=name, level=level, parent=parent_bureau)
            user, password = create_account(
                bureau=bureau,
                username=admin,
                role=Role.ADMIN,
                last_name=admin_name[:1],
                first_name=admin_name[1:],
                email=email,
            )
        self.stdout.write(f"已新建单位：{bureau.name}（{bureau.get_level_display()}）")
        self.stdout.write(f"管理员：{user.username}　初始密码：{password}")
        self.stdout.write("请用这个账户登录，修改密码后按“系统设置”中的引导完成设置。")
