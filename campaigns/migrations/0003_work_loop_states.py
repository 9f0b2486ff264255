# The old statuses become states of the work loop: data only, in a migration of its own, because on
# PostgreSQL a table whose rows were just changed cannot be altered in the same transaction.

import datetime

from django.db import migrations
from django.db.models import F
from django.utils import timezone

RECTIFICATION_STATES = {"open": "pending", "in_progress": "in_progress", "rectified": "applied", "verified": "closed"}
PLAN_TASK_STATES = {"not_started": "pending", "in_progress": "in_progress", "done": "closed"}


def _day(moment):
    return timezone.localdate(moment) if moment else None


def forward(apps, schema_editor):
    """The old statuses become states of the work loop; what they said is kept as fields and events:
    已整改 is a close-off applied for on its rectification day, 已验收 one closed off by its verifier."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkEvent = apps.get_model("bureau", "WorkEvent")
    for name, states in (("Rectification", RECTIFICATION_STATES), ("PlanTask", PLAN_TASK_STATES)):
        model = apps.get_model("campaigns", name)
        historical = apps.get_model("campaigns", f"Historical{name}")
        for old, new in states.items():
            historical.objects.filter(status=old).update(status=new)
        historical.objects.update(original_deadline=F("deadline"))
        if name == "PlanTask":
            historical.objects.filter(status="closed").update(closed_on=F("completed_on"))
        else:
            historical.objects.filter(status="closed").update(closed_on=F("rectified_on"), closed_by=F("verified_by"))
        rows = list(model.objects.all())
        if not rows:
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="campaigns", model=name.lower())
        events = []
        for row in rows:
            old = row.status
            row.status = states.get(old, old)
            row.original_deadline = row.deadline
            if name == "PlanTask":
                if row.status == "closed":
                    row.closed_on = row.completed_on or _day(row.updated_at)
            elif old in ("rectified", "verified"):
                applied_on = row.rectified_on or _day(row.updated_at)
                events.append(
                    WorkEvent(
                        content_type=content_type,
                        object_id=row.pk,
                        step="apply",
                        actor_id=row.owner_id,
                        owner_id=row.owner_id,
                        at=timezone.make_aware(datetime.datetime.combine(applied_on, datetime.time(12))),
                        day=applied_on,
                        opinion=row.result,
                        state_before="in_progress",
                        state_after="applied",
                    )
                )
                if old == "verified":
                    row.closed_on, row.closed_by_id = applied_on, row.verified_by_id
                    events.append(
                        WorkEvent(
                            content_type=content_type,
                            object_id=row.pk,
                            step="close",
                            actor_id=row.verified_by_id,
                            owner_id=row.owner_id,
                            at=row.verified_at or timezone.now(),
                            day=applied_on,
                            opinion="验收通过",
                            state_before="applied",
                            state_after="closed",
                        )
                    )
            row.save(update_fields=["status", "original_deadline", "closed_on", "closed_by"])
        WorkEvent.objects.bulk_create(events)


def backward(apps, schema_editor):
    for name, states in (("Rectification", RECTIFICATION_STATES), ("PlanTask", PLAN_TASK_STATES)):
        for model in (apps.get_model("campaigns", name), apps.get_model("campaigns", f"Historical{name}")):
            for old, new in states.items():
                model.objects.filter(status=new).update(status=old)


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0002_work_loop'),
        ('bureau', '0005_work_events'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
