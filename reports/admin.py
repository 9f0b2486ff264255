from django.contrib import admin

from bureau.admin import BureauScopedAdmin

from .models import MonthClose, Target


@admin.register(Target)
class TargetAdmin(BureauScopedAdmin):
    bureau_field = "campaign__bureau"
    list_display = ("campaign", "indicator", "value")
    list_filter = ("campaign",)


@admin.register(MonthClose)
class MonthCloseAdmin(BureauScopedAdmin):
    bureau_field = "campaign__bureau"
    list_display = ("campaign", "month", "closed_by", "closed_at", "sha256", "reopened_at")
    readonly_fields = ("campaign", "month", "closed_by", "closed_at", "workbook", "sha256")

    def has_delete_permission(self, request, obj=None):
        return False  # what was sent upward stays provable
