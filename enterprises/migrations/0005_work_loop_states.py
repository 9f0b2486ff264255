# The old statuses become states of the work loop: data only, in a migration of its own, because on
# PostgreSQL a table whose rows were just changed cannot be altered in the same transaction.

import datetime

from django.db import migrations
from django.db.models import F
from django.utils import timezone

ISSUE_STATES = {
    "raised": ("pending", ""),
    "in_progress": ("in_progress", ""),
    "resolved": ("closed", "resolved"),
    "unresolvable": ("closed", "unresolvable"),
}


def forward(apps, schema_editor):
    """已反映 / 办理中 become 待签收 / 办理中; 已解决 and 无法解决 are closed off on their resolution day, with
    that outcome, and their timeline says so (applied for and closed off that day)."""
    Issue = apps.get_model("enterprises", "EnterpriseIssue")
    for model in (Issue, apps.get_model("enterprises", "HistoricalEnterpriseIssue")):
        model.objects.update(original_deadline=F("deadline"))
        for old, (state, outcome) in ISSUE_STATES.items():
            closed_on = F("resolved_on") if state == "closed" else None
            model.objects.filter(status=old).update(status=state, outcome=outcome, closed_on=closed_on)
    closed = list(Issue.objects.filter(status="closed", closed_on__isnull=False))
    if not closed:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkEvent = apps.get_model("bureau", "WorkEvent")
    content_type, _ = ContentType.objects.get_or_create(app_label="enterprises", model="enterpriseissue")
    events = []
    for issue in closed:
        at = timezone.make_aware(datetime.datetime.combine(issue.closed_on, datetime.time(12)))
        common = {"content_type": content_type, "object_id": issue.pk, "owner_id": issue.owner_id, "at": at}
        opinion = issue.resolution if issue.outcome == "resolved" else issue.unresolved_reason
        events.append(
            WorkEvent(
                **common, step="apply", actor_id=issue.owner_id, day=issue.closed_on, opinion=opinion,
                state_before="in_progress", state_after="applied",
            )
        )
        events.append(
            WorkEvent(
                **common, step="close", actor_id=None, day=issue.closed_on, state_before="applied",
                state_after="closed",
            )
        )
    WorkEvent.objects.bulk_create(events)


def backward(apps, schema_editor):
    for model in (apps.get_model("enterprises", "EnterpriseIssue"), apps.get_model("enterprises", "HistoricalEnterpriseIssue")):
        for old, (state, outcome) in ISSUE_STATES.items():
            model.objects.filter(status=state, outcome=outcome).update(status=old, resolved_on=F("closed_on"))


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0004_work_loop'),
        ('bureau', '0005_work_events'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
