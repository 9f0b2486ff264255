from django.contrib import admin

from bureau.ledger.admin_site import ReadOnlyAdmin, ScopedAdmin

from .models import MonthClose, Target


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ("campaign", "indicator", "value")
    list_filter = ("campaign",)


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    """What was sent upward stays provable: shown, never changed or deleted."""

    list_display = ("campaign", "month", "closed_by", "closed_at", "sha256", "reopened_at")
