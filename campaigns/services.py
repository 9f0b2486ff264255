"""Reads and multi-model writes of the campaigns app."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from bureau.ledger.access import Action

from .choices import StudyKind
from .models import Campaign, PlanTask, PlanTaskQuerySet, Rectification, RectificationQuerySet, StudySession


def home_summary(user) -> dict:
    """What the signed-in home page shows: the active campaign, its study counts and what needs attention."""
    campaign = Campaign.objects.active_for_bureau(user.bureau_id) if user.bureau_id else None
    if campaign is None:
        return {"campaign": None}
    today = timezone.localdate()
    sessions = StudySession.objects.restrict(user, Action.VIEW).filter(campaign=campaign)
    by_kind = dict(sessions.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    totals = sessions.aggregate(sessions=Count("pk"), attendance=Sum("attendance"))
    rectifications = Rectification.objects.restrict(user, Action.VIEW).filter(campaign=campaign)
    rect_counts = rectifications.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=RectificationQuerySet.IS_OPEN),
        overdue=Count("pk", filter=RectificationQuerySet.IS_OPEN & Q(deadline__lt=today)),
        to_verify=Count("pk", filter=RectificationQuerySet.AWAITING_REVIEW),
    )
    tasks = PlanTask.objects.restrict(user, Action.VIEW).filter(campaign=campaign)
    task_counts = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=PlanTaskQuerySet.IS_DONE),
        overdue=Count("pk", filter=PlanTaskQuerySet.IS_OPEN & Q(deadline__lt=today)),
    )
    return {
        "campaign": campaign,
        "study_counts": [(label, by_kind.get(kind, 0)) for kind, label in StudyKind.choices],
        "study_totals": totals,
        "rectification_counts": rect_counts,
        "task_counts": task_counts,
        "upcoming_tasks": list(tasks.open().select_related("owner").order_by("deadline")[:5]),
    }
