"""Months closed before upward reporting become the versions of their bureau's reports to its parent
(reports 0002–0003), run on rows written by the schema before them."""

import datetime

import pytest
from django.utils import timezone

from tests.helpers import latest_migrations, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("bureau", "0005_work_events"), ("reports", "0001_initial")]
AFTER = [("bureau", "0006_upward_reporting"), ("reports", "0003_closes_as_reports")]


def test_old_closes_become_versioned_reports():
    apps = migrate(BEFORE)
    Bureau = apps.get_model("bureau", "Bureau")
    city = Bureau.objects.create(name="丽水市科学技术局", level="city")
    county = Bureau.objects.create(name="青田县科学技术局", parent=city)
    leader = apps.get_model("bureau", "User").objects.create(username="leader", bureau=county, role="leader")
    Campaign = apps.get_model("campaigns", "Campaign")
    campaign = Campaign.objects.create(
        bureau=county, name="主题教育", start=datetime.date(2019, 9, 1), end=datetime.date(2020, 1, 31)
    )
    top = Campaign.objects.create(
        bureau=city, name="主题教育", start=datetime.date(2019, 9, 1), end=datetime.date(2020, 1, 31)
    )
    MonthClose = apps.get_model("reports", "MonthClose")

    def close(campaign, day, closed_at, reopened=False):
        row = MonthClose.objects.create(
            campaign=campaign, month=day, closed_by=leader, workbook="x.xlsx", sha256="0" * 64
        )
        values = {"closed_at": timezone.make_aware(closed_at)}
        if reopened:
            values.update(reopened_by=leader, reopened_at=timezone.now(), reopen_reason="补录")
        MonthClose.objects.filter(pk=row.pk).update(**values)

    october = datetime.date(2019, 10, 1)
    close(campaign, october, datetime.datetime(2019, 11, 3, 10), reopened=True)
    close(campaign, october, datetime.datetime(2019, 11, 8, 10))
    close(top, october, datetime.datetime(2019, 11, 9, 10))

    apps = migrate(AFTER)
    MonthClose = apps.get_model("reports", "MonthClose")
    first, second = MonthClose.objects.filter(campaign__bureau__name="青田县科学技术局").order_by("closed_at")
    assert (first.version, first.review, first.on_time, first.parent.name) == (1, "withdrawn", True, "丽水市科学技术局")
    assert (second.version, second.review, second.on_time) == (2, "submitted", False)
    assert second.deadline == datetime.date(2019, 11, 5)
    # The city has nobody above it: its close stays a close.
    assert MonthClose.objects.get(campaign__bureau__name="丽水市科学技术局").parent is None
    migrate(latest_migrations())
