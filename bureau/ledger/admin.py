"""The ledger's records in the Django admin: read and listed inside the access model, changed only in the app."""

from importlib import import_module

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from bureau.ledger import display
from bureau.ledger.access import Action
from bureau.ledger.admin_site import ReadOnlyAdmin, ScopedAdmin
from bureau.ledger.attachments import Attachment
from bureau.ledger.jobs import ImportJob
from bureau.ledger.period_locks import is_locked
from bureau.ledger.registry import REGISTRY


class ReadableHistoryContext(HistoricalRecordContextHelper):
    """The admin's list of changes reads values as the app's pages do: choice labels, 是/否, names, dates."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return display.text(field, value)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Old versions are shown for the rows one may read; reverting is the app's 恢复到此版本, with its rules."""

    object_history_list_template = "admin/ledger/history_list.html"
    object_history_form_template = "admin/ledger/history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryContext(self.model, historical_record)

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


def record_admin(record_type, base=RecordAdmin) -> type:
    """The admin page of a record type, from its registry entry: its list's columns, choices and search.

    `base` may add what a type needs beyond that (inlines); what it sets itself is kept.
    """
    fields = {f.name: f for f in record_type.opts.get_fields()}
    filters = [
        name
        for name in record_type.filterset_class._meta.fields
        if getattr(fields.get(name), "choices", None) or isinstance(fields.get(name), models.BooleanField)
    ]
    if "campaign" in fields:
        filters.append("campaign")
    defaults = {
        # The admin cannot show a to-many field in a column; the app's list can.
        "list_display": (
            *(
                name
                for name in record_type.list_columns
                # The colour is a list's column, not a field (the admin only reads the records anyway).
                if name in fields and not fields[name].many_to_many
            ),
            "deleted_at",
        ),
        "list_filter": tuple(filters) or RecordAdmin.list_filter,
        "search_fields": record_type.filterset_class.search_fields,
    }
    date_field = getattr(record_type.model, "date_field", None)
    if isinstance(fields.get(date_field), models.DateField):
        defaults["date_hierarchy"] = date_field
    own = {name: value for name, value in defaults.items() if name not in base.__dict__}
    own["__module__"] = f"{record_type.app_label}.admin"
    return type(f"{record_type.opts.object_name}Admin", (base,), own)


def register_record_types(app_label: str, bases=None, site=None) -> None:
    """Register each of an app's record types with the admin; `bases` maps a model to its extra admin class."""
    import_module(f"{app_label}.record_types")
    site = site or admin.site
    for record_type in REGISTRY.values():
        if record_type.app_label == app_label:
            site.register(
                record_type.model, record_admin(record_type, (bases or {}).get(record_type.model, RecordAdmin))
            )
