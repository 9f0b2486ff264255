"""The columns of a record type's sheet: the fields a user entered on its form, the other facts the
record holds (a visit's subject, say), then who recorded it and when."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.ledger import display

# Kept by the app itself, or the same for every row of one workbook.
NOT_EXPORTED = {"id", "bureau", "campaign", "recorded_by", "created_at", "updated_at", "deleted_at", "deleted_by"}


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    field: models.Field | None = None

    def value(self, record):
        if self.name == "recorded_by":
            return str(record.recorded_by)
        if self.name == "created_at":
            return record.created_at
        return display.cell_value(self.field, getattr(record, self.name))


def _column(model_field) -> Column:
    return Column(model_field.name, str(model_field.verbose_name), model_field)


def columns_for(record_type) -> list[Column]:
    model = record_type.model
    names = [n for n in (record_type.form_class._meta.fields or []) if n not in NOT_EXPORTED]
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if model_field.name not in names and model_field.name not in NOT_EXPORTED and model_field.editable:
            names.append(model_field.name)
    columns = [_column(model._meta.get_field(name)) for name in names]
    columns.append(Column("recorded_by", str(_("录入人"))))
    columns.append(Column("created_at", str(_("录入时间"))))
    return columns


def related_names(record_type) -> tuple[list[str], list[str]]:
    """select_related and prefetch_related names that make a sheet's rows cost no extra queries.

    A related record's own name may read further relations (a visit is named after its enterprise):
    models list those in `str_select_related`."""
    select, prefetch = ["recorded_by"], []
    for column in columns_for(record_type):
        column_field = column.field
        if column_field is None:
            continue
        if column_field.many_to_many:
            prefetch.append(column_field.name)
        elif column_field.is_relation:
            select.append(column_field.name)
            for further in getattr(column_field.related_model, "str_select_related", ()):
                select.append(f"{column_field.name}__{further}")
    return select, prefetch
