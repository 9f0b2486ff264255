"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run] — the day's reminder digests (run daily)."""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bureau.ledger.reminders import send_reminders


def parse_day(value: str) -> datetime.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(value)
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"日期“{value}”无效：请按 YYYY-MM-DD 填写，例如 2019-12-20。") from None


class Command(BaseCommand):
    help = (
        "发送督办提醒：每位有临期（7 天内、3 天内）或逾期事项的责任人每天收到一份汇总，逾期事项同时告知"
        "科室和单位的局领导；站内通知、电子邮件，以及可选的工作群机器人。同一天重复运行不会重复发送。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="提醒日期 YYYY-MM-DD（默认今天，北京时间）")
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不发送也不记录")

    def handle(self, *args, date=None, dry_run=False, **options):
        day = parse_day(date) if date else timezone.localdate()
        outcome = send_reminders(day, dry_run=dry_run)
        for line in outcome.preview:
            self.stdout.write(line)
        for failure in outcome.failures:
            self.stderr.write(failure)
        self.stdout.write(outcome.summary())
        if outcome.failures:
            raise CommandError(f"{len(outcome.failures)} 项发送失败，已在上方列出；它们未记为已发送，下次运行时重发。")
