"""python manage.py import_xlsx KIND FILE --user USERNAME [--campaign ID] [--dry-run]

Exit 0 when every row was saved (or, with --dry-run, would be); otherwise non-zero, nothing saved,
and one line per bad row: `row N, column C: message`.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bureau.ledger.import_jobs import import_with_job
from bureau.ledger.jobs import ImportJob
from bureau.ledger.registry import REGISTRY


class Command(BaseCommand):
    help = "从 Excel 导入记录（全部成功才保存）。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="、".join(REGISTRY) or "KIND")
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="以该用户的身份导入")
        parser.add_argument("--campaign", type=int, help="主题教育编号（默认本单位进行中的主题教育）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")

    def handle(self, kind, file, user, campaign=None, dry_run=False, **options):
        record_type = REGISTRY.get(kind)
        if record_type is None:
            raise CommandError(f"unknown KIND {kind!r}; one of: {', '.join(REGISTRY)}")
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"no active user {user!r}")
        chosen = None
        if campaign is not None:
            # The form's campaign choices are exactly the user's bureau's campaigns.
            field = record_type.form_class(user=account).fields.get("campaign")
            chosen = field.queryset.filter(pk=campaign).first() if field is not None else None
            if chosen is None:
                raise CommandError(f"campaign {campaign} is not one of {account}'s bureau")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        with path.open("rb") as handle:
            job, result = import_with_job(
                record_type, handle, account, filename=path.name, campaign=chosen, dry_run=dry_run
            )
        if job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.DRY_RUN):
            self.stdout.write(job.message)
            return
        if result is None:
            raise CommandError(job.message)
        for error in result.errors:
            self.stdout.write(str(error))
        raise CommandError(f"{len(result.errors)} error(s); nothing was saved")
