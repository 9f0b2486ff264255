"""The site-wide change log for admins: every history entry of every record type of their bureau."""

import datetime
import heapq
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.ledger.access import Action
from bureau.ledger.history import REASONS
from bureau.ledger.registry import REGISTRY, RecordType
from bureau.models import Bureau

KINDS = {"+": _("新建"), "~": _("修改"), "-": _("彻底删除")}


@dataclass
class Change:
    when: datetime.datetime
    who: object
    record_type: RecordType
    entry: object

    @property
    def action(self) -> str:
        return str(REASONS.get(self.entry.history_change_reason) or KINDS.get(self.entry.history_type, ""))

    @property
    def label(self) -> str:
        return str(self.entry.instance)


def changes_for(user, *, kind=None, user_id=None, start=None, end=None, limit=50) -> list[Change]:
    """The newest `limit` changes the user may audit, newest first: at most `limit` rows per record type."""
    bureaus = Bureau.objects.restrict(user, Action.AUDIT).values("pk")
    streams = []
    for slug, record_type in REGISTRY.items():
        if kind and slug != kind:
            continue
        history = record_type.model.history.filter(bureau_id__in=bureaus).select_related("history_user")
        if user_id:
            history = history.filter(history_user_id=user_id)
        if start:
            history = history.filter(
                history_date__gte=timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
            )
        if end:
            history = history.filter(
                history_date__lte=timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
            )
        entries = history.order_by("-history_date", "-history_id")[:limit]
        streams.append([Change(e.history_date, e.history_user, record_type, e) for e in entries])
    merged = heapq.merge(*streams, key=lambda change: change.when, reverse=True)
    return list(merged)[:limit]
