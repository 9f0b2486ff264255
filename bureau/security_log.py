"""Security events to the `ledger.security` log: logins, failed logins, refused accesses; and who the
client is, which every limit per address asks."""

import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from ipware import get_client_ip

logger = logging.getLogger("ledger.security")

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def _from_trusted_proxy(remote: str) -> bool:
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_address(request) -> str:
    """The client's address, as the lock-out, the security log, the audit trail and the flood limits count it.

    Without a trusted proxy (TRUSTED_PROXY_COUNT = 0) it is the connecting address and X-Forwarded-For
    is ignored. Behind N trusted proxies it is the entry the N-th proxy from us appended: the entries
    before it are whatever the client chose to send, so they are never read.
    """
    if request is None:
        return "-"
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0 or not _from_trusted_proxy(remote):
        return remote
    # The proxy next to us is REMOTE_ADDR, not an entry of the header: ipware counts only the entries
    # after the client, hence one fewer. Not strict, so a client's extra entries do not void the header.
    address, _routable = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=FORWARDED_HEADERS, strict=False
    )
    return address or remote


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
