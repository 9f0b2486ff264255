"""Hostile input to upward reporting: bad months, ids, deadline days and return reasons. Always a 4xx in
Chinese, never a 500, and the report stays as it was."""

import pytest
from django.urls import reverse

from reports.models import MonthClose, Review
from reports.services import close_month
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def report(city, campaign, leader):
    return close_month(campaign, (2019, 10), leader)


@pytest.mark.parametrize(
    "month", ["2019-13", "2019-00", "19-10", "2019-10-01", "２０１９-１０x", "\x00", "9" * 300, "2019-1"], ids=repr
)
@pytest.mark.parametrize("name", ["reports:submissions", "reports:submissions-api"])
def test_bad_months(client, city_leader, report, name, month):
    client.force_login(city_leader)
    response = client.get(reverse(name), {"month": month})
    assert response.status_code == 400
    assert "月份格式" in text_of(response)


@pytest.mark.parametrize("path", [f"/reports/submissions/{HUGE}/accept/", f"/reports/submissions/{HUGE}/return/"])
def test_huge_ids(client, city_leader, report, path):
    client.force_login(city_leader)
    response = client.post(path, {"reason": "数字不符，请核对"})
    assert response.status_code == 404
    assert "页面不存在" in text_of(response)


@pytest.mark.parametrize("day", ["0", "29", "-1", "²", "5.5", "", "9" * 40, "五"], ids=repr)
def test_bad_deadline_days(client, city, city_admin, day):
    client.force_login(city_admin)
    response = client.post(reverse("reports:submission-deadline"), {"report_deadline_day": day})
    assert response.status_code == 400
    assert "截止日应为 1 到 28 之间的整数" in text_of(response)
    city.refresh_from_db()
    assert city.report_deadline_day == 5


@pytest.mark.parametrize(
    "reason", ["", "   ", "不对", "\x00\x00\x00\x00", "长" * 501], ids=lambda r: f"{len(r)}:{r[:4]!r}"
)
def test_bad_return_reasons(client, city_leader, report, reason):
    client.force_login(city_leader)
    response = client.post(reverse("reports:submission-return", args=[report.pk]), {"reason": reason})
    assert response.status_code == 400
    assert "退回须填写原因" in text_of(response)
    report.refresh_from_db()
    assert report.review == Review.SUBMITTED and report.is_closed


def test_two_reviews_at_once_leave_one(client, city_leader, report):
    """Returned in one tab, accepted in another: the second answers 409 and changes nothing."""
    client.force_login(city_leader)
    client.post(reverse("reports:submission-return", args=[report.pk]), {"reason": "数字不符，请核对"})
    response = client.post(reverse("reports:submission-accept", args=[report.pk]))
    assert response.status_code == 409
    assert "已是“已退回”" in text_of(response)
    assert MonthClose.objects.get(pk=report.pk).review == Review.RETURNED
