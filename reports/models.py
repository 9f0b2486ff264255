"""Targets per indicator, and month closes: the workbook sent upward, kept with its fingerprint."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bureau.ledger.access import RestrictedQuerySet
from bureau.ledger.fields import optional_reference, person
from bureau.ledger.month import Month
from campaigns.models import Campaign


def _indicator_choices():
    from .indicators import CATALOGUE

    return [(i.key, f"{i.key} {i.label}") for i in CATALOGUE]


class Target(models.Model):
    """The campaign's target for one indicator, e.g. 60 enterprises researched."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("主题教育"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("指标"), max_length=64)
    value = models.PositiveIntegerField(_("目标值"), help_text=_("整个主题教育期间要完成的累计数，如调研企业 60 家。"))
    history = HistoricalRecords()

    objects = RestrictedQuerySet.via("campaign__bureau").as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("目标")
        ordering = ["campaign", "indicator"]
        constraints = [models.UniqueConstraint(fields=["campaign", "indicator"], name="target_once_per_indicator")]

    def __str__(self):
        return f"{self.indicator} = {self.value}"

    def clean(self):
        from .indicators import BY_KEY

        if self.indicator not in BY_KEY:
            raise ValidationError({"indicator": _("没有这个指标。")})


class Review(models.TextChoices):
    """Where a submitted month stands with the bureau above (DHIS2's data approval, 报送审核)."""

    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已审核")
    WITHDRAWN = "withdrawn", _("已撤回")


class MonthCloseQuerySet(RestrictedQuerySet):
    bureau_path = "campaign__bureau"

    def closed(self):
        return self.filter(reopened_at__isnull=True)

    def submitted_to(self, parent):
        """The reports the bureaus directly below `parent` sent it, every version."""
        return self.filter(parent=parent, campaign__bureau__parent=parent)

    def is_locked(self, bureau_id: int, day) -> bool:
        return self.closed().filter(campaign__bureau_id=bureau_id, month=day.replace(day=1)).exists()


def workbook_path(instance, filename):
    return f"month-closes/{instance.campaign_id}/{instance.period}-{instance.sha256[:12]}.xlsx"


class MonthClose(models.Model):
    """A month a leader marked as submitted: the workbook generated then, kept unchanged with its SHA-256.

    While closed, records dated in the month cannot be created, changed or deleted. Re-opening keeps
    the row (and the workbook) and records who re-opened it and why.
    """

    campaign = models.ForeignKey(Campaign, verbose_name=_("主题教育"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    closed_by = person(_("报送人"))
    closed_at = models.DateTimeField(_("报送时间"), default=timezone.now, editable=False)
    workbook = models.FileField(_("报送的月报"), upload_to=workbook_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    reopened_by = person(_("重新打开人"), optional=True)
    reopened_at = models.DateTimeField(_("重新打开时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("重新打开原因"), blank=True)
    # Upward reporting: a close of a bureau with a parent is a version of its report to that parent.
    parent = optional_reference("bureau.Bureau", _("报送至"), related_name="received_reports")
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按时报送"), default=True)
    figures = models.JSONField(_("报送时的指标"), default=dict, blank=True)
    review = models.CharField(_("审核状态"), max_length=16, choices=Review.choices, default=Review.SUBMITTED)
    reviewed_by = person(_("审核人"), optional=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_reason = models.TextField(_("退回原因"), blank=True)

    objects = MonthCloseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("月报报送")
        ordering = ["-month", "-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "month"],
                condition=models.Q(reopened_at__isnull=True),
                name="one_open_close_per_month",
            )
        ]

    def __str__(self):
        return f"{self.campaign} {self.period}"

    @property
    def period(self) -> Month:
        return Month.of(self.month)

    @property
    def is_closed(self) -> bool:
        return self.reopened_at is None

    @property
    def is_report(self) -> bool:
        """Sent to a bureau above (a bureau at the top of the tree only closes its month)."""
        return self.parent_id is not None

    @property
    def awaits_review(self) -> bool:
        return self.is_report and self.is_closed and self.review == Review.SUBMITTED

    @property
    def may_be_returned(self) -> bool:
        return self.is_report and self.is_closed and self.review in (Review.SUBMITTED, Review.ACCEPTED)

    def verify(self) -> bool:
        """True when the stored workbook still has the fingerprint recorded at closing."""
        with self.workbook.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == self.sha256
