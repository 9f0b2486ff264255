"""Demo targets (what the bureaus set out to reach) and the counties' first monthly reports to the city."""

import datetime

from django.utils import timezone

from bureau.ledger.month import Month

from . import services, submissions
from .models import MonthClose, Target

TARGETS = {
    "study.central_group": 8,
    "study.collective": 12,
    "study.seminar": 2,
    "research.enterprises": 60,
    "research.departments": 5,
    "research.people_visited": 100,
    "research.suggestions": 30,
    "research.reports": 4,
    "enterprise.issues_resolved": 40,
    "applications.national_high_tech": 8,
    "applications.provincial_sme": 10,
    "cooperation.agreements": 5,
    "rectification.done": 8,
    "plan.tasks_done": 9,
}


def load(context):
    for key, value in TARGETS.items():
        Target.objects.get_or_create(campaign=context["campaign"], indicator=key, defaults={"value": value})
    # The neighbour county set smaller targets; the city's are what it expects of both counties together.
    for key, value in NEIGHBOUR_TARGETS.items():
        Target.objects.get_or_create(campaign=context["neighbour_campaign"], indicator=key, defaults={"value": value})
    for key, value in TARGETS.items():
        city_value = value + NEIGHBOUR_TARGETS.get(key, 0)
        Target.objects.get_or_create(campaign=context["city_campaign"], indicator=key, defaults={"value": city_value})
    _report_upward(context)


def _at(year, month, day, hour=16):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 30))


def _report_upward(context):
    """青田 reported September and October on time and both were accepted; the neighbour county reported
    September late, and its October report was returned and came back corrected, accepted at last."""
    if MonthClose.objects.filter(parent=context["city"]).exists():
        return  # loaded before
    county, neighbour = context["campaign"], context["neighbour_campaign"]
    leader, neighbour_leader = context["users"]["leader"], context["neighbour_users"]["county2"]
    city_leader = context["city_users"]["city"]
    september, october = Month(2019, 9), Month(2019, 10)

    report = services.close_month(county, september, leader, at=_at(2019, 10, 4))
    submissions.accept(report, city_leader, at=_at(2019, 10, 8, 10))
    report = services.close_month(county, october, leader, at=_at(2019, 11, 4))
    submissions.accept(report, city_leader, at=_at(2019, 11, 6, 9))

    report = services.close_month(neighbour, september, neighbour_leader, at=_at(2019, 10, 9))
    submissions.accept(report, city_leader, at=_at(2019, 10, 10, 11))
    report = services.close_month(neighbour, october, neighbour_leader, at=_at(2019, 11, 3))
    reason = "企业走访次数与走访明细不一致，请核对后重新报送。"
    submissions.return_report(report, city_leader, reason, at=_at(2019, 11, 5, 9))
    report = services.close_month(neighbour, october, neighbour_leader, at=_at(2019, 11, 7))
    submissions.accept(report, city_leader, at=_at(2019, 11, 8, 10))


NEIGHBOUR_TARGETS = {
    "study.central_group": 6,
    "study.collective": 8,
    "study.seminar": 2,
    "research.enterprises": 12,
    "research.departments": 3,
    "research.suggestions": 12,
    "research.reports": 2,
    "enterprise.issues_resolved": 6,
    "applications.national_high_tech": 2,
    "cooperation.agreements": 1,
    "rectification.done": 3,
}
