"""The audit trail (审计日志, 等保2.0): logins, failures, refusals, account and permission changes, exports,
imports and month closes, kept in the database as a hash chain.

    record(AuditAction.EXPORT, request=request, target="月报 2019-11")

Each entry's hash is an HMAC (keyed with AUDIT_KEY, by default SECRET_KEY) over its own fields and the
previous entry's hash, so an entry changed in the database no longer matches its hash, a removed entry
leaves a gap in the numbers or a broken link, and forging a consistent chain needs the key as well as
the database. `python manage.py verify_audit` walks the chain.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.models import AuditAction, AuditChain, AuditEvent
from bureau.security_log import client_address

__all__ = ["AuditAction", "record", "verify_chain"]


def _key() -> bytes:
    return (getattr(settings, "AUDIT_KEY", "") or settings.SECRET_KEY).encode()


def entry_hash(event: AuditEvent) -> str:
    fields = [
        str(event.seq),
        event.at.isoformat(),
        str(event.bureau_id or ""),
        str(event.user_id or ""),
        event.username,
        event.address,
        event.action,
        event.target,
        event.detail,
        event.prev_hash,
    ]
    return hmac.new(_key(), "\x1f".join(fields).encode(), hashlib.sha256).hexdigest()


def current_request():
    """The request being served, if any (django-simple-history's middleware keeps it for its own rows)."""
    return getattr(HistoricalRecords.context, "request", None)


def record(action, *, request=None, user=None, username=None, bureau_id=None, target="", detail="") -> AuditEvent:
    """Append one entry. Who and from where come from `request` (or the request being served)."""
    request = request or current_request()
    if user is None and request is not None and getattr(request.user, "is_authenticated", False):
        user = request.user
    if bureau_id is None and user is not None:
        bureau_id = user.bureau_id
    event = AuditEvent(
        at=timezone.now(),
        bureau_id=bureau_id,
        user=user if user is not None and user.pk else None,
        username=(username if username is not None else getattr(user, "username", ""))[:150],
        address=client_address(request)[:64] if request is not None else "",
        action=action,
        target=str(target)[:300],
        detail=str(detail),
    )
    # Short: the head row stays locked until the surrounding transaction ends.
    with transaction.atomic():
        if not AuditChain.objects.filter(pk=1).update(seq=F("seq") + 1):
            # Made by a migration; made again only after a test flushed the tables.
            AuditChain.objects.get_or_create(pk=1)
            AuditChain.objects.filter(pk=1).update(seq=F("seq") + 1)
        head = AuditChain.objects.get(pk=1)
        event.seq, event.prev_hash = head.seq, head.hash
        event.hash = entry_hash(event)
        event.save()
        head.hash = event.hash
        head.save(update_fields=["hash"])
    return event


@dataclass
class ChainProblem:
    seq: int | None
    message: str

    def __str__(self):
        return f"#{self.seq}: {self.message}" if self.seq is not None else self.message


def verify_chain() -> tuple[int, list[ChainProblem]]:
    """(entries checked, problems): changed entries, missing ones and a head that does not match the end."""
    problems: list[ChainProblem] = []
    expected_seq, previous_hash, checked = 1, "", 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        checked += 1
        if event.seq != expected_seq:
            missing = f"{expected_seq}" if event.seq == expected_seq + 1 else f"{expected_seq}–{event.seq - 1}"
            problems.append(ChainProblem(expected_seq, f"缺失 missing: entries {missing}"))
        elif event.prev_hash != previous_hash:
            problems.append(ChainProblem(event.seq, "与前一条不衔接 broken link to the previous entry"))
        if entry_hash(event) != event.hash:
            problems.append(ChainProblem(event.seq, "内容已被修改 changed after it was written"))
        expected_seq, previous_hash = event.seq + 1, event.hash
    head = AuditChain.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is None and checked:
        problems.append(ChainProblem(None, "日志链头缺失 the chain's head row is missing"))
    elif head is not None and (head.seq != last_seq or head.hash != previous_hash):
        problems.append(
            ChainProblem(None, f"日志末尾缺失 entries after #{last_seq} are missing (the chain ends at #{head.seq})")
        )
    return checked, problems
