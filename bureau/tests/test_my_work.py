"""我的待办: the open items a person is 责任人 of, most urgent first, and for leaders what waits for review."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.world import EnterpriseIssueFactory, PlanTaskFactory, RectificationFactory

TODAY = timezone.localdate()
MY_WORK = reverse("ledger:my-work")


def due(days):
    return TODAY + datetime.timedelta(days=days)


def test_staff_sees_their_open_items_grouped_by_colour_overdue_first(client, staff, colleague, campaign):
    overdue = RectificationFactory(recorded_by=staff, campaign=campaign, problem="逾期的整改", deadline=due(-3))
    yellow = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, description="企业融资难", deadline=due(2))
    blue = PlanTaskFactory(recorded_by=colleague, owner=staff, campaign=campaign, title="走访计划", deadline=due(6))
    calm = RectificationFactory(recorded_by=staff, campaign=campaign, problem="远期整改", deadline=due(40))
    RectificationFactory(recorded_by=staff, campaign=campaign, problem="已整改的", status="rectified", deadline=due(-1))
    RectificationFactory(recorded_by=colleague, campaign=campaign, problem="同事的事项", deadline=due(-1))
    client.force_login(staff)
    response = client.get(MY_WORK)
    assert response.status_code == 200
    groups = [(str(g.label), g.items) for g in response.context["groups"]]
    assert groups == [("已逾期", [overdue]), ("黄色预警", [yellow]), ("蓝色预警", [blue]), ("其他待办", [calm])]
    page = response.content.decode()
    assert '<span class="badge warning-red">红色预警</span>' in page
    assert "已逾期 3 天" in page and "还剩 2 天" in page
    assert "已整改的" not in page and "同事的事项" not in page
    assert "待我审核" not in page


def test_leader_sees_rectifications_awaiting_verification(client, leader, staff, outsider, campaign):
    waiting = RectificationFactory(recorded_by=staff, campaign=campaign, problem="待验收的整改", status="rectified")
    RectificationFactory(recorded_by=staff, campaign=campaign, problem="已验收的整改", status="verified")
    RectificationFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get(), status="rectified")
    client.force_login(leader)
    response = client.get(MY_WORK)
    assert response.context["to_review"] == [waiting]
    assert "待我审核" in response.content.decode()


def test_home_pages_link_to_my_work_with_the_urgent_count(client, staff, leader, campaign):
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(-1))
    client.force_login(staff)
    assert "1 项逾期或红色预警" in client.get("/").content.decode()
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert "工作看板" in page and "我的待办" in page and 'href="/my-work/"' in page


def test_the_auditor_has_no_my_work(client, auditor):
    client.force_login(auditor)
    assert client.get(MY_WORK).status_code == 403


@pytest.mark.parametrize("user_fixture", ["staff", "leader"])
def test_my_work_query_count_is_the_same_for_1_and_20_items(
    client, request, staff, campaign, user_fixture, django_assert_num_queries
):
    user = request.getfixturevalue(user_fixture)

    def add(n):
        for i in range(n):
            RectificationFactory(recorded_by=staff, owner=user, campaign=campaign, deadline=due(i - 5))
            PlanTaskFactory(recorded_by=staff, owner=user, campaign=campaign, deadline=due(i))
            EnterpriseIssueFactory(recorded_by=staff, owner=user, campaign=campaign, deadline=due(i + 2))
            RectificationFactory(recorded_by=staff, campaign=campaign, status="rectified")

    add(1)
    client.force_login(user)
    client.get(MY_WORK)  # warm the session and content-type caches
    # session, user, one query per work-item type, the badge, the session refresh, two savepoint pairs;
    # a leader also reads the bureau tree (what they see) and the rectifications awaiting review.
    expected = 11 if user_fixture == "staff" else 13
    with django_assert_num_queries(expected):
        first = client.get(MY_WORK)
    add(19)
    with django_assert_num_queries(expected):
        second = client.get(MY_WORK)
    assert sum(len(g.items) for g in first.context["groups"]) == 3
    assert sum(len(g.items) for g in second.context["groups"]) == 60
