"""Upward reporting: two counties submit to their city, one late; the city returns one, which resubmits and is
accepted. Every version's workbook downloads unchanged; nobody reads a sibling's reports or board."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.month import Month
from bureau.ledger.notifications import Notification
from bureau.models import User
from campaigns.models import StudySession
from reports.models import MonthClose, Review
from tests.helpers import content_of
from tests.world import BureauFactory, CampaignFactory, StudySessionFactory, UserFactory, session_data

TODAY = timezone.localdate()
# This month's report is due next month: closing it now is on time. The month before last was due last month.
THIS = Month.of(TODAY)
LATE = Month.of(Month.of(TODAY.replace(day=1) - datetime.timedelta(days=1)).first - datetime.timedelta(days=1))


@pytest.fixture
def tree(db):
    city = BureauFactory(name="丽水市科学技术局", level="city")
    counties = {
        "qingtian": BureauFactory(name="青田县科学技术局", parent=city),
        "jingning": BureauFactory(name="景宁县科学技术局", parent=city),
    }
    found = {"city": city, **counties}
    for key, bureau in list(found.items()):
        campaign = CampaignFactory(bureau=bureau, name=f"{bureau.name}主题教育", start=LATE.first, end=THIS.last)
        found[f"{key}_campaign"] = campaign
        found[f"{key}_leader"] = UserFactory(username=f"{key}-leader", bureau=bureau, role="leader")
        found[f"{key}_staff"] = UserFactory(username=f"{key}-staff", bureau=bureau, role="staff")
        StudySessionFactory(recorded_by=found[f"{key}_staff"], campaign=campaign, date=THIS.first, topic="本月学习")
        StudySessionFactory(recorded_by=found[f"{key}_staff"], campaign=campaign, date=LATE.first, topic="早先学习")
    return found


def submit(client, user, campaign, month):
    client.force_login(user)
    response = client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": str(month)})
    assert response.status_code == 302, response.content
    return MonthClose.objects.filter(campaign=campaign, month=month.first).latest("closed_at")


def board_api(client, user, month):
    client.force_login(user)
    response = client.get(reverse("reports:submissions-api"), {"month": str(month)})
    assert response.status_code == 200
    return {row["name"]: row for row in response.json()["bureaus"]}


def test_a_close_below_a_parent_is_a_report_to_it(client, tree):
    report = submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    assert (report.parent, report.version, report.review) == (tree["city"], 1, Review.SUBMITTED)
    assert report.deadline == THIS.next().first.replace(day=5)
    assert report.on_time is True
    assert report.figures["study.collective"] == {"value": 1, "cumulative": 2}
    # The city's leaders hear of it, with a link to the board.
    notice = Notification.objects.get(recipient=tree["city_leader"])
    assert "青田县科学技术局 报送了" in notice.text and "按时" in notice.text
    assert notice.link == f"{reverse('reports:submissions')}?month={THIS}"


def test_a_report_after_the_deadline_is_late(client, tree):
    report = submit(client, tree["jingning_leader"], tree["jingning_campaign"], LATE)
    assert report.on_time is False
    assert report.deadline < TODAY
    rows = board_api(client, tree["city_leader"], LATE)
    assert rows["景宁县科学技术局"]["on_time"] is False
    assert rows["青田县科学技术局"]["status"] == "missing"


def test_the_journey_return_resubmit_accept(client, tree):
    first = submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    submit(client, tree["jingning_leader"], tree["jingning_campaign"], THIS)
    rows = board_api(client, tree["city_leader"], THIS)
    assert [rows[name]["status"] for name in ("青田县科学技术局", "景宁县科学技术局")] == ["submitted", "submitted"]

    # The city returns 青田's report: the county's month opens again and its leaders are told why.
    response = client.post(reverse("reports:submission-return", args=[first.pk]), {"reason": "调研企业数与记录不符"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.review, first.is_closed, first.reviewed_by) == (Review.RETURNED, False, tree["city_leader"])
    assert "调研企业数与记录不符" in Notification.objects.get(recipient=tree["qingtian_leader"]).text
    assert board_api(client, tree["city_leader"], THIS)["青田县科学技术局"]["status"] == "returned"

    # The county corrects a record of the month (no longer locked) and submits the second version.
    client.force_login(tree["qingtian_staff"])
    session = StudySession.objects.get(campaign=tree["qingtian_campaign"], date=THIS.first)
    edit = client.post(
        reverse("campaigns:studysession-edit", args=[session.pk]),
        session_data(
            tree["qingtian_campaign"], date=THIS.first.isoformat(), topic="补正后的学习", opened_version=session.version
        ),
    )
    assert edit.status_code == 302
    second = submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    assert second.version == 2 and second.review == Review.SUBMITTED

    client.force_login(tree["city_leader"])
    assert client.post(reverse("reports:submission-accept", args=[second.pk])).status_code == 302
    rows = board_api(client, tree["city_leader"], THIS)
    assert (rows["青田县科学技术局"]["status"], rows["青田县科学技术局"]["version"]) == ("accepted", 2)
    # Accepting twice, or the returned first version, changes nothing: 409.
    assert client.post(reverse("reports:submission-accept", args=[second.pk])).status_code == 409
    assert client.post(reverse("reports:submission-accept", args=[first.pk])).status_code == 409
    assert "已审核通过" in Notification.objects.filter(recipient=tree["qingtian_leader"]).first().text

    # Both versions download byte-identical to what was stored, each with its own fingerprint.
    for version in (first, second):
        content = content_of(client.get(reverse("reports:closed-workbook", args=[version.pk])))
        assert hashlib.sha256(content).hexdigest() == version.sha256
        with version.workbook.open("rb") as stored:
            assert stored.read() == content
    assert first.sha256 != second.sha256

    # The county's month page shows where its versions stand.
    client.force_login(tree["qingtian_leader"])
    page = client.get(reverse("reports:monthly"), {"campaign": tree["qingtian_campaign"].pk}).content.decode()
    assert "已退回" in page and "调研企业数与记录不符" in page and "已审核" in page


def test_the_board_page(client, tree, django_assert_num_queries):
    submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    client.force_login(tree["city_leader"])
    # Its own: the current campaign, the month's campaign, the children, their campaigns, their reports (not one
    # per bureau); the rest is every page's (session, user, the bureau tree, the 我的待办 badge, session save).
    with django_assert_num_queries(13):
        page = client.get(reverse("reports:submissions"), {"month": str(THIS)})
    html = page.content.decode()
    assert "共 2 家单位，已报送 1 家，其中按时 1 家。" in html
    assert "审核通过" in html and "未报送" in html


def test_return_needs_a_reason_and_a_reviewer_above(client, tree):
    report = submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    client.force_login(tree["city_leader"])
    assert client.post(reverse("reports:submission-return", args=[report.pk]), {"reason": "不"}).status_code == 400
    # The county's own leader cannot review its own report; the city's staff do not read the counties' rows.
    client.force_login(tree["qingtian_leader"])
    assert client.post(reverse("reports:submission-accept", args=[report.pk])).status_code == 403
    client.force_login(tree["city_staff"])
    assert client.post(reverse("reports:submission-accept", args=[report.pk])).status_code == 404
    # A sibling county does not even see it.
    client.force_login(tree["jingning_leader"])
    assert client.post(reverse("reports:submission-accept", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:closed-workbook", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.review == Review.SUBMITTED and report.is_closed


def test_a_county_sees_no_sibling_board(client, tree):
    submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    client.force_login(tree["jingning_leader"])
    response = client.get(reverse("reports:submissions-api"), {"month": str(THIS)})
    assert response.json()["bureaus"] == []
    assert "青田" not in client.get(reverse("reports:submissions"), {"month": str(THIS)}).content.decode()


def test_withdrawing_by_reopening_own_month(client, tree):
    report = submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)
    client.post(reverse("reports:reopen-month", args=[report.pk]), {"reason": "发现漏录两条走访记录"})
    report.refresh_from_db()
    assert report.review == Review.WITHDRAWN
    assert board_api(client, tree["city_leader"], THIS)["青田县科学技术局"]["status"] == "missing"
    assert "撤回" in Notification.objects.filter(recipient=tree["city_leader"]).first().text


def test_on_time_rate_across_months(client, tree):
    submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], LATE)  # late
    submit(client, tree["qingtian_leader"], tree["qingtian_campaign"], THIS)  # on time
    rows = board_api(client, tree["city_leader"], THIS)
    # The months counted are those reported or past their deadline; last month's falls due on the 5th.
    last_month = Month.of(THIS.first - datetime.timedelta(days=1))
    last_month_due = tree["city"].report_deadline(last_month) < TODAY
    assert rows["青田县科学技术局"]["on_time_rate"] == round(100 / (2 + last_month_due), 1)
    assert rows["景宁县科学技术局"]["on_time_rate"] == 0.0


def test_the_deadline_day_is_the_parents_admins(client, tree):
    city_admin = UserFactory(username="city-admin", bureau=tree["city"], role="admin")
    client.force_login(tree["city_leader"])
    assert client.post(reverse("reports:submission-deadline"), {"report_deadline_day": "10"}).status_code == 403
    client.force_login(city_admin)
    assert client.post(reverse("reports:submission-deadline"), {"report_deadline_day": "31"}).status_code == 400
    assert client.post(reverse("reports:submission-deadline"), {"report_deadline_day": "10"}).status_code == 302
    tree["city"].refresh_from_db()
    assert tree["city"].report_deadline_day == 10
    assert (
        board_api(client, city_admin, THIS)
        and client.get(reverse("reports:submissions-api"), {"month": str(THIS)}).json()["deadline"]
        == THIS.next().first.replace(day=10).isoformat()
    )


def test_api_bad_month_is_400(client, tree):
    client.force_login(tree["city_leader"])
    response = client.get(reverse("reports:submissions-api"), {"month": "2019-13"})
    assert response.status_code == 400
    assert "月份格式" in response.json()["error"]


def test_the_demo_city_has_reports_in_every_state_of_their_history(db, client, settings):
    import io

    from django.core.management import call_command

    settings.DEBUG = True  # load_demo refuses to create its weak-password accounts otherwise
    call_command("load_demo", stdout=io.StringIO())
    city_leader = User.objects.get(username="city")
    september = board_api(client, city_leader, Month(2019, 9))
    october = board_api(client, city_leader, Month(2019, 10))
    # 青田 on time and accepted; the neighbour late in September, returned and resubmitted in October.
    assert [september["青田县科学技术局"][k] for k in ("status", "on_time", "version")] == ["accepted", True, 1]
    assert [september["景宁畲族自治县科学技术局"][k] for k in ("status", "on_time")] == ["accepted", False]
    assert [october["景宁畲族自治县科学技术局"][k] for k in ("status", "version")] == ["accepted", 2]
    returned = MonthClose.objects.get(campaign__bureau__name="景宁畲族自治县科学技术局", month__month=10, version=1)
    assert returned.review == Review.RETURNED and "不一致" in returned.review_reason
    # Loading again changes nothing.
    call_command("load_demo", stdout=io.StringIO())
    assert MonthClose.objects.count() == 5


def test_a_city_sees_only_its_own_subtree(client, tree):
    other_city = BureauFactory(name="温州市科学技术局", level="city")
    far_county = BureauFactory(name="文成县科学技术局", parent=other_city)
    far_campaign = CampaignFactory(bureau=far_county, start=LATE.first, end=THIS.last)
    far_leader = UserFactory(username="far-leader", bureau=far_county, role="leader")
    far_report = submit(client, far_leader, far_campaign, THIS)
    assert far_report.parent == other_city
    assert set(board_api(client, tree["city_leader"], THIS)) == {"青田县科学技术局", "景宁县科学技术局"}
    client.force_login(tree["city_leader"])
    for name in ("reports:closed-workbook", "reports:submission-accept"):
        method = client.get if name == "reports:closed-workbook" else client.post
        assert method(reverse(name, args=[far_report.pk])).status_code == 404
    far_report.refresh_from_db()
    assert far_report.review == Review.SUBMITTED
