"""Demo targets: what the bureau set out to reach in the campaign."""

from .models import Target

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
