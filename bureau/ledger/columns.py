"""A record type's columns, in one place: the import template, the importer, the list's export and the
monthly workbook's sheet all read `columns_for`, so what is exported imports again.

The columns are the form's fields in form order (what a user enters: the import columns), then the other
facts the record holds (a work item's state, say), then who recorded it and when. The importer accepts
those last columns in a file and ignores them: an exported sheet goes back in as it is.

A form field that is not a model field names where its value lives in `exported_from` on the form class,
e.g. a research visit's 对象名称 is `subject__name`.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.ledger import display

# Kept by the app itself, or the same for every row of one workbook.
NOT_EXPORTED = {"id", "bureau", "recorded_by", "created_at", "updated_at", "deleted_at", "deleted_by"}
# Upload fields and the form's bookkeeping: no column.
SKIPPED_FIELDS = {"attachment_files", "attachment_kind", "opened_version", "submission_token"}
RECORDED = (("recorded_by", _("录入人")), ("created_at", _("录入时间")))


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    field: models.Field | None = None  # the model field whose value the cell holds (at the end of `path`)
    path: tuple[str, ...] = ()  # attributes to follow from the record, e.g. ("subject", "name")
    imported: bool = True

    def value(self, record, shared: frozenset[str] = frozenset()):
        """The cell: a choice's label, a related row's name, dates as dates — what the importer reads back.

        A related row whose name is among `shared` (borne by another choice too: `shared_names`) is written
        with what tells it apart, `qualified_name`, which the importer reads as well."""
        if self.name == "recorded_by":
            return str(record.recorded_by)
        if self.name == "created_at":
            return record.created_at
        value = record
        for name in self.path:
            value = getattr(value, name, None)
            if value is None:
                return ""
        if shared and self.field is not None and self.field.is_relation:
            if self.field.many_to_many:
                return display.LIST_SEPARATOR.join(_told_apart(item, shared) for item in value.all())
            return _told_apart(value, shared)
        return display.cell_value(self.field, value)


def qualified_name(obj) -> str | None:
    """`obj`'s name with what tells it from others of the same name: a person's user name (张伟（zhangwei）),
    an enterprise's credit code, a record's date (a questionnaire run each month under one title). The
    importer accepts it wherever it accepts the name."""
    for key in ("username", "credit_code"):
        value = getattr(obj, key, None)
        if value:
            return f"{obj}（{value}）"
    date_field = getattr(obj, "date_field", None)
    day = getattr(obj, date_field, None) if date_field else None
    return f"{obj}（{day:%Y-%m-%d}）" if day else None


def _told_apart(obj, shared) -> str:
    name = str(obj)
    return (qualified_name(obj) or name) if name in shared else name


def shared_names(record_type, user, columns: list[Column]) -> dict[str, frozenset[str]]:
    """For each reference column, the names more than one of the user's choices bear (two colleagues both
    called 张伟): an export writes those qualified, so that its rows import again. One query a column."""
    form = record_type.form_class(user=user)
    shared = {}
    for column in columns:
        form_field = form.fields.get(column.name)
        if not column.imported or not isinstance(form_field, forms.ModelChoiceField):
            continue
        queryset = form_field.queryset
        queryset = queryset.select_related(*getattr(queryset.model, "str_select_related", ()))
        counts = Counter(str(obj) for obj in queryset)
        shared[column.name] = frozenset(name for name, n in counts.items() if n > 1)
    return shared


def _model_column(model, name, label=None, imported=True) -> Column:
    model_field = model._meta.get_field(name)
    return Column(name, str(label or model_field.verbose_name), model_field, (name,), imported)


def _related_column(model, name, label, path: str) -> Column:
    names = tuple(path.split("__"))
    current = model
    for step in names[:-1]:
        current = current._meta.get_field(step).related_model
    return Column(name, str(label), current._meta.get_field(names[-1]), names)


def columns_for(record_type, user=None, *, with_campaign=True) -> list[Column]:
    """Every column of the type's sheet. `with_campaign=False` leaves out 主题教育 (the monthly workbook is
    one campaign's); the form is asked with `user`, whose choices it may narrow."""
    from bureau.models import User

    model, form_class = record_type.model, record_type.form_class
    # Without a user (a workbook built for a scope), an account of no bureau: the columns, not the choices.
    form = form_class(user=user or User())
    exported_from = getattr(form_class, "exported_from", {})
    columns = []
    for name, form_field in form.fields.items():
        if name in SKIPPED_FIELDS or (name == "campaign" and not with_campaign):
            continue
        if name in exported_from:
            columns.append(_related_column(model, name, form_field.label, exported_from[name]))
        else:
            columns.append(_model_column(model, name, form_field.label))
    entered = (
        {c.name for c in columns} | set(exported_from.values()) | {p.split("__")[0] for p in exported_from.values()}
    )
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        name = model_field.name
        if name in entered or name in NOT_EXPORTED or name == "campaign" or not model_field.editable:
            continue
        columns.append(_model_column(model, name, imported=False))
    columns += [Column(name, str(label), imported=False) for name, label in RECORDED]
    return columns


def import_columns(record_type, user=None) -> list[Column]:
    return [column for column in columns_for(record_type, user) if column.imported]


def related_names(columns: list[Column]) -> tuple[list[str], list[str]]:
    """select_related and prefetch_related names that make a sheet's rows cost no extra queries.

    A related record's own name may read further relations (a visit is named after its enterprise):
    models list those in `str_select_related`."""
    select, prefetch = ["recorded_by"], []
    for column in columns:
        if column.field is None:
            continue
        if len(column.path) > 1:
            select.append("__".join(column.path[:-1]))
        if column.field.many_to_many:
            prefetch.append("__".join(column.path))
        elif column.field.is_relation:
            joined = "__".join(column.path)
            select.append(joined)
            select += [
                f"{joined}__{further}" for further in getattr(column.field.related_model, "str_select_related", ())
            ]
    return list(dict.fromkeys(select)), list(dict.fromkeys(prefetch))
