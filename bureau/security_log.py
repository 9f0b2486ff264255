"""Security events to the `ledger.security` log: logins, failed logins, refused accesses."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("ledger.security")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    logger.info("login user=%s addr=%s", user.username, client_address(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    logger.info("logout user=%s addr=%s", getattr(user, "username", "-"), client_address(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    logger.warning("login failed user=%s addr=%s", credentials.get("username", "-"), client_address(request))


def refused(request, status: int, reason: str = ""):
    user = getattr(request, "user", None)
    name = user.username if user is not None and user.is_authenticated else "anonymous"
    logger.warning(
        "refused status=%s user=%s addr=%s path=%s %s", status, name, client_address(request), request.path, reason
    )
