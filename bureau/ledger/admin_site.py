"""The Django admin inside the access model: every screen asks `restrict(user, action)`.

- Ledger records are read in the admin and changed only through the ledger's own pages, where their
  form, closed months, versions and workflow rules apply; the admin shows them, links to them, and moves
  them to the recycle bin (the same rule as the app's delete). No admin path writes a record's fields.
- Configuration (departments, accounts, campaigns, policies, subjects, targets) is edited by the bureau's
  own admin, scoped to their bureau: lists, change pages, choices in every drop-down, history.
- A parent bureau's admin reads its children's rows and changes none of them.
- Signing in is the app's login page (one page with the lock-out and password rules).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bureau.ledger.access import Action, allows, restricted_manager


class LedgerAdminSite(admin.AdminSite):
    site_header = _lazy("主题教育工作台账 · 后台管理")
    site_title = _lazy("主题教育工作台账")
    index_title = _lazy("后台管理")

    def has_permission(self, request):
        user = request.user
        return super().has_permission(request) and (user.is_superuser or user.is_admin)

    def index(self, request, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().index(request, extra_context)

    def app_index(self, request, app_label, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().app_index(request, app_label, extra_context)

    def logout(self, request, extra_context=None):
        from django.contrib.auth.views import LogoutView

        return LogoutView.as_view()(request)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied(_("您的账户没有后台管理权限。"))
        query = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
        return redirect(f"{reverse('login')}?{query}")

    def password_change(self, request, extra_context=None):
        return redirect("password_change")

    def get_urls(self):
        urls = super().get_urls()
        # The admin's "view on site" redirect would confirm that another bureau's id exists.
        return [
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"),
            *[u for u in urls if getattr(u, "name", None) != "view_on_site"],
        ]

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType

        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type else None
        manager = restricted_manager(model) if model is not None else None
        if manager is None or not hasattr(manager, "restrict") or not (object_id.isascii() and object_id.isdigit()):
            raise Http404(_("记录不存在"))
        obj = manager.restrict(request.user, Action.VIEW).filter(pk=object_id).first()
        if obj is None or not hasattr(obj, "get_absolute_url"):
            raise Http404(_("记录不存在"))
        return HttpResponseRedirect(obj.get_absolute_url())


class LedgerAdminConfig(AdminConfig):
    default_site = "bureau.ledger.admin_site.LedgerAdminSite"


class AnswersLikeTheApp:
    """The admin's screens answer as the app's pages do (DESIGN §5): another bureau's id is a 404, a refused
    form a 400, a read-only page refuses a POST."""

    def _exists(self, request, object_id) -> bool:
        return (
            str(object_id).isascii()
            and str(object_id).isdigit()
            and (self.get_queryset(request).filter(pk=object_id).exists())
        )

    def history_view(self, request, object_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not self._exists(request, object_id):
            raise Http404(_("记录不存在"))
        return super().history_view(request, object_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_("记录不存在"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if request.method == "POST":
            response.status_code = 400  # a POST that comes back to the form was refused
        return response

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and "post" not in request.POST:
            # Django would show the confirmation again; a POST that confirms nothing is bad input.
            if not self.has_delete_permission(request):
                raise PermissionDenied
            obj = self.get_object(request, object_id) if str(object_id).isascii() else None
            if obj is None:
                raise Http404(_("记录不存在"))
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
            raise BadRequest(_("请确认删除。"))
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        acting = {"action", "_save", "index"} & set(request.POST)
        if request.method == "POST" and not acting:
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            raise BadRequest(_("请选择要执行的操作。"))
        return super().changelist_view(request, extra_context)


class ScopedAdmin(AnswersLikeTheApp, admin.ModelAdmin):
    """Rows, choices and object permissions of one model's admin screens, all from `restrict`.

    `bureau_field`: the model's own bureau field, filled with the admin's bureau on add and never
    offered to a bureau admin (who cannot put a row into another bureau).
    """

    bureau_field: str | None = None

    def get_queryset(self, request):
        queryset = restricted_manager(self.model).get_queryset().restrict(request.user, Action.VIEW)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _allows(self, request, action, obj) -> bool:
        return obj is None or allows(request.user, action, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allows(request, Action.VIEW, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allows(request, Action.CHANGE, obj)

    # Settings are changed, renamed or retired, not deleted: records keep pointing at them.
    deletable = False

    def has_delete_permission(self, request, obj=None):
        if not self.deletable and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj) and self._allows(request, Action.DELETE, obj)

    def has_add_permission(self, request, *args):
        user = request.user
        return super().has_add_permission(request, *args) and (user.is_superuser or user.bureau_id is not None)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        if self.bureau_field and not request.user.is_superuser:
            excluded.append(self.bureau_field)
        return excluded

    def save_model(self, request, obj, form, change):
        if self.bureau_field and not change and not request.user.is_superuser:
            setattr(obj, f"{self.bureau_field}_id", request.user.bureau_id)
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def _scope_choices(db_field, request, kwargs):
        # What a drop-down may offer is what a form of the app may offer: the admin's own bureau's rows.
        manager = restricted_manager(db_field.related_model)
        if hasattr(manager.get_queryset(), "restrict"):
            kwargs["queryset"] = manager.get_queryset().restrict(request.user, Action.CHOOSE)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk actions of third-party admins act on every bureau's rows; only deleting the chosen ones stays.
            actions = {name: action for name, action in actions.items() if name == "delete_selected"}
        return actions


class ScopedInline(admin.TabularInline):
    """An inline's rows follow its parent; its drop-downs offer the admin's own bureau's rows."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ScopedAdmin._scope_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ShownInline(admin.TabularInline):
    """Rows of a record shown with it (its `fields`, all read-only); they are changed on the record's own pages."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ScopedAdmin):
    """Rows that are evidence (answers, month closes, import jobs, attachments): shown, never edited here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
