"""How departments and people close off their work items: on time, how fast, and what is overdue.

Outcomes only (DESIGN §5, the 基层减负 rules): nobody is ranked by how much they record or how often
they sign in. The closed-off items of a period and the items overdue today come from the catalogue's
own outcome indicators, so these tables agree with the figures above them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.ledger.registry import work_item_types
from bureau.models import Bureau, Department, User

from .indicators import CATALOGUE
from .selectors import Scope, period_q


@dataclass
class Outcome:
    name: str
    closed: int = 0
    on_time: int = 0
    days: int = 0
    overdue: int = 0
    key: object = None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.closed, 1) if self.closed else None

    @property
    def average_days(self) -> float | None:
        return round(self.days / self.closed, 1) if self.closed else None

    def rank_key(self):
        # Best first: the higher on-time rate (none closed ranks last), fewer overdue, faster.
        rate = -1 if self.on_time_rate is None else self.on_time_rate
        return (-rate, self.overdue, self.average_days or 0, self.name)


def outcomes_by(scope: Scope, period: tuple[datetime.date, datetime.date], today=None) -> dict[str, list[Outcome]]:
    """{"department": rows, "owner": rows, "bureau": rows}: one ranked row per department, responsible person
    and bureau.

    One grouped query per kind of work item for the closed-off ones and one for the overdue ones."""
    today = today or timezone.localdate()
    found = {group: defaultdict(lambda: Outcome("")) for group in GROUPS}
    for rate in (indicator for indicator in CATALOGUE if indicator.measure == "on_time_rate"):
        timing = BY_AVERAGE[rate.model]
        parts = {"on_time": rate.aggregates(Q())["n"], "closed": Count("pk"), "days": timing.aggregates(Q())["n"]}
        closed = rate.model_class._default_manager.filter(scope.q_for(rate), rate.condition, period_q(rate, period))
        for *keys, on_time, count, days in closed.order_by().values_list(*GROUPS).annotate(**parts):
            for group, key in zip(GROUPS, keys, strict=True):
                found[group][key].closed += count
                found[group][key].on_time += on_time
                found[group][key].days += round(days.total_seconds() / 86400) if days else 0
    for record_type in work_item_types():
        overdue = scope.covers(record_type.model.objects.overdue(today)).order_by().values_list(*GROUPS)
        for *keys, n in overdue.annotate(n=Count("pk")):
            for group, key in zip(GROUPS, keys, strict=True):
                found[group][key].overdue += n
    ranked = {}
    for group, rows in found.items():
        names = _names(scope, group, [key for key in rows if key])
        for key, outcome in rows.items():
            outcome.key = key
            outcome.name = names.get(key, _("未填科室") if group == "department" else "?")
        ranked[group] = sorted(rows.values(), key=Outcome.rank_key)
    return ranked


GROUPS = ("department", "owner", "bureau")
BY_AVERAGE = {indicator.model: indicator for indicator in CATALOGUE if indicator.measure == "average_days"}


def _names(scope: Scope, group: str, keys) -> dict:
    if group == "department":
        departments = Department.objects.filter(pk__in=keys).select_related("bureau")
        return {d.pk: f"{d.bureau} · {d.name}" if scope.rolls_up else d.name for d in departments}
    if group == "bureau":
        return {bureau.pk: bureau.name for bureau in Bureau.objects.filter(pk__in=keys)}
    return {user.pk: str(user) for user in User.objects.filter(pk__in=keys)}
