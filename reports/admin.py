from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bureau.ledger.admin_site import ReadOnlyAdmin, ScopedAdmin

from .indicators import BY_KEY
from .models import MonthClose, Target


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ("campaign", "indicator_label", "value")
    list_filter = ("campaign",)

    @admin.display(description=_("指标"), ordering="indicator")
    def indicator_label(self, target):
        indicator = BY_KEY.get(target.indicator)
        return indicator.label if indicator else target.indicator


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    """What was sent upward stays provable: shown, never changed or deleted."""

    list_display = ("campaign", "month", "closed_by", "closed_at", "sha256", "reopened_at")
