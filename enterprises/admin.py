from django.contrib import admin

from bureau.ledger.admin import RecordAdmin, ScopedHistoryAdmin, register_record_types
from bureau.ledger.admin_site import ReadOnlyAdmin, ScopedAdmin, ShownInline

from .models import (
    Enterprise,
    Policy,
    Qualification,
)


@admin.register(Policy)
class PolicyAdmin(ScopedAdmin):
    """The bureau's policy list: added, reordered and retired (停用) here; visits keep what they delivered."""

    bureau_field = "bureau"
    list_display = ("name", "order", "is_active", "bureau")
    list_editable = ("order", "is_active")
    list_filter = ("is_active", "bureau")
    search_fields = ("name",)


class QualificationInline(ShownInline):
    model = Qualification
    fields = ("kind", "awarded_on", "valid_until", "certificate_no", "application")


class EnterpriseAdmin(RecordAdmin):
    inlines = [QualificationInline]


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdmin, ScopedHistoryAdmin):
    """Recorded on the enterprise's page or granted by an approved application; shown here."""

    list_display = ("enterprise", "kind", "awarded_on", "valid_until", "application")
    list_filter = ("kind",)
    search_fields = ("enterprise__name",)


register_record_types("enterprises", {Enterprise: EnterpriseAdmin})
