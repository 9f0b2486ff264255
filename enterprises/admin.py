from django.contrib import admin

from bureau.admin import RecordAdmin, ScopedHistoryAdmin
from bureau.admin_site import ReadOnlyAdmin, ScopedAdmin

from .models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
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


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0
    fields = ("kind", "awarded_on", "valid_until", "certificate_no", "application")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(RecordAdmin):
    list_display = ("name", "credit_code", "town", "industry", "in_high_tech_codes", "exports", "deleted_at")
    list_filter = ("in_high_tech_codes", "exports", "town")
    search_fields = ("name", "credit_code")
    inlines = [QualificationInline]


@admin.register(EnterpriseVisit)
class EnterpriseVisitAdmin(RecordAdmin):
    list_display = ("date", "enterprise", "purpose", "department", "deleted_at")
    list_filter = ("purpose", "campaign")
    search_fields = ("enterprise__name", "summary")
    date_hierarchy = "date"


@admin.register(EnterpriseIssue)
class EnterpriseIssueAdmin(RecordAdmin):
    list_display = ("date", "enterprise", "category", "owner", "deadline", "status", "resolved_on", "deleted_at")
    list_filter = ("status", "category", "campaign")
    search_fields = ("description", "enterprise__name")


@admin.register(Application)
class ApplicationAdmin(RecordAdmin):
    list_display = ("enterprise", "kind", "year", "status", "filed_on", "decided_on", "deleted_at")
    list_filter = ("kind", "status", "year", "campaign")
    search_fields = ("enterprise__name",)


@admin.register(Institution)
class InstitutionAdmin(RecordAdmin):
    list_display = ("name", "kind", "region", "deleted_at")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(RecordAdmin):
    list_display = ("signed_on", "title", "kind", "institution", "enterprise", "deleted_at")
    list_filter = ("kind", "campaign")
    search_fields = ("title", "institution__name", "enterprise__name", "platform_name")


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdmin, ScopedHistoryAdmin):
    """Recorded on the enterprise's page or granted by an approved application; shown here."""

    list_display = ("enterprise", "kind", "awarded_on", "valid_until", "application")
    list_filter = ("kind",)
    search_fields = ("enterprise__name",)
