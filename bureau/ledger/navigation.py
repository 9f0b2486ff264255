"""The navigation bar: strands in a fixed order, entries added by the record types and the apps.

A record type's entry comes from its registry entry (`nav`); pages that are not record lists (the
dashboard, the workbook) are added by their app with `add`. Entries whose pages do not exist, or would
answer 403 to the user, are left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

STRANDS = {
    "study": _("学习教育"),
    "research": _("调查研究"),
    "enterprise": _("服务企业"),
    "rectification": _("检视整改"),
    "reports": _("统计报表"),
}


@dataclass(frozen=True)
class Entry:
    strand: str
    label: str
    url_name: str
    visible: Callable | None = None


ENTRIES: list[Entry] = []

# The auditor's whole navigation (their role reads nothing of the ledger itself).
AUDITOR_NAVIGATION = [(_("审计"), [(_("审计日志"), "bureau:audit-trail"), (_("全站修改记录"), "ledger:change-log")])]


def add(strand: str, label, url_name: str, visible: Callable | None = None) -> None:
    if strand not in STRANDS:
        raise ValueError(f"no such strand {strand!r}; one of {sorted(STRANDS)}")
    if not any(entry.url_name == url_name for entry in ENTRIES):
        ENTRIES.append(Entry(strand, label, url_name, visible))


def _links(user, entries):
    links = []
    for label, url_name in entries:
        try:
            links.append({"label": label, "url": reverse(url_name)})
        except NoReverseMatch:
            continue
    return links


def navigation_for(user) -> list[dict]:
    if user.is_auditor:
        groups = AUDITOR_NAVIGATION
    else:
        groups = [
            (
                label,
                [
                    (entry.label, entry.url_name)
                    for entry in ENTRIES
                    if entry.strand == strand and (entry.visible is None or entry.visible(user))
                ],
            )
            for strand, label in STRANDS.items()
        ]
    return [{"label": label, "links": links} for label, entries in groups if (links := _links(user, entries))]
