"""Showing a record's field the way a user reads it: choice labels, names, dates, 是/否."""

from django import template

from bureau.ledger import display

register = template.Library()


@register.simple_tag
def field_value(record, name):
    return display.field_text(record, name)


@register.filter
def warning_class(warning):
    return {"red": "text-bg-danger", "yellow": "text-bg-warning", "blue": "text-bg-primary"}.get(warning or "", "")


@register.simple_tag
def record_url(record_type, action, *args):
    """A record type's page, e.g. {% record_url record_type 'edit' record.pk %}."""
    return record_type.url(action, *args)
