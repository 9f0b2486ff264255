"""Field shapes several models share."""

from django.conf import settings
from django.db import models


def acting_user(verbose_name, **options) -> models.ForeignKey:
    """Who did something to a record (deleted it, verified it, discarded it): set by the app, never typed in."""
    options = {"null": True, "blank": True, "editable": False, **options}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=models.PROTECT, related_name="+", **options
    )
