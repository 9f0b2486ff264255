"""The demo's city leader reads the roll-up of the city's two counties: every figure is the sum of the
counties' own, every drill-down and workbook sheet holds exactly the records behind it, and the breakdowns
and warnings cover both counties."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from bureau.models import User
from reports.dashboard import breakdowns, warnings
from reports.exporters.monthly import campaign_record_types
from reports.indicators import BY_KEY
from reports.selectors import Scope

pytestmark = pytest.mark.django_db
COUNTIES = ("青田县科学技术局", "景宁畲族自治县科学技术局")


@pytest.fixture
def month():
    return "2019-11"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    return {name: User.objects.get(username=name) for name in ("leader", "county2", "city")}


def summary(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:summary-api"), params).json()


def test_every_city_figure_is_the_sum_of_the_two_counties(client, demo, month):
    for params in ({}, {"month": month}):
        by_user = {name: summary(client, user, **params)["indicators"] for name, user in demo.items()}
        county1 = {i["key"]: (i["value"], i["cumulative"]) for i in by_user["leader"]}
        county2 = {i["key"]: (i["value"], i["cumulative"]) for i in by_user["county2"]}
        for indicator in by_user["city"]:
            key = indicator["key"]
            if BY_KEY[key].is_outcome:
                # A rate or an average of the two counties' items together: between the two, or the one there is.
                for n, city in enumerate((indicator["value"], indicator["cumulative"])):
                    counties = [c for c in (county1[key][n], county2[key][n]) if c is not None]
                    assert (city is None) == (not counties), (params, key)
                    assert not counties or min(counties) <= city <= max(counties), (params, key)
                continue
            assert indicator["value"] == county1[key][0] + county2[key][0], (params, key)
            assert indicator["cumulative"] == county1[key][1] + county2[key][1], (params, key)
        if not params:  # the whole campaign: the first county's figures are the article's
            assert county1["study.central_group"][0] == 8 and county2["study.central_group"][0] > 0


def test_the_city_drill_downs_list_exactly_the_records_behind_each_figure(client, demo, month):
    data = summary(client, demo["city"], month=month)
    for indicator in data["indicators"]:
        page = client.get(reverse("reports:drilldown", args=[indicator["key"]]), {"month": month})
        assert page.status_code == 200
        assert page.context["total"] == indicator["value"], indicator["key"]
        if page.context["indicator"].measure in ("count", "distinct"):
            assert page.context["paginator"].count == indicator["value"], indicator["key"]


def test_the_city_workbook_sheets_hold_both_counties_records(client, demo, month):
    client.force_login(demo["city"])
    response = client.get(reverse("reports:monthly-workbook"), {"month": month})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    start, end = datetime.date(2019, 11, 1), datetime.date(2019, 11, 30)
    for record_type in campaign_record_types():
        model = record_type.model
        dated = {f"{model.date_field}__gte": start, f"{model.date_field}__lte": end}
        per_county = [model.objects.filter(bureau__name=name, **dated).count() for name in COUNTIES]
        sheet = book[str(model._meta.verbose_name_plural)[:31]]
        rows = sum(
            1
            for row in sheet.iter_rows(min_row=2, values_only=True)
            if any(v is not None for v in row) and row[0] != "本月无记录"
        )
        assert rows == sum(per_county), model._meta.label


def test_the_city_breakdowns_and_warnings_cover_both_counties(demo):
    from campaigns.models import Campaign

    city = demo["city"]
    campaign = Campaign.objects.get(bureau=city.bureau)
    scope = Scope.for_user(city, campaign)
    split = breakdowns(scope, (campaign.start, campaign.end))
    named = " ".join(label for label, _n in split["departments"])
    assert all(county in named for county in COUNTIES)
    due = warnings(scope, today=datetime.date(2019, 12, 28), limit=100)
    assert {item.bureau.name for item in due} == set(COUNTIES)
