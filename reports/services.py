"""Month closes: generating, storing and re-opening the workbook sent upward (see submissions.py)."""

import hashlib

from django.core.exceptions import BadRequest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import audit
from bureau.ledger.month import Month
from bureau.models import AuditAction

from . import submissions
from .exporters.monthly import build_monthly_workbook
from .models import MonthClose
from .selectors import Scope, summary_rows


def close_month(campaign, month: Month, user, at=None) -> MonthClose:
    """Generate the month's workbook now, store it with its SHA-256, and lock the month.

    `at` dates a close that happened earlier (the demo's history): nobody is notified of it now."""
    month = Month(*month)
    if month not in Month.span(campaign.start, campaign.end):
        raise BadRequest(_("该月份不在主题教育期间。"))
    first_day = month.first
    if MonthClose.objects.closed().filter(campaign=campaign, month=first_day).exists():
        raise BadRequest(_("该月已报送。"))
    scope = Scope.submitted(campaign)
    content = build_monthly_workbook(scope, *month, bureau_name=campaign.bureau.name, signer=user)
    closed = MonthClose(
        campaign=campaign,
        month=first_day,
        closed_by=user,
        closed_at=at or timezone.now(),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    submissions.prepare_report(closed, summary_rows(scope, month))
    try:
        # The file and the row go together; a concurrent close of the same month loses cleanly.
        with transaction.atomic():
            closed.workbook.save(f"{month}.xlsx", ContentFile(content), save=False)
            closed.save()
    except IntegrityError:
        raise BadRequest(_("该月已报送。")) from None
    audit.record(AuditAction.MONTH_CLOSE, user=user, target=str(closed), detail=closed.sha256)
    if at is None:
        submissions.announce_submitted(closed)
    return closed


def reopen_month(closed: MonthClose, user, reason: str) -> MonthClose:
    closed.reopened_by = user
    closed.reopened_at = timezone.now()
    closed.reopen_reason = reason
    closed.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    audit.record(AuditAction.MONTH_REOPEN, user=user, target=str(closed), detail=reason)
    submissions.withdraw(closed)
    return closed
