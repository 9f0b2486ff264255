from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment, Bureau, Department, ImportJob, User
from .period_locks import is_locked

admin.site.site_header = _("主题教育工作台账 · 后台管理")
admin.site.site_title = _("主题教育工作台账")
admin.site.index_title = _("后台管理")


class BureauScopedAdmin(admin.ModelAdmin):
    """Bureau admins see and edit only their own bureau's rows; superusers see everything."""

    bureau_field = "bureau"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.bureau_field}__in": request.user.visible_bureau_ids})


class RecordAdmin(BureauScopedAdmin, SimpleHistoryAdmin):
    list_filter = ("department",)
    readonly_fields = ("recorded_by", "created_at", "updated_at", "version")

    def get_queryset(self, request):
        # Records in the recycle bin are shown too: the admin restores or purges them there.
        queryset = self.model.all_objects.get_queryset()
        if request.user.is_superuser:
            return queryset
        return queryset.filter(bureau_id__in=request.user.visible_bureau_ids)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and any(is_locked(obj.bureau_id, day) for day in obj.lock_dates()):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            if not obj.bureau_id:
                obj.bureau_id = request.user.bureau_id
        super().save_model(request, obj, form, change)


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name",)


@admin.register(Department)
class DepartmentAdmin(BureauScopedAdmin):
    list_display = ("name", "bureau")
    list_filter = ("bureau",)
    search_fields = ("name",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "bureau", "department", "role", "is_active")
    list_filter = ("role", "bureau", "department", "is_active")
    search_fields = ("username", "last_name", "first_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("单位与角色"), {"fields": ("bureau", "department", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("单位与角色"), {"fields": ("last_name", "first_name", "bureau", "department", "role")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(bureau_id__in=request.user.visible_bureau_ids)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "mime_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "mime_type")
    readonly_fields = ("content_type", "object_id", "mime_type", "size", "uploaded_by", "uploaded_at")


@admin.register(ImportJob)
class ImportJobAdmin(BureauScopedAdmin):
    list_display = ("started_at", "user", "kind", "filename", "status", "rows", "saved")
    list_filter = ("status", "kind")
    readonly_fields = (
        "bureau",
        "user",
        "kind",
        "filename",
        "status",
        "rows",
        "saved",
        "message",
        "started_at",
        "finished_at",
    )
