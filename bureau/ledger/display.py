"""How a field's value reads to a user: choice labels, names, 是/否, dates. One place for every page,
the history, the exports and the workbooks.

`text` is what a page shows; `cell_value` is the same reading for a spreadsheet cell, where dates and
numbers stay dates and numbers so that they sort and sum.
"""

import datetime
from functools import cache

from django.template.defaultfilters import date as format_date
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

EMPTY = "—"
LIST_SEPARATOR = "、"


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


@cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


def cell_value(field, value):
    """The value as a user reads it, dates and numbers kept as they are; None and "" become ""."""
    if value is None or value == "":
        return ""
    if field is not None:
        if field.many_to_many:
            return LIST_SEPARATOR.join(str(item) for item in value.all())
        if field.choices:
            return str(_choice_labels(field).get(value, value))
        if field.is_relation:
            return str(value)
    if isinstance(value, bool):
        return yes_no(value)
    return value


def text(field, value) -> str:
    """The value as a page shows it: "—" when empty, dates as 2019-11-05, datetimes in local time."""
    value = cell_value(field, value)
    if value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        return format_date(localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return format_date(value, "Y-m-d")
    return localize(value) if isinstance(value, int | float) else str(value)


def field_text(record, name: str) -> str:
    return text(record._meta.get_field(name), getattr(record, name))
