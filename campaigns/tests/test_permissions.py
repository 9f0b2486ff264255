"""Every campaign page × every role (DESIGN §3): who may see, create, change and verify."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import StudySession
from tests.world import PlanTaskFactory, RectificationFactory, StudySessionFactory

ROLES = ["anonymous", "staff", "colleague", "leader", "admin", "outsider"]

# Expected status per role for a record recorded by `staff` (the owner).
READ = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 404}
LIST = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 200}
CHANGE = {"anonymous": 302, "staff": 200, "colleague": 403, "leader": 403, "admin": 200, "outsider": 404}
DELETE_POST = {**CHANGE, "staff": 302, "admin": 302}
CREATE = LIST


def _make(kind, owner):
    if kind == "studysession":
        return StudySessionFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())
    if kind == "rectification":
        return RectificationFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())
    return PlanTaskFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())


def _client_for(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["studysession", "rectification", "plantask"])
def test_record_pages_by_role(client, people, role, kind):
    owner = people["admin"] if kind == "plantask" else people["staff"]
    record = _make(kind, owner)
    _client_for(client, people, role)
    # The plan is the admin's: the owner of a plan task is the admin, so staff cannot change it.
    change = dict(CHANGE)
    delete_post = dict(DELETE_POST)
    create = dict(CREATE)
    if kind == "plantask":
        change.update(staff=403, admin=200)
        delete_post.update(staff=403, admin=302)
        create.update(staff=403, colleague=403, leader=403)

    def status(method, action, **kwargs):
        url = reverse(f"campaigns:{kind}-{action}", **kwargs)
        return getattr(client, method)(url).status_code

    assert status("get", "list") == LIST[role]
    assert status("get", "create") == create[role]
    assert status("get", "detail", args=[record.pk]) == READ[role]
    assert status("get", "edit", args=[record.pk]) == change[role]
    assert status("get", "delete", args=[record.pk]) == change[role]
    # An upload without a file is refused as bad input (400) by whoever may change the record.
    expected_attach = 400 if change[role] == 200 else change[role]
    assert status("post", "attach", args=[record.pk]) == expected_attach
    assert status("post", "delete", args=[record.pk]) == delete_post[role]
    deleted = type(record).all_objects.get(pk=record.pk).deleted_at is not None
    assert deleted == (role != "anonymous" and delete_post[role] == 302)


VERIFY = {"anonymous": 302, "staff": 403, "colleague": 403, "leader": 302, "admin": 302, "outsider": 404}


@pytest.mark.parametrize("role", ROLES)
def test_only_leaders_and_admins_verify_rectifications(client, people, role):
    item = RectificationFactory(
        recorded_by=people["staff"],
        campaign=people["staff"].bureau.campaigns.get(),
        status="rectified",
        rectified_on=datetime.date(2019, 11, 1),
    )
    _client_for(client, people, role)
    response = client.post(reverse("campaigns:rectification-verify", args=[item.pk]))
    assert response.status_code == VERIFY[role]
    if role != "anonymous":
        item.refresh_from_db()
        assert (item.status == "verified") == (VERIFY[role] == 302)
    else:
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


@pytest.mark.parametrize("role", ROLES)
def test_home_by_role(client, people, role):
    _client_for(client, people, role)
    response = client.get("/")
    assert response.status_code == (302 if role == "anonymous" else 200)


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
