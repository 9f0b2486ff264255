"""Dates far in the past or future, and dates that do not exist: refused with a message, or accepted
without breaking any page, list, report or export that shows them."""

import pytest
from django.urls import reverse

from bureau.ledger.lifecycle import WorkEvent
from bureau.ledger.registry import REGISTRY
from campaigns.models import Rectification
from enterprises.models import EnterpriseIssue
from surveys.models import Questionnaire, Response
from tests.helpers import Ledger, create_url, form_errors, text_of, workbook_of
from tests.world import valid_data

pytestmark = pytest.mark.django_db

CAMPAIGN_DATED = [slug for slug, rt in REGISTRY.items() if hasattr(rt.model, "campaign") and not rt.admin_only]
DATE_FIELD = {slug: REGISTRY[slug].model.date_field for slug in CAMPAIGN_DATED}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("slug", CAMPAIGN_DATED)
def test_a_date_far_outside_the_campaign_is_refused(staff_client, world, slug, day):
    field = DATE_FIELD[slug]
    data = {**valid_data(slug, world), field: day}
    if slug == "applications":
        data["year"] = "2019"
    ledger = Ledger()
    response = staff_client.post(create_url(slug), data)
    assert response.status_code == 400
    message = " ".join(form_errors(response)[field])
    assert "日期须在主题教育期间" in message or "不能晚于今天" in message, message
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    "day", ["1900-02-29", "2019-02-29", "2019-13-01", "2019-00-10", "0000-01-01", "10000-01-01", "2019-10-15T08:00"]
)
def test_a_date_that_does_not_exist_is_refused(staff_client, world, day):
    ledger = Ledger()
    response = staff_client.post(create_url("study-sessions"), {**valid_data("study-sessions", world), "date": day})
    assert response.status_code == 400
    assert "输入一个有效的日期" in form_errors(response)["date"][0]
    ledger.assert_unchanged()


def test_a_deadline_before_the_day_the_problem_was_found_is_refused(staff_client, world):
    ledger = Ledger()
    data = {**valid_data("rectifications", world), "deadline": "0001-01-01"}
    response = staff_client.post(create_url("rectifications"), data)
    assert response.status_code == 400
    assert "整改时限不能早于查摆日期" in form_errors(response)["deadline"][0]
    ledger.assert_unchanged()


def test_a_deadline_in_year_9999_is_accepted_and_every_page_still_shows(staff_client, client, world, leader):
    """Nothing computes a date past 9999-12-31 from a far deadline (that would be an OverflowError)."""
    ledger = Ledger()
    for slug in ("rectifications", "enterprise-issues"):
        response = staff_client.post(create_url(slug), {**valid_data(slug, world), "deadline": "9999-12-31"})
        assert response.status_code == 302, form_errors(response)
        assert staff_client.get(response["Location"]).status_code == 200
    # Each with its first step (交办), dated today: nothing of the work loop computes past its deadline either.
    ledger.assert_created(Rectification, EnterpriseIssue, also=[WorkEvent])
    assert [e.step for e in WorkEvent.objects.all()] == ["assign", "assign"]
    client.force_login(leader)
    for url, params in [
        (reverse("campaigns:rectification-list"), {"date_to": "9999-12-31"}),
        (reverse("enterprises:enterpriseissue-list"), {}),
        (reverse("home"), {}),
        (reverse("reports:dashboard"), {"month": "2019-10"}),
        (reverse("reports:summary-api"), {"month": "2019-10"}),
        (reverse("reports:drilldown", args=["rectification.found"]), {"period": "cumulative"}),
    ]:
        assert client.get(url, params).status_code == 200, url
    workbook = workbook_of(
        client.get(reverse("reports:monthly-workbook"), {"campaign": world.campaign.pk, "month": "2019-10"})
    )
    assert "整改事项" in workbook.sheetnames


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, 200),
        ({"date_from": "9999-12-31"}, 200),
        ({"date_from": "1900-02-29"}, 400),
        ({"date_to": "2019-10-15T25:00"}, 400),
        ({"date_from": "-1"}, 400),
    ],
)
def test_list_date_filters_at_the_edges_of_the_calendar(staff_client, world, params, status, untouched):
    response = staff_client.get(reverse("campaigns:studysession-list"), params)
    assert response.status_code == status
    if status == 400:
        assert "输入一个有效的日期" in text_of(response)


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1899-12", "2019-13", "2019-00", "2019-1"])
def test_report_months_outside_the_calendar_are_refused(staff_client, world, month, untouched):
    summary = staff_client.get(reverse("reports:summary-api"), {"month": month})
    workbook = staff_client.get(reverse("reports:monthly-workbook"), {"campaign": world.campaign.pk, "month": month})
    assert summary.status_code == workbook.status_code == 400
    assert "月份格式应为 YYYY-MM" in summary.json()["error"]
    assert "月份格式应为 YYYY-MM" in text_of(workbook)


def test_a_report_month_typed_with_full_width_digits_is_read_as_that_month(staff_client, world, untouched):
    assert staff_client.get(reverse("reports:summary-api"), {"month": "２０１９-１０"}).json()["month"] == "2019-10"


def test_a_report_month_in_range_but_outside_the_campaign_shows_zeros(staff_client, world, untouched):
    data = staff_client.get(reverse("reports:summary-api"), {"month": "1900-01"}).json()
    assert data["month"] == "1900-01"
    # Amounts are zero; a rate or an average of nothing closed off is no number at all.
    outcomes = {i["key"] for i in data["indicators"] if i["key"].endswith(("on_time_rate", "average_days"))}
    assert len(outcomes) == 6
    assert all(i["value"] is None if i["key"] in outcomes else i["value"] == 0 for i in data["indicators"])


@pytest.mark.parametrize("year", ["0", "1999", "2101", "99999", "-2019"])
def test_an_application_year_outside_2000_2100_is_refused(staff_client, world, year):
    ledger = Ledger()
    response = staff_client.post(create_url("applications"), {**valid_data("applications", world), "year": year})
    assert response.status_code == 400
    assert "year" in form_errors(response)
    ledger.assert_unchanged()


def test_a_questionnaire_open_until_9999_can_be_answered(staff_client, client, world):
    data = {**valid_data("questionnaires", world), "closes_on": "9999-12-31"}
    response = staff_client.post(create_url("questionnaires"), data)
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(closes_on="9999-12-31")
    link = questionnaire.links.get()
    assert client.get(link.get_public_url()).status_code == 403  # no questions yet: 问卷尚在准备中


def test_a_paper_questionnaire_dated_year_one_is_kept_and_results_still_show(staff_client, world):
    """The paper form only refuses future dates; the odd past date must not break results or the export."""
    questionnaire = world.questionnaire
    single = questionnaire.questions.get(kind="single")
    rating = questionnaire.questions.get(kind="rating")
    ledger = Ledger()
    response = staff_client.post(
        reverse("surveys:response-create", args=[questionnaire.pk]),
        {"filled_on": "0001-01-01", single.field_name: "满意", rating.field_name: "5"},
    )
    assert response.status_code == 302
    ledger.assert_created(Response, also=["surveys.Answer"])
    assert staff_client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk])).status_code == 200
    assert staff_client.get(reverse("surveys:questionnaire-export", args=[questionnaire.pk])).status_code == 200
