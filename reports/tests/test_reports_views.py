"""Report pages by role, the demo's figures, query counts, bad parameters, formula injection."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from bureau.models import User
from campaigns.models import StudySession
from reports.models import Target
from tests.helpers import workbook_of
from tests.world import StudySessionFactory

ROLES = ["anonymous", "staff", "colleague", "leader", "admin", "outsider"]

ARTICLE = {
    "study.central_group": 8,
    "study.collective": 14,
    "study.seminar": 2,
    "research.enterprises": 63,
    "research.departments": 5,
    "research.intermediaries": 2,
    "research.people_visited": 106,
    "research.suggestions": 38,
    "enterprise.issues_resolved": 42,
    "research.reports": 4,
    "applications.national_high_tech": 7,
    "applications.provincial_sme": 10,
    "applications.provincial_research_institute": 2,
    "applications.provincial_rd_centre": 2,
    "cooperation.agreements": 5,
}


@pytest.mark.django_db
def test_demo_reproduces_the_article_table(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    client.force_login(User.objects.get(username="leader"))
    data = client.get(reverse("reports:summary-api")).json()
    assert data["month"] is None
    assert data["campaign"]["start"] == "2019-09-12"
    values = {i["key"]: i["value"] for i in data["indicators"]}
    assert {key: values[key] for key in ARTICLE} == ARTICLE
    assert values["cooperation.platforms"] == 1
    first = data["indicators"][0]
    assert set(first) == {"key", "label", "strand", "value", "cumulative", "target"}
    assert first == {
        "key": "study.central_group",
        "label": "党组中心组理论学习",
        "strand": "study",
        "value": 8,
        "cumulative": 8,
        "target": 8,
    }


@pytest.mark.parametrize("role", ROLES)
def test_another_bureaus_campaign_is_404(client, people, campaign, role):
    if role in ("anonymous", "outsider"):
        return
    client.force_login(people["outsider"])
    assert client.get(reverse("reports:summary-api"), {"campaign": campaign.pk}).status_code == 404
    assert client.get(reverse("reports:dashboard"), {"campaign": campaign.pk}).status_code == 404
    url = reverse("reports:monthly-workbook")
    assert client.get(url, {"campaign": campaign.pk, "month": "2019-10"}).status_code == 404


@pytest.mark.parametrize("month", ["2019-13", "19-10", "abc", "2019-1", "2019-10-01"])
def test_bad_month_is_400_with_chinese_message(client, leader, campaign, month):
    client.force_login(leader)
    response = client.get(reverse("reports:summary-api"), {"month": month})
    assert response.status_code == 400
    assert "月份格式应为 YYYY-MM" in response.json()["error"]
    assert client.get(reverse("reports:dashboard"), {"month": month}).status_code == 400
    assert client.get(reverse("reports:monthly-workbook"), {"month": month}).status_code == 400


def test_unknown_indicator_and_bad_campaign(client, leader, campaign):
    client.force_login(leader)
    assert client.get(reverse("reports:drilldown", args=["no.such"])).status_code == 404
    assert client.get(reverse("reports:summary-api"), {"campaign": "x1"}).status_code == 400
    assert client.get(reverse("reports:summary-api"), {"campaign": "99999"}).status_code == 404
    assert client.get(reverse("reports:dashboard"), {"department": "abc"}).status_code == 400


def _sessions(campaign, user, n):
    StudySession.objects.bulk_create(
        [
            StudySession(
                bureau=campaign.bureau,
                campaign=campaign,
                recorded_by=user,
                kind="collective",
                topic=f"学习{i}",
                date=campaign.start + datetime.timedelta(days=i % 100),
                attendance=i % 30,
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("url_name", ["reports:dashboard", "reports:summary-api"])
def test_query_count_is_the_same_at_10_and_10000_records(
    client, leader, staff, campaign, url_name, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(leader)
    url = reverse(url_name)
    _sessions(campaign, staff, 10)
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url, {"month": "2019-10"})
    _sessions(campaign, staff, 9990)
    assert StudySession.objects.count() == 10000
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url, {"month": "2019-10"})
    assert response.status_code == 200
    # A handful of grouped queries, not one per indicator or per month (the dashboard's outcome rankings
    # add two per kind of work item).
    assert len(small.captured_queries) <= 48


def test_formula_text_exports_as_plain_text(client, staff, leader, campaign):
    StudySessionFactory(
        recorded_by=staff, campaign=campaign, topic='=HYPERLINK("http://x","y")', place="+cmd|' /C calc'!A0"
    )
    client.force_login(leader)
    response = client.get(reverse("reports:monthly-workbook"), {"month": "2019-10"})
    sheet = workbook_of(response)["学习活动"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=False))
    assert row["学习主题"].value == '=HYPERLINK("http://x","y")'
    assert row["学习主题"].data_type == "s"
    assert row["地点"].data_type == "s"
    assert isinstance(row["学习日期"].value, datetime.datetime)
    assert row["参加人数"].data_type == "n"


def test_empty_month_gives_valid_workbook_with_zeros(client, leader, campaign):
    client.force_login(leader)
    response = client.get(reverse("reports:monthly-workbook"), {"month": "2019-12"})
    assert response.status_code == 200
    book = workbook_of(response)
    summary = book.worksheets[0]
    assert summary["A1"].value == "青田县科学技术局 主题教育工作月报 2019年12月"
    assert summary["A2"].value == "填报单位：青田县科学技术局"
    values = [r[2].value for r in summary.iter_rows(min_row=4) if len(r) > 2 and isinstance(r[2].value, int | float)]
    assert values and set(values) == {0}
    assert summary.freeze_panes == "A4"
    assert summary.page_setup.orientation == "landscape"
    assert summary.print_title_rows == "$1:$3"
    sessions = book["学习活动"]
    assert sessions.max_row == 2 and sessions["A2"].value == "本月无记录" and sessions.auto_filter.ref


def test_workbook_columns_fit_chinese(client, staff, leader, campaign):
    StudySessionFactory(
        recorded_by=staff, campaign=campaign, topic="学习《习近平新时代中国特色社会主义思想学习纲要》第三章"
    )
    client.force_login(leader)
    sheet = workbook_of(client.get(reverse("reports:monthly-workbook"), {"month": "2019-10"}))["学习活动"]
    topic_column = [c.value for c in sheet[1]].index("学习主题")
    width = sheet.column_dimensions[chr(ord("A") + topic_column)].width
    assert width >= 2 * len("学习《习近平新时代中国特色社会主义思想学习纲要》第三章")


def test_targets_page_saves_and_dashboard_shows_progress(client, admin_user, campaign):
    client.force_login(admin_user)
    response = client.post(reverse("reports:targets"), {"research.enterprises": "60", "study.collective": ""})
    assert response.status_code == 302
    assert Target.objects.get(campaign=campaign, indicator="research.enterprises").value == 60
    response = client.post(reverse("reports:targets"), {"research.enterprises": "-5"})
    assert response.status_code == 400
    assert Target.objects.get(campaign=campaign, indicator="research.enterprises").value == 60


def test_drilldown_count_equals_the_number(client, staff, leader, campaign):
    for day in (datetime.date(2019, 10, 3), datetime.date(2019, 10, 20), datetime.date(2019, 11, 2)):
        StudySessionFactory(recorded_by=staff, campaign=campaign, date=day, kind="collective")
    client.force_login(leader)
    data = client.get(reverse("reports:summary-api"), {"month": "2019-10"}).json()
    figure = next(i for i in data["indicators"] if i["key"] == "study.collective")
    url = reverse("reports:drilldown", args=["study.collective"])
    month = client.get(url, {"month": "2019-10", "period": "value"})
    cumulative = client.get(url, {"month": "2019-11", "period": "cumulative"})
    assert len(month.context["records"]) == figure["value"] == 2
    assert len(cumulative.context["records"]) == 3


def test_drilldown_total_counts_every_row_and_pages_the_list(client, staff, leader, campaign):
    _sessions(campaign, staff, 250)
    client.force_login(leader)
    url = reverse("reports:drilldown", args=["study.collective"])
    first = client.get(url)
    assert first.context["total"] == 250
    assert len(first.context["records"]) == 100
    last = client.get(url, {"page": 3})
    assert len(last.context["records"]) == 50
    attendance = client.get(reverse("reports:drilldown", args=["study.attendance"]))
    assert attendance.context["total"] == sum(i % 30 for i in range(250))


def test_workbook_sheet_query_count_does_not_grow_with_linked_rows(
    client, staff, leader, campaign, django_assert_max_num_queries
):
    from tests.world import EnterpriseIssueFactory, EnterpriseVisitFactory, ResearchVisitFactory, SuggestionFactory

    client.force_login(leader)
    url = reverse("reports:monthly-workbook")

    def add(n):
        for _ in range(n):
            visit = EnterpriseVisitFactory(recorded_by=staff, campaign=campaign)
            EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, enterprise=visit.enterprise, visit=visit)
            research = ResearchVisitFactory(recorded_by=staff, campaign=campaign)
            SuggestionFactory(recorded_by=staff, campaign=campaign, date=research.date, visit=research, source="visit")

    add(1)
    with django_assert_max_num_queries(200) as small:
        client.get(url, {"month": "2019-10"})
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url, {"month": "2019-10"})


@pytest.mark.parametrize("extra", [0, 20])
def test_a_drilldown_export_costs_the_same_queries_whatever_the_rows(
    client, leader, campaign, staff, extra, django_assert_num_queries
):
    for n in range(1 + extra):
        StudySessionFactory(campaign=campaign, recorded_by=staff, kind="collective", topic=f"集中学习第{n}次")
    client.force_login(leader)
    url = reverse("reports:drilldown-export", args=["study.collective"])
    client.get(url, {"campaign": campaign.pk})
    with django_assert_num_queries(18):
        response = client.get(url, {"campaign": campaign.pk})
    rows = list(workbook_of(response).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("主题教育", "学习形式", "学习日期") and len(rows) == 2 + extra
    assert {row[3] for row in rows[1:]} == {f"集中学习第{n}次" for n in range(1 + extra)}
