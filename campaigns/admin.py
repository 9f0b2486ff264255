from django.contrib import admin

from bureau.ledger.admin import register_record_types
from bureau.ledger.admin_site import ScopedAdmin, ScopedInline

from .models import Campaign, LeadingGroupMember


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


register_record_types("campaigns")
