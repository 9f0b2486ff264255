"""python manage.py verify_audit — walks the audit trail's hash chain; exit 1 on any changed or missing entry."""

from django.core.management.base import BaseCommand, CommandError

from bureau.audit import verify_chain


class Command(BaseCommand):
    help = "核对审计日志的散列链：发现被修改或缺失的日志时以非零状态退出。"

    def handle(self, *args, **options):
        checked, problems = verify_chain()
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"审计日志有 {len(problems)} 处异常（共核对 {checked} 条）。")
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：共 {checked} 条，散列链无误。"))
