"""Load the demo bureau: the 2019 campaign of a county science and technology bureau.

Each ledger app contributes its part in a `demo` module with a `load(context)` function, called in
INSTALLED_APPS order; the context carries what earlier parts created (bureau, users, campaign).
Running it again changes nothing: every object is found by its natural key before it is created.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bureau.roles import LEDGER_APPS


class Command(BaseCommand):
    help = "载入演示数据（青田县科技局 2019 年主题教育）。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭时也载入（会创建演示账户）。")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG 已关闭：演示数据会创建弱密码账户，如确需载入请加 --force。")
        context: dict = {"stdout": self.stdout}
        # One transaction: a half-loaded demo would show wrong figures on the dashboard.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if config.label in LEDGER_APPS and util.find_spec(f"{config.name}.demo"):
                    import_module(f"{config.name}.demo").load(context)
        self.stdout.write(self.style.SUCCESS("演示数据已载入。登录账户（用户名 / 密码）："))
        for username, password, role in context["accounts"]:
            self.stdout.write(f"  {username} / {password}  （{role}）")
