from django import template
from django.template.defaultfilters import date as format_date

register = template.Library()


@register.simple_tag
def record_attr(record, path):
    """A value by a Django lookup path such as "submitted_at__date" (dates shown as Y-m-d)."""
    value = record
    for part in path.split("__"):
        value = value() if callable(value) else value
        value = getattr(value, part, None) if part != "date" else (value.date() if value else None)
        if value is None:
            return "—"
    return format_date(value, "Y-m-d") if hasattr(value, "year") else value
