"""A list's filtered rows, every page of them: as a workbook in the type's columns (so it imports again), and
as a page to print (the table, a title, the filters applied, the date).

Both are the type's own list view with another ending: the filters, the scope and the order are the list's,
by construction (`exporting(list_view)`, `printing(list_view)`).
"""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import audit
from bureau.ledger import display
from bureau.ledger.columns import columns_for, related_names, shared_names
from bureau.ledger.excel import add_table, new_workbook, xlsx_response
from bureau.models import AuditAction

EXPORT_CHUNK = 2000


def filters_applied(filterset) -> list[tuple[str, str]]:
    """(label, value) of each filter a list is narrowed by, as a user chose it (the print header, the audit)."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    applied = []
    for name, value in filterset.form.cleaned_data.items():
        if value is None or value == "":
            continue
        form_field = filterset.form.fields[name]
        if isinstance(value, bool):
            shown = display.yes_no(value)
        elif getattr(form_field, "choices", None) is not None and not hasattr(value, "pk"):
            shown = str({str(key): label for key, label in form_field.choices}.get(str(value), value))
        else:
            shown = display.text(None, value)
        applied.append((str(form_field.label), shown))
    return applied


class _FilteredRows:
    """Runs the list view's filtering without its pagination; a bad filter is the list's 400 page."""

    def filtered(self, request):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.object_list = self.filterset.queryset.none()
            context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
            response = self.render_to_response(context)
            response.status_code = 400
            return None, response
        return self.filterset.qs, None


class ListExportMixin(_FilteredRows):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        rows, refused = self.filtered(request)
        if refused is not None:
            return refused
        record_type = self.record_type
        columns = columns_for(record_type, request.user)
        select, prefetch = related_names(columns)
        queryset = rows.select_related(*select).prefetch_related(*prefetch)
        shared = shared_names(record_type, request.user, columns)
        title = str(record_type.opts.verbose_name_plural)
        workbook = new_workbook()
        add_table(
            workbook,
            title,
            [column.label for column in columns],
            (
                [column.value(record, shared.get(column.name, frozenset())) for column in columns]
                for record in queryset.iterator(chunk_size=EXPORT_CHUNK)
            ),
        )
        applied = "；".join(f"{label}：{value}" for label, value in filters_applied(self.filterset))
        audit.record(AuditAction.EXPORT, request=request, target=f"{title}（{applied or _('全部')}）")
        return xlsx_response(workbook, f"{title}.xlsx")


class ListPrintMixin(_FilteredRows):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        from bureau.ledger.record_views import list_columns

        rows, refused = self.filtered(request)
        if refused is not None:
            return refused
        limit = settings.PRINT_MAX_ROWS
        records = list(rows[: limit + 1])
        columns = list_columns(self.record_type)
        table = [[_cell(record, name) for name, _label in columns] for record in records[:limit]]
        context = {
            "title": self.record_type.opts.verbose_name_plural,
            "bureau": request.user.bureau,
            "columns": [label for _name, label in columns],
            "rows": table,
            "more": len(records) > limit,
            "limit": limit,
            "filters": filters_applied(self.filterset),
            "printed_at": timezone.localtime(),
            "list_url": self.record_type.url("list"),
            "query": request.GET.urlencode(),
        }
        return render(request, "ledger/print.html", context)


def _cell(record, name) -> str:
    return record.get_warning_display() if name == "warning" else display.field_text(record, name)


def exporting(list_view):
    return type(f"{list_view.__name__}Export", (ListExportMixin, list_view), {})


def printing(list_view):
    return type(f"{list_view.__name__}Print", (ListPrintMixin, list_view), {})
