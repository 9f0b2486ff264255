"""What the campaign pages do for whom (DESIGN §3). Which role gets which status on every page is in
tests/test_access_matrix.py; here what a permitted request changes and what a refusal says."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.lifecycle import WorkEvent
from campaigns.models import StudySession
from tests.world import RectificationFactory, StudySessionFactory


@pytest.fixture
def applied(staff):
    """A rectification its 责任人 has applied to close off (申请销号): waiting for a leader's 销号."""
    return RectificationFactory(
        recorded_by=staff, campaign=staff.bureau.campaigns.get(), status="applied", result="已完善学习制度"
    )


def _close(client, item, **data):
    return client.post(reverse("campaigns:rectification-step", args=[item.pk, "close"]), data)


@pytest.mark.parametrize("reviewer", ["leader", "admin_user"])
def test_a_leader_or_admin_closes_off_an_applied_item(client, request, applied, reviewer):
    user = request.getfixturevalue(reviewer)
    client.force_login(user)
    assert ">销号</a>" in client.get(applied.get_absolute_url()).content.decode()
    response = _close(client, applied, opinion="整改到位")
    assert response.status_code == 302 and response.url == applied.get_absolute_url()
    applied.refresh_from_db()
    assert applied.status == "closed"
    assert applied.closed_by == user and applied.closed_on == timezone.localdate()
    event = WorkEvent.objects.of(applied).get(step="close")
    assert (event.actor, event.opinion) == (user, "整改到位")
    assert (event.state_before, event.state_after) == ("applied", "closed")


def test_staff_cannot_close_off_their_own_rectification(client, staff, applied):
    client.force_login(staff)
    assert ">销号</a>" not in client.get(applied.get_absolute_url()).content.decode()
    response = _close(client, applied)
    assert response.status_code == 403
    assert "您无权对该事项执行“销号”" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == "applied" and applied.closed_on is None


def test_anonymous_closing_off_is_sent_to_login(client, applied):
    response = _close(client, applied)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    applied.refresh_from_db()
    assert applied.status == "applied"


def test_closing_off_an_item_not_applied_for_is_refused(client, leader, staff):
    item = RectificationFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), status="in_progress")
    client.force_login(leader)
    response = _close(client, item)
    assert response.status_code == 409
    assert "事项当前状态为“办理中”，不能“销号”" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "in_progress" and item.closed_on is None


def test_opening_the_close_off_page_changes_nothing(client, leader, applied):
    client.force_login(leader)
    response = client.get(reverse("campaigns:rectification-step", args=[applied.pk, "close"]))
    assert response.status_code == 200
    assert "确认销号" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == "applied" and applied.closed_on is None


def test_anonymous_is_sent_to_login_with_next(client, staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    url = reverse("campaigns:studysession-detail", args=[session.pk])
    response = client.get(url)
    assert response.url == f"{reverse('login')}?next={url}"


def test_other_bureau_records_never_listed(client, people):
    mine = StudySessionFactory(recorded_by=people["staff"], campaign=people["staff"].bureau.campaigns.get())
    client.force_login(people["outsider"])
    response = client.get(reverse("campaigns:studysession-list"))
    assert mine.topic not in response.content.decode()
    assert StudySession.objects.restrict(people["outsider"]).count() == 0


def test_parent_bureau_leader_reads_children_but_cannot_change(client, staff, city_leader):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    client.force_login(city_leader)
    assert client.get(reverse("campaigns:studysession-detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("campaigns:studysession-edit", args=[session.pk])).status_code == 403
