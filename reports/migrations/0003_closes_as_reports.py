"""Closes made before upward reporting become the versions of their bureau's reports to its parent."""

import datetime

from django.db import migrations
from django.utils import timezone


def as_reports(apps, schema_editor):
    MonthClose = apps.get_model("reports", "MonthClose")
    versions = {}
    for close in MonthClose.objects.select_related("campaign__bureau__parent").order_by("closed_at", "pk"):
        parent = close.campaign.bureau.parent
        key = (close.campaign_id, close.month)
        versions[key] = versions.get(key, 0) + 1
        close.version = versions[key]
        if parent is not None:
            following = close.month.replace(day=28) + datetime.timedelta(days=4)
            close.parent = parent
            close.deadline = following.replace(day=parent.report_deadline_day)
            close.on_time = timezone.localtime(close.closed_at).date() <= close.deadline
            # A close re-opened by its own bureau was withdrawn; nobody above had reviewed it yet.
            close.review = "withdrawn" if close.reopened_at else "submitted"
        close.save(update_fields=["version", "parent", "deadline", "on_time", "review"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_upward_reporting"), ("bureau", "0006_upward_reporting")]

    operations = [migrations.RunPython(as_reports, migrations.RunPython.noop)]
