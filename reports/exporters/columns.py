"""The columns of a record type's sheet: the fields a user entered on its form, then who and when."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


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
        field = self.field
        raw = getattr(record, self.name)
        if field is None:
            return raw
        if field.many_to_many:
            return "、".join(str(item) for item in raw.all())
        if field.choices:
            return getattr(record, f"get_{self.name}_display")() if raw not in (None, "") else ""
        if field.is_relation:
            return str(raw) if raw is not None else ""
        return raw


def columns_for(record_type) -> list[Column]:
    form_fields = record_type.form_class._meta.fields or []
    model = record_type.model
    columns = []
    for name in form_fields:
        if name == "campaign":
            continue  # one workbook is one campaign
        field = model._meta.get_field(name)
        columns.append(Column(name, str(field.verbose_name), field))
    columns.append(Column("recorded_by", str(_("录入人"))))
    columns.append(Column("created_at", str(_("录入时间"))))
    return columns


def related_names(record_type) -> tuple[list[str], list[str]]:
    """select_related and prefetch_related names that make a sheet's rows cost no extra queries."""
    select, prefetch = ["recorded_by"], []
    for column in columns_for(record_type):
        field = column.field
        if field is None:
            continue
        if field.many_to_many:
            prefetch.append(field.name)
        elif field.is_relation:
            select.append(field.name)
    return select, prefetch
