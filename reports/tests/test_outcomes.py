"""Outcome figures: the share of work items closed off by their deadline, the days they took, and the
departments and people ranked by these (never by how much they record)."""

import datetime

import pytest
from django.urls import reverse

from tests.world import DepartmentFactory, PlanTaskFactory, RectificationFactory, UserFactory

D = datetime.date


@pytest.fixture
def two_departments(campaign, staff, leader):
    """高新技术科 closes both of its problems on time; 综合科 closes one late, one on time, has one overdue
    (applied for close-off, not yet closed off)."""
    science = staff.department
    office = DepartmentFactory(bureau=campaign.bureau, name="综合科")
    clerk = UserFactory(username="clerk", bureau=campaign.bureau, department=office, role="staff")

    def rectification(owner, department, found, deadline, done=None, **status):
        if done:  # closed off (已销号) by the leader on `done`
            status = {"status": "closed", "closed_on": done, "closed_by": leader, "result": "已整改"}
        return RectificationFactory(
            campaign=campaign,
            recorded_by=owner,
            owner=owner,
            department=department,
            date=found,
            deadline=deadline,
            **status,
        )

    rectification(staff, science, D(2019, 10, 1), D(2019, 10, 20), done=D(2019, 10, 11))  # 10 days, on time
    rectification(staff, science, D(2019, 10, 5), D(2019, 11, 30), done=D(2019, 11, 4))  # 30 days, on time
    rectification(clerk, office, D(2019, 10, 1), D(2019, 10, 10), done=D(2019, 10, 21))  # 20 days, late
    rectification(clerk, office, D(2019, 11, 1), D(2019, 11, 30), done=D(2019, 11, 11))  # 10 days, on time
    # Applied for close-off in time but never closed off: still open, long overdue, in no rate.
    rectification(clerk, office, D(2019, 10, 1), D(2019, 10, 15), status="applied", result="已整改")
    return {"science": science, "office": office, "clerk": clerk}


def summary(client, campaign, month=None):
    params = {"campaign": campaign.pk, **({"month": month} if month else {})}
    data = client.get(reverse("reports:summary-api"), params).json()
    return {i["key"]: (i["value"], i["cumulative"]) for i in data["indicators"]}


def test_on_time_rate_and_average_days_count_in_the_month_of_the_close_off(client, leader, campaign, two_departments):
    client.force_login(leader)
    october = summary(client, campaign, "2019-10")
    # October: two closed off (10 days on time, 20 days late).
    assert october["rectification.on_time_rate"] == (50.0, 50.0)
    assert october["rectification.average_days"] == (15.0, 15.0)
    november = summary(client, campaign, "2019-11")
    # November: two more, both on time; to date 3 of 4 on time, (10 + 30 + 20 + 10) / 4 days.
    assert november["rectification.on_time_rate"] == (100.0, 75.0)
    assert november["rectification.average_days"] == (20.0, 17.5)


def test_nothing_closed_off_is_no_rate_not_zero(client, leader, campaign, two_departments):
    PlanTaskFactory(campaign=campaign, recorded_by=two_departments["clerk"])
    client.force_login(leader)
    figures = summary(client, campaign)
    assert figures["plan.on_time_rate"] == (None, None)
    assert figures["plan.average_days"] == (None, None)
    page = client.get(reverse("reports:dashboard"), {"campaign": campaign.pk, "month": "2019-11"})
    card = page.content.decode().split('data-indicator="plan.on_time_rate"')[1].split("</div></div>")[0]
    assert "—" in card and "None" not in card


def test_the_drill_down_of_a_rate_lists_the_items_it_is_worked_out_from(client, leader, campaign, two_departments):
    client.force_login(leader)
    page = client.get(
        reverse("reports:drilldown", args=["rectification.on_time_rate"]), {"campaign": campaign.pk, "month": "2019-10"}
    )
    assert page.status_code == 200
    assert page.context["total"] == 50.0
    assert page.context["paginator"].count == 2


def test_departments_and_people_are_ranked_by_outcomes(client, leader, staff, campaign, two_departments):
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard"), {"campaign": campaign.pk, "month": "2019-11"})
    departments = [
        (r.name, r.closed, r.on_time_rate, r.average_days, r.overdue) for r in page.context["outcomes_departments"]
    ]
    assert departments == [("高新技术科", 2, 100.0, 20.0, 0), ("综合科", 2, 50.0, 15.0, 1)]
    people = [(r.name, r.on_time_rate, r.overdue) for r in page.context["outcomes_people"]]
    assert people == [(str(staff), 100.0, 0), (str(two_departments["clerk"]), 50.0, 1)]
    html = page.content.decode()
    assert html.index("高新技术科</td>") < html.index("综合科</td>")
    assert "按期销号率" in html and "平均销号天数" in html


def test_no_target_can_be_set_for_an_average_of_days(client, admin_user, campaign):
    client.force_login(admin_user)
    page = client.get(reverse("reports:targets"), {"campaign": campaign.pk})
    assert "rectification.on_time_rate" in page.context["form"].fields
    assert "rectification.average_days" not in page.context["form"].fields
