"""Supervision colours of work items: one rule in Python and in the database, the lists' order and filters,
and the badge of 我的待办."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.work_items import Warning, urgent_count
from campaigns.models import PlanTask, Rectification
from enterprises.models import EnterpriseIssue
from tests.world import EnterpriseIssueFactory, PlanTaskFactory, RectificationFactory

TODAY = timezone.localdate()

# (factory, model, what makes one closed off: 已销号)
TYPES = {
    "rectification": (
        RectificationFactory,
        Rectification,
        {"status": "closed", "result": "已整改", "closed_on": TODAY},
    ),
    "plantask": (PlanTaskFactory, PlanTask, {"status": "closed", "closed_on": TODAY}),
    "enterpriseissue": (
        EnterpriseIssueFactory,
        EnterpriseIssue,
        {"status": "closed", "outcome": "resolved", "resolution": "已协调", "closed_on": TODAY},
    ),
}

BOUNDARIES = [
    ("overdue", -1, "pending", Warning.RED),
    ("due today", 0, "pending", Warning.YELLOW),
    ("in 3 days", 3, "pending", Warning.YELLOW),
    ("in 4 days", 4, "pending", Warning.BLUE),
    ("in 7 days", 7, "pending", Warning.BLUE),
    ("in 8 days", 8, "pending", None),
    ("closed and overdue", -5, "closed", None),
    # Acknowledged, or applied for close-off (申请销号): still open, the colour holds until a leader closes it off.
    ("in progress and overdue", -5, "in_progress", Warning.RED),
    ("applied and overdue", -5, "applied", Warning.RED),
]


def due(days):
    return TODAY + datetime.timedelta(days=days)


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize(("case", "days", "state", "expected"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_the_database_colour_agrees_with_the_warning_property(staff, campaign, kind, case, days, state, expected):
    factory, model, closing = TYPES[kind]
    item = factory(
        recorded_by=staff,
        campaign=campaign,
        deadline=due(days),
        **(closing if state == "closed" else {"status": state}),
    )
    annotated = model.objects.with_warning().get(pk=item.pk)
    assert item.warning == expected
    assert annotated.warning_colour == expected
    assert annotated.warning == annotated.warning_colour


def _list(client, url_name, **params):
    return list(client.get(reverse(url_name), params).context["records"])


def test_rectification_list_puts_overdue_first_then_red_yellow_blue_by_deadline(client, staff, campaign):
    def make(name, days, **extra):
        return RectificationFactory(recorded_by=staff, campaign=campaign, problem=name, deadline=due(days), **extra)

    later = make("远期", 30, date=datetime.date(2019, 12, 1))
    blue = make("蓝色", 6)
    long_overdue = make("逾期已久", -20)
    yellow = make("黄色", 2)
    overdue = make("刚逾期", -1)
    done = make(
        "已销号",
        -3,
        status="closed",
        result="已整改",
        closed_on=datetime.date(2019, 11, 1),
        date=datetime.date(2019, 12, 2),
    )
    client.force_login(staff)
    records = _list(client, "campaigns:rectification-list")
    # Overdue (red) by deadline, then yellow, then blue; the rest in the list's own order (newest first).
    assert records == [long_overdue, overdue, yellow, blue, done, later]


def test_list_shows_the_colour_in_words(client, staff, campaign):
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(-2))
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(5))
    client.force_login(staff)
    page = client.get(reverse("campaigns:rectification-list")).content.decode()
    assert '<span class="badge warning-red">红色预警</span>' in page
    assert '<span class="badge warning-blue">蓝色预警</span>' in page
    assert '<th scope="col">预警</th>' in page


@pytest.mark.parametrize("kind", TYPES)
def test_every_work_item_list_filters_by_colour_and_overdue(client, staff, campaign, kind):
    factory, model, closing = TYPES[kind]
    red = factory(recorded_by=staff, campaign=campaign, deadline=due(-1))
    yellow = factory(recorded_by=staff, campaign=campaign, deadline=due(1))
    blue = factory(recorded_by=staff, campaign=campaign, deadline=due(5))
    calm = factory(recorded_by=staff, campaign=campaign, deadline=due(20))
    closed = factory(recorded_by=staff, campaign=campaign, deadline=due(-9), **closing)
    client.force_login(staff)
    url_name = f"{model._meta.app_label}:{kind}-list"
    assert _list(client, url_name, warning="red") == [red]
    assert _list(client, url_name, warning="yellow") == [yellow]
    assert _list(client, url_name, warning="blue") == [blue]
    assert _list(client, url_name, overdue="true") == [red]
    assert set(_list(client, url_name, overdue="false")) == {yellow, blue, calm, closed}
    assert _list(client, url_name, warning="red", overdue="false") == []


def test_a_colour_that_does_not_exist_is_a_400(client, staff):
    client.force_login(staff)
    response = client.get(reverse("campaigns:rectification-list"), {"warning": "purple"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()


def test_the_filter_bar_labels_the_colour_and_overdue_filters(client, staff):
    client.force_login(staff)
    page = client.get(reverse("enterprises:enterpriseissue-list")).content.decode()
    assert re.search(r'<label\s+for="id_warning"', page) and re.search(r'<label\s+for="id_overdue"', page)


def test_the_badge_counts_the_users_own_open_overdue_and_red_items_in_one_query(
    staff, colleague, campaign, django_assert_num_queries
):
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(-1))
    PlanTaskFactory(recorded_by=staff, campaign=campaign, deadline=due(-30))
    EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, deadline=due(-2))
    # Not counted: yellow, closed, someone else's.
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(2))
    PlanTaskFactory(recorded_by=staff, campaign=campaign, deadline=due(-3), status="closed", closed_on=TODAY)
    EnterpriseIssueFactory(recorded_by=colleague, campaign=campaign, deadline=due(-2))
    # Recorded by a colleague, assigned to the staff member: counted.
    RectificationFactory(recorded_by=colleague, owner=staff, campaign=campaign, deadline=due(-4))
    with django_assert_num_queries(1):
        assert urgent_count(staff) == 4
    assert urgent_count(colleague) == 1


def test_the_badge_is_in_the_navigation_of_every_page(client, staff, campaign):
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(-1))
    client.force_login(staff)
    page = client.get(reverse("campaigns:studysession-list")).content.decode()
    assert 'href="/my-work/"' in page
    assert '1<span class="visually-hidden">项逾期或红色预警</span>' in page
