"""A cap on failed logins per address across all accounts, beside django-axes' lock-out per username
and address (AXES_LOCKOUT_PARAMETERS). Axes alone lets one machine try a few passwords on every account;
this handler also refuses an address with LOGIN_MAX_FAILURES_PER_ADDRESS failures in the last
LOGIN_ADDRESS_WINDOW_MINUTES, whatever usernames it tried. A success does not clear the count, so one
known password does not buy more guesses at the others.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessFailureLog
from django.conf import settings
from django.utils import timezone


def address_failures(ip_address: str | None) -> int:
    if not ip_address:
        return 0
    since = timezone.now() - datetime.timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    return AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gte=since).count()


def address_is_capped(request) -> bool:
    return address_failures(getattr(request, "axes_ip_address", None)) >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS


class LedgerAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the cap per address (the lock-out page says which one applied)."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if request is not None and address_is_capped(request):
            request.login_address_capped = True
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and address_is_capped(request):
            request.login_address_capped = True
            request.axes_locked_out = True
            request.axes_credentials = credentials
