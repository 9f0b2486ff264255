from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone

register = template.Library()


@register.simple_tag
def record_attr(record, path):
    """A value by a Django lookup path such as "submitted_at__date" (dates shown as Y-m-d)."""
    first, *rest = path.split("__")
    value = getattr(record, first, None)
    for part in rest:
        if value is None:
            break
        value = timezone.localtime(value).date() if part == "date" else getattr(value, part, None)
    if value is None:
        return "—"
    return format_date(value, "Y-m-d") if hasattr(value, "year") else value
