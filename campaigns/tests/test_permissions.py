"""What the campaign pages do for whom (DESIGN §3). Which role gets which status on every page is in
tests/test_access_matrix.py; here what a permitted request changes and what a refusal says."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import StudySession
from tests.world import PlanTaskFactory, RectificationFactory, StudySessionFactory


def _make(kind, owner):
    if kind == "studysession":
        return StudySessionFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())
    if kind == "rectification":
        return RectificationFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())
    return PlanTaskFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())


def _delete(client, record, kind):
    return client.post(reverse(f"campaigns:{kind}-delete", args=[record.pk]))


def _in_the_bin(record) -> bool:
    return type(record).all_objects.get(pk=record.pk).deleted_at is not None


@pytest.mark.parametrize("kind", ["studysession", "rectification"])
def test_the_owner_deletes_their_record_into_the_bin(client, staff, kind):
    record = _make(kind, staff)
    client.force_login(staff)
    assert _delete(client, record, kind).status_code == 302
    assert _in_the_bin(record)


@pytest.mark.parametrize("kind", ["studysession", "rectification", "plantask"])
def test_the_admin_deletes_a_record_into_the_bin(client, staff, admin_user, kind):
    # The plan is the admin's: a plan task's owner is the admin.
    record = _make(kind, admin_user if kind == "plantask" else staff)
    client.force_login(admin_user)
    assert _delete(client, record, kind).status_code == 302
    assert _in_the_bin(record)


@pytest.mark.parametrize("kind", ["studysession", "rectification", "plantask"])
def test_a_colleagues_delete_is_refused_and_leaves_the_record(client, staff, colleague, admin_user, kind):
    record = _make(kind, admin_user if kind == "plantask" else staff)
    client.force_login(colleague)
    assert _delete(client, record, kind).status_code == 403
    assert not _in_the_bin(record)


@pytest.fixture
def rectified(staff):
    return RectificationFactory(
        recorded_by=staff,
        campaign=staff.bureau.campaigns.get(),
        status="rectified",
        rectified_on=datetime.date(2019, 11, 1),
    )


def _verify(client, item):
    return client.post(reverse("campaigns:rectification-verify", args=[item.pk]))


def test_the_leader_verifies_a_rectified_item(client, leader, rectified):
    client.force_login(leader)
    assert _verify(client, rectified).status_code == 302
    rectified.refresh_from_db()
    assert rectified.status == "verified"


def test_the_admin_verifies_a_rectified_item(client, admin_user, rectified):
    client.force_login(admin_user)
    assert _verify(client, rectified).status_code == 302
    rectified.refresh_from_db()
    assert rectified.status == "verified"


def test_staff_cannot_verify_their_own_rectification(client, staff, rectified):
    client.force_login(staff)
    assert _verify(client, rectified).status_code == 403
    rectified.refresh_from_db()
    assert rectified.status == "rectified"


def test_anonymous_verifying_is_sent_to_login(client, rectified):
    response = _verify(client, rectified)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_verifying_an_open_item_is_refused(client, leader, staff):
    item = RectificationFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), status="open")
    client.force_login(leader)
    response = client.post(reverse("campaigns:rectification-verify", args=[item.pk]))
    assert response.status_code == 409
    assert "只有状态为“已整改”的事项才能验收" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"


def test_verify_needs_post(client, leader, staff):
    item = RectificationFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    client.force_login(leader)
    assert client.get(reverse("campaigns:rectification-verify", args=[item.pk])).status_code == 405


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


def test_parent_bureau_leader_reads_children_but_cannot_change(client, staff):
    from tests.world import BureauFactory, UserFactory

    city = BureauFactory(name="丽水市科学技术局", level="city")
    county = staff.bureau
    county.parent = city
    county.save()
    city_leader = UserFactory(username="cityboss", bureau=city, role="leader")
    session = StudySessionFactory(recorded_by=staff, campaign=county.campaigns.get())
    client.force_login(city_leader)
    assert client.get(reverse("campaigns:studysession-detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("campaigns:studysession-edit", args=[session.pk])).status_code == 403
