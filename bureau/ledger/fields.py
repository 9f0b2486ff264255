"""Field shapes several models share."""

from django.conf import settings
from django.db import models


def optional_reference(to, verbose_name, *, on_delete=models.PROTECT, related_name="+", **options):
    """A reference a row may leave empty (the bureau a report went to, the step evidence was given with)."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=on_delete, related_name=related_name, **options
    )


def person(verbose_name, *, optional=False, on_delete=models.PROTECT, **options) -> models.ForeignKey:
    """A user named on a row (who recorded it, its 责任人, who uploaded it). No reverse accessor on the user:
    nothing reads "everything this person is named on" through it. `optional`: the row may name nobody."""
    if optional:
        return optional_reference(settings.AUTH_USER_MODEL, verbose_name, on_delete=on_delete, **options)
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=on_delete, related_name="+", **options
    )


def acting_user(verbose_name, **options) -> models.ForeignKey:
    """Who did something to a record (deleted it, verified it, discarded it): set by the app, never typed in."""
    return person(verbose_name, optional=True, editable=False, **options)
