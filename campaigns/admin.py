from django.contrib import admin

from bureau.admin import RecordAdmin
from bureau.admin_site import ScopedAdmin, ScopedInline

from .models import Campaign, LeadingGroupMember, PlanTask, Rectification, StudySession


class LeadingGroupInline(ScopedInline):
    model = LeadingGroupMember
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    bureau_field = "bureau"
    list_display = ("name", "bureau", "start", "end", "is_active")
    list_filter = ("is_active", "bureau")
    search_fields = ("name",)
    inlines = [LeadingGroupInline]


@admin.register(StudySession)
class StudySessionAdmin(RecordAdmin):
    list_display = ("date", "kind", "topic", "attendance", "department", "deleted_at")
    list_filter = ("kind", "department", "campaign")
    search_fields = ("topic", "place", "host")
    date_hierarchy = "date"


@admin.register(Rectification)
class RectificationAdmin(RecordAdmin):
    list_display = ("date", "source", "problem", "owner", "deadline", "status", "deleted_at")
    list_filter = ("status", "source", "immediate", "campaign")
    search_fields = ("problem", "measure")


@admin.register(PlanTask)
class PlanTaskAdmin(RecordAdmin):
    list_display = ("title", "deadline", "owner", "status", "completed_on", "deleted_at")
    list_filter = ("status", "campaign")
    search_fields = ("title",)
