"""Upward reporting (月报报送): a month's close sent to the bureau above, reviewed there, and the board of
who has reported.

A close of a bureau that has a parent is a version of its report for that month: the stored workbook with
its SHA-256 and the figures as submitted. The parent accepts it (审核通过) or returns it (退回), which
re-opens the month below; the next close is the next version. A bureau that re-opens its own month
withdraws its report until it closes the month again.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau import audit
from bureau.ledger.month import Month
from bureau.ledger.notifications import notify
from bureau.models import AuditAction, Bureau
from campaigns.models import Campaign

from .models import MonthClose, Review

# What DESIGN §4's JSON calls each state of a child's report.
MISSING = "missing"
API_STATUS = {Review.SUBMITTED: "submitted", Review.RETURNED: "returned", Review.ACCEPTED: "accepted"}
STATUS_LABELS = {
    MISSING: gettext_lazy("未报送"),
    "submitted": Review.SUBMITTED.label,
    "returned": Review.RETURNED.label,
    "accepted": Review.ACCEPTED.label,
}


class NotAwaiting(Exception):
    """The report was reviewed, returned or withdrawn meanwhile: 409, nothing changed."""


def figures_of(rows) -> dict:
    return {row.indicator.key: {"value": row.value, "cumulative": row.cumulative} for row in rows}


def prepare_report(close: MonthClose, rows) -> None:
    """Fill in what makes a close a report to the bureau above (before it is saved)."""
    bureau = close.campaign.bureau
    close.version = MonthClose.objects.filter(campaign=close.campaign, month=close.month).count() + 1
    close.figures = figures_of(rows)
    if bureau.parent_id:
        parent = Bureau.objects.get(pk=bureau.parent_id)
        close.parent = parent
        close.deadline = parent.report_deadline(close.period)
        close.on_time = timezone.localtime(close.closed_at).date() <= close.deadline


def leaders_of(bureau_id: int):
    return get_user_model().objects.deciding_for(bureau_id)


def announce_submitted(close: MonthClose) -> None:
    if not close.is_report:
        return
    text = _("%(bureau)s 报送了 %(month)s 月报（第 %(version)s 版，%(timing)s）。") % {
        "bureau": close.campaign.bureau.name,
        "month": close.period,
        "version": close.version,
        "timing": _("按时") if close.on_time else _("逾期"),
    }
    link = f"{reverse('reports:submissions')}?month={close.period}"
    for leader in leaders_of(close.parent_id):
        notify(leader, text, link)


def may_review(user, close: MonthClose) -> bool:
    return user.can_verify and close.is_report and user.bureau_id == close.parent_id


def _decide(close: MonthClose, user, review: Review, reason: str = "", at=None) -> MonthClose:
    if not may_review(user, close):
        raise PermissionDenied(_("只有上级单位的局领导或管理员可以审核下级报送的月报。"))
    with transaction.atomic():
        current = MonthClose.objects.select_for_update().get(pk=close.pk)
        allowed = current.awaits_review if review == Review.ACCEPTED else current.may_be_returned
        if not allowed:
            raise NotAwaiting(
                _("%(bureau)s %(month)s 月报（第 %(version)s 版）已是“%(state)s”，不能再%(action)s。")
                % {
                    "bureau": close.campaign.bureau.name,
                    "month": close.period,
                    "version": current.version,
                    "state": current.get_review_display(),
                    "action": review.label if review == Review.RETURNED else _("审核通过"),
                }
            )
        now = at or timezone.now()
        current.review, current.reviewed_by, current.reviewed_at, current.review_reason = review, user, now, reason
        fields = ["review", "reviewed_by", "reviewed_at", "review_reason"]
        if review == Review.RETURNED:
            # The month opens again below so the county can correct it and submit the next version.
            current.reopened_by, current.reopened_at = user, now
            current.reopen_reason = _("上级退回：%(reason)s") % {"reason": reason}
            fields += ["reopened_by", "reopened_at", "reopen_reason"]
        current.save(update_fields=fields)
    audit.record(AuditAction.REPORT_REVIEW, user=user, target=str(current), detail=f"{review.label} {reason}".strip())
    return current


def accept(close: MonthClose, user, at=None) -> MonthClose:
    """审核通过. `at` dates a review that happened earlier (the demo's history): nobody is notified of it now."""
    accepted = _decide(close, user, Review.ACCEPTED, at=at)
    if at is None:
        _tell_below(accepted, _("%(parent)s 已审核通过 %(month)s 月报（第 %(version)s 版）。"))
    return accepted


def return_report(close: MonthClose, user, reason: str, at=None) -> MonthClose:
    returned = _decide(close, user, Review.RETURNED, reason, at=at)
    if at is None:
        text = _("%(parent)s 退回了 %(month)s 月报（第 %(version)s 版），该月已重新打开，请修改后重新报送。")
        _tell_below(returned, text + _("原因：%(reason)s"))
    return returned


def _tell_below(close: MonthClose, template: str) -> None:
    text = template % {
        "parent": close.parent.name,
        "month": close.period,
        "version": close.version,
        "reason": close.review_reason,
    }
    link = f"{reverse('reports:monthly')}?campaign={close.campaign_id}"
    for leader in leaders_of(close.campaign.bureau_id):
        notify(leader, text, link)


def withdraw(close: MonthClose) -> None:
    """A bureau re-opening its own submitted month takes the report back; the parent is told."""
    if not close.is_report or close.review not in (Review.SUBMITTED, Review.ACCEPTED):
        return
    close.review = Review.WITHDRAWN
    close.save(update_fields=["review"])
    text = _("%(bureau)s 撤回了 %(month)s 月报（第 %(version)s 版）：%(reason)s") % {
        "bureau": close.campaign.bureau.name,
        "month": close.period,
        "version": close.version,
        "reason": close.reopen_reason,
    }
    link = f"{reverse('reports:submissions')}?month={close.period}"
    for leader in leaders_of(close.parent_id):
        notify(leader, text, link)


def api_status(close: MonthClose | None) -> str:
    if close is None or close.review == Review.WITHDRAWN:
        return MISSING
    return API_STATUS[close.review]


@dataclass
class ChildReport:
    """One bureau below on the board: its latest version for the month, and its timeliness over the months."""

    bureau: Bureau
    campaign: Campaign | None
    latest: MonthClose | None
    versions: list
    on_time_months: int
    due_months: int

    @property
    def status(self) -> str:
        return api_status(self.latest)

    @property
    def status_label(self) -> str:
        if self.latest is not None and self.latest.review == Review.WITHDRAWN:
            return _("未报送（已撤回）")
        return str(STATUS_LABELS[self.status])

    @property
    def on_time_rate(self) -> float | None:
        """Share of due months whose first report came in by the deadline, in percent."""
        return round(100 * self.on_time_months / self.due_months, 1) if self.due_months else None


def campaign_over(bureau, month: Month) -> Campaign | None:
    """The bureau's campaign running in `month` (the latest-starting one if it runs several)."""
    return (
        Campaign.objects.filter(bureau=bureau, start__lte=month.last, end__gte=month.first)
        .order_by("-start", "-pk")
        .first()
    )


def _child_campaigns(children, start, end) -> dict[int, Campaign]:
    """Each child's campaign over the given days (the latest-starting one if it runs several)."""
    found = {}
    overlapping = Campaign.objects.filter(bureau__in=children, start__lte=end, end__gte=start)
    for child_campaign in overlapping.order_by("start", "pk"):
        found[child_campaign.bureau_id] = child_campaign
    return found


def board(parent: Bureau, month: Month, campaign=None, today: datetime.date | None = None) -> list[ChildReport]:
    """Every bureau directly below `parent`, with its report for `month` and its on-time rate over the
    campaign's months up to it (`campaign`: the parent's; without one, `month` alone).

    Three queries whatever the number of bureaus and months: the children, their campaigns, their reports."""
    today = today or timezone.localdate()
    children = list(Bureau.objects.filter(parent=parent).order_by("name", "pk"))
    if not children:
        return []
    start, end = (campaign.start, campaign.end) if campaign else month.bounds
    campaigns = _child_campaigns(children, start, end)
    months = [m for m in Month.span(start, end) if m <= month] or [month]
    reports = (
        MonthClose.objects.submitted_to(parent)
        .filter(month__gte=months[0].first, month__lte=month.first)
        .select_related("closed_by", "reviewed_by", "campaign")
        .order_by("closed_at", "pk")
    )
    by_child: dict[int, dict[Month, list]] = {}
    for report in reports:
        by_child.setdefault(report.campaign.bureau_id, {}).setdefault(report.period, []).append(report)
    rows = []
    for child in children:
        history = by_child.get(child.pk, {})
        due = [m for m in months if history.get(m) or parent.report_deadline(m) < today]
        on_time = sum(1 for m in due if history.get(m) and history[m][0].on_time)
        versions = history.get(month, [])
        rows.append(
            ChildReport(child, campaigns.get(child.pk), versions[-1] if versions else None, versions, on_time, len(due))
        )
    return rows
