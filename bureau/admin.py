from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _lazy

import bureau.ledger.admin  # noqa: F401  (registers the records' shared admin)
from bureau.choices import Role
from bureau.ledger.access import Action
from bureau.ledger.admin_site import AnswersLikeTheApp, ScopedAdmin
from bureau.models import Bureau, Department, User

# Permission names are stored in English when the database is migrated (“Can add log entry”): the
# permission widgets name each one from its content type and action instead, in the user's language.
PERMISSION_ACTIONS = {
    "add": _lazy("可新增"),
    "change": _lazy("可修改"),
    "delete": _lazy("可删除"),
    "view": _lazy("可查看"),
}


def permission_label(permission) -> str:
    content_type = permission.content_type
    action, _sep, model_name = permission.codename.partition("_")
    model = content_type.model_class()
    if action not in PERMISSION_ACTIONS or model is None or model_name != content_type.model:
        return str(permission)  # a permission a model declares itself: its own (translatable) name
    original = getattr(model, "instance_type", None)  # a simple_history model: “historical …” in English
    if original is not None:
        what = _lazy("%(name)s（历史版本）") % {"name": original._meta.verbose_name}
    else:
        what = model._meta.verbose_name
    return f"{model._meta.app_config.verbose_name} | {what} | {PERMISSION_ACTIONS[action]}"


class PermissionLabels:
    """Names the choices of the groups' and users' permission widgets with `permission_label`."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


# Roles a bureau admin may give: theirs and below. The auditor is the installation's to appoint
# (等保2.0 separation of duties: the administered do not choose who audits them).
GRANTABLE_ROLES = (Role.STAFF, Role.LEADER, Role.ADMIN)


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
class UserAdmin(PermissionLabels, ScopedAdmin, DjangoUserAdmin):
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
class SuperuserGroupAdmin(PermissionLabels, AnswersLikeTheApp, GroupAdmin):
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
