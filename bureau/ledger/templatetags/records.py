"""Showing a record's field the way a user reads it: choice labels, names, dates, 是/否."""

import datetime

from django import template
from django.db import models
from django.template.defaultfilters import date as format_date
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def field_value(record, name):
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return getattr(record, f"get_{name}_display")()
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return format_date(localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return format_date(value, "Y-m-d")
    if isinstance(field, models.ManyToManyField):
        return "、".join(str(item) for item in value.all()) or "—"
    return localize(value) if isinstance(value, int | float) else str(value)


@register.filter
def warning_class(warning):
    return {"red": "text-bg-danger", "yellow": "text-bg-warning", "blue": "text-bg-primary"}.get(warning or "", "")


@register.simple_tag
def record_url(record_type, action, *args):
    """A record type's page, e.g. {% record_url record_type 'edit' record.pk %}."""
    return record_type.url(action, *args)
