from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bureau.admin import BureauScopedAdmin, RecordAdmin
from bureau.models import Bureau

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
class PolicyAdmin(BureauScopedAdmin):
    list_display = ("name", "order", "is_active", "bureau")
    list_editable = ("order", "is_active")
    list_filter = ("is_active", "bureau")
    search_fields = ("name",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A bureau admin keeps the list of their own bureau (and those below it), nobody else's.
        if db_field.name == "bureau" and not request.user.is_superuser:
            kwargs["queryset"] = Bureau.objects.filter(pk__in=request.user.visible_bureau_ids)
            kwargs["initial"] = request.user.bureau_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0
    readonly_fields = ("application",)


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
    autocomplete_fields = ("enterprise",)


@admin.register(EnterpriseIssue)
class EnterpriseIssueAdmin(RecordAdmin):
    list_display = ("date", "enterprise", "category", "owner", "deadline", "status", "resolved_on", "deleted_at")
    list_filter = ("status", "category", "campaign")
    search_fields = ("description", "enterprise__name")
    autocomplete_fields = ("enterprise",)


@admin.register(Application)
class ApplicationAdmin(RecordAdmin):
    list_display = ("enterprise", "kind", "year", "status", "filed_on", "decided_on", "deleted_at")
    list_filter = ("kind", "status", "year", "campaign")
    search_fields = ("enterprise__name",)
    autocomplete_fields = ("enterprise",)


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
    autocomplete_fields = ("enterprise", "institution")


@admin.register(Qualification)
class QualificationAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "kind", "awarded_on", "valid_until", "application")
    list_filter = ("kind",)
    search_fields = ("enterprise__name",)
    readonly_fields = ("application",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(enterprise__bureau_id__in=request.user.visible_bureau_ids)
