"""What the leaders' dashboard shows besides the indicator cards: breakdowns and warnings."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from bureau.models import Department, User
from campaigns.models import BLUE_WARNING_DAYS, PlanTask, Rectification
from enterprises.models import EnterpriseIssue

from .exporters.monthly import campaign_record_types
from .selectors import Scope


def breakdowns(scope: Scope, period: tuple[datetime.date, datetime.date]) -> dict:
    """Records per department and per staff member in the period, over every activity type.

    One grouped query per record type, however many records."""
    by_department, by_person = Counter(), Counter()
    start, end = period
    for record_type in campaign_record_types():
        model = record_type.model
        queryset = scope.covers(model.objects.all()).filter(
            **{f"{model.date_field}__gte": start, f"{model.date_field}__lte": end}
        )
        pairs = queryset.order_by().values_list("department_id", "recorded_by_id").annotate(n=Count("pk"))
        for department_id, user_id, n in pairs:
            by_department[department_id] += n
            by_person[user_id] += n
    departments = {
        department.pk: f"{department.bureau} · {department.name}" if scope.rolls_up else department.name
        for department in Department.objects.filter(pk__in=[k for k in by_department if k]).select_related("bureau")
    }
    people = {u.pk: str(u) for u in User.objects.filter(pk__in=list(by_person))}
    return {
        "departments": [(departments.get(k, "未填科室"), n) for k, n in by_department.most_common()],
        "people": [(people.get(k, "?"), n) for k, n in by_person.most_common(15)],
    }


def warnings(scope: Scope, today: datetime.date | None = None, limit: int = 30) -> list:
    """Open items due within 7 days or overdue, soonest first: plan tasks, rectifications, enterprise problems."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=BLUE_WARNING_DAYS)
    due = {"deadline__lte": horizon}
    items = [
        *scope.covers(PlanTask.objects.open()).filter(**due).select_related("owner").order_by("deadline")[:limit],
        *scope.covers(Rectification.objects.open()).filter(**due).select_related("owner").order_by("deadline")[:limit],
        *scope.covers(EnterpriseIssue.objects.open())
        .filter(**due)
        .select_related("owner", "enterprise")
        .order_by("deadline")[:limit],
    ]
    items.sort(key=lambda item: item.deadline)
    return [Warning(item, str(item._meta.verbose_name)) for item in items if item.warning]


@dataclass
class Warning:
    item: object
    kind_label: str

    def __getattr__(self, name):
        return getattr(self.item, name)

    def __str__(self):
        return str(self.item)
