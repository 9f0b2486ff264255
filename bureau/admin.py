from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.admin import SimpleHistoryAdmin

from .access import Action
from .admin_site import AnswersLikeTheApp, ReadOnlyAdmin, ScopedAdmin
from .choices import Role
from .models import Attachment, Bureau, Department, ImportJob, User
from .period_locks import is_locked

# Roles a bureau admin may give: theirs and below. The auditor is the installation's to appoint
# (等保2.0 separation of duties: the administered do not choose who audits them).
GRANTABLE_ROLES = (Role.STAFF, Role.LEADER, Role.ADMIN)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Old versions are shown for the rows one may read; reverting is the app's 恢复到此版本, with its rules."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._exists(request, object_id) or not (str(version_id).isascii() and str(version_id).isdigit()):
            raise Http404(_("记录不存在"))
        if request.method == "POST":
            raise PermissionDenied(_("请在记录的“修改历史”页面恢复历史版本。"))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class RecordAdmin(ScopedHistoryAdmin):
    """Ledger records: listed, searched and opened here; changed only on the ledger's own pages.

    Deleting moves them to the recycle bin, under the same rule as the app's delete (owner or admin of
    the bureau, never in a closed month). Records already in the bin are listed too.
    """

    list_filter = ("department",)
    deletable = True

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (not obj.is_deleted and not any(is_locked(obj.bureau_id, d) for d in obj.lock_dates()))

    def delete_model(self, request, obj):
        obj.soft_delete(request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied(_("“%(record)s”不能删除（无权删除或所在月份已锁定）。") % {"record": obj})
            obj.soft_delete(request.user)

    def get_deleted_objects(self, objs, request):
        # Nothing cascades: the records go to the recycle bin with their attachments and links intact.
        objs = list(objs)
        to_delete = [str(obj) for obj in objs]
        perms_needed = {
            str(self.model._meta.verbose_name) for obj in objs if not self.has_delete_permission(request, obj)
        }
        return to_delete, {self.model._meta.verbose_name: len(objs)}, perms_needed, []


@admin.register(Bureau)
class BureauAdmin(ScopedAdmin):
    """A bureau admin reads its own bureau and those below; the tree itself is the installation's."""

    list_display = ("name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name",)

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("level", "parent")

    def has_add_permission(self, request, *args):
        return request.user.is_superuser


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    bureau_field = "bureau"
    list_display = ("name", "bureau")
    list_filter = ("bureau",)
    search_fields = ("name",)


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    """Accounts of the admin's bureau. A bureau admin never sees the rights that reach beyond it
    (superuser, staff status, groups, permissions), never moves an account to another bureau and gives
    at most its own role."""

    bureau_field = "bureau"
    list_display = ("username", "last_name", "first_name", "bureau", "department", "role", "is_active")
    list_filter = ("role", "bureau", "department", "is_active")
    search_fields = ("username", "last_name", "first_name")
    superuser_fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_lazy("单位与角色"), {"fields": ("bureau", "department", "role", "must_change_password")}),
    )
    bureau_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_lazy("个人信息"), {"fields": ("last_name", "first_name", "email")}),
        (_lazy("单位与角色"), {"fields": ("department", "role", "is_active", "must_change_password")}),
        (_lazy("重要日期"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_lazy("单位与角色"), {"fields": ("last_name", "first_name", "email", "department", "role")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.bureau_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ("last_login", "date_joined", "password_changed_at")

    def get_exclude(self, request, obj=None):
        return []  # the fieldsets above say what each kind of admin edits

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(role.value, role.label) for role in GRANTABLE_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            # A password an admin typed is known to two people: its owner changes it at first login.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 200:
            response.status_code = 400  # the new password was refused
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None and user.pk != request.user.pk:
                user.must_change_password = True
                user.save(update_fields=["must_change_password"])
        return response


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Files are added, checked and served by the app; here they are listed for the records one may read."""

    list_display = ("original_name", "kind", "mime_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "mime_type")

    def get_queryset(self, request):
        return Attachment.objects.restrict(request.user, Action.VIEW).select_related("uploaded_by")

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return Attachment.objects.restrict(request.user, Action.VIEW).filter(pk=obj.pk).exists()
        return admin.ModelAdmin.has_view_permission(self, request, obj)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "user", "kind", "filename", "status", "rows", "saved")
    list_filter = ("status", "kind")


class ScopedAxesAdmin(AnswersLikeTheApp):
    """Login attempts of the admin's own bureau's accounts only (addresses are personal data).

    Deleting an attempt lifts that lock-out; the logs of logins and failures are kept."""

    deletable = False

    def has_change_permission(self, request, obj=None):
        return False  # the record of an attempt is evidence; deleting it lifts the lock-out

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(username__in=User.objects.restrict(request.user, Action.CHANGE).values("username"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions = {name: action for name, action in actions.items() if name == "delete_selected"}
        return actions

    def _own(self, request, obj):
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj) and self._own(request, obj)


for model, model_admin, deletable in (
    (AccessAttempt, AccessAttemptAdmin, True),
    (AccessLog, AccessLogAdmin, False),
    (AccessFailureLog, AccessFailureLogAdmin, False),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (ScopedAxesAdmin, model_admin), {"deletable": deletable}))


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class SuperuserGroupAdmin(AnswersLikeTheApp, GroupAdmin):
    """Groups carry permissions: whoever edits them could raise their own rights."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
