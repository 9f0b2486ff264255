"""Protections of the public answer pages: who the client is, floods, and answering once.

No cache is configured and several server processes may run, so the flood limit counts the client's
recent responses in the database. The client is known only by a keyed hash of its address.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from bureau.security_log import client_address

from .models import Response

ANSWERED_COOKIE_SALT = "surveys.answered"
ANSWERED_COOKIE_AGE = 365 * 24 * 3600


def client_key(request) -> str:
    # The same client as the lock-out and the security log see (behind a trusted proxy, the real one).
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def too_many_responses(key: str, now: datetime.datetime | None = None) -> bool:
    # Count, then insert: two requests racing may both pass at the limit, so a burst can overshoot
    # by the number of server processes. Good enough to stop a flood; no lock is worth that cost.
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    return Response.objects.from_client_since(key, since).count() >= settings.SURVEY_RESPONSES_PER_CLIENT_PER_HOUR


def _cookie_name(questionnaire) -> str:
    return f"answered_{questionnaire.pk}"


def has_answered(request, questionnaire) -> bool:
    value = request.get_signed_cookie(_cookie_name(questionnaire), default=None, salt=ANSWERED_COOKIE_SALT)
    return value == "1"


def mark_answered(http_response, questionnaire) -> None:
    """Remember on the phone that it answered, so a second tap on 提交 or a reload does not answer twice."""
    http_response.set_signed_cookie(
        _cookie_name(questionnaire),
        "1",
        salt=ANSWERED_COOKIE_SALT,
        max_age=ANSWERED_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
