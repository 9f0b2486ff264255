"""Closed months: once a month's report is submitted, records dated in it are frozen.

The months are closed by the reports app, which registers its check here at start-up; the record
models ask `is_locked` without knowing about reports (apps depend on bureau, not the reverse).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from bureau.ledger.month import Month

_checkers = []


def register(checker):
    """`checker(bureau_id, day) -> bool`: True when that bureau's month of `day` is closed."""
    _checkers.append(checker)


def is_locked(bureau_id, day) -> bool:
    if bureau_id is None or day is None:
        return False
    return any(checker(bureau_id, day) for checker in _checkers)


def locked_message(day) -> str:
    return _("%(month)s 的月报已报送，该月的记录已锁定，不能新增、修改或删除。如需更正，请局领导先重新打开该月。") % {
        "month": Month.of(day)
    }


def refuse_if_locked(record):
    """For deletes and restores: a 403 with the reason."""
    for day in sorted(record.lock_dates()):
        if is_locked(record.bureau_id, day):
            raise PermissionDenied(locked_message(day))


def refuse_if_attachments_locked(record):
    """A record's photos and sheets are part of what happened in its month: a close locks them too."""
    fact_dates = getattr(record, "fact_dates", set)
    for day in sorted(fact_dates()):
        if is_locked(record.bureau_id, day):
            raise PermissionDenied(locked_message(day))
