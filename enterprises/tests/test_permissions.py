"""Every enterprise-strand page × every role (DESIGN §3): who may see, create, change and delete."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise, EnterpriseVisit, Policy, Qualification
from tests.world import (
    ApplicationFactory,
    CooperationAgreementFactory,
    EnterpriseFactory,
    EnterpriseIssueFactory,
    EnterpriseVisitFactory,
    InstitutionFactory,
)

ROLES = ["anonymous", "staff", "colleague", "leader", "admin", "outsider"]

# Expected status per role for a record recorded by `staff` (the owner).
READ = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 404}
LIST = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 200}
CHANGE = {"anonymous": 302, "staff": 200, "colleague": 403, "leader": 403, "admin": 200, "outsider": 404}
DELETE_POST = {**CHANGE, "staff": 302, "admin": 302}
CREATE = LIST
# A POST that reaches the form with nothing in it is bad input (400) for whoever may change the record.
BAD_POST = {**CHANGE, "staff": 400, "admin": 400}


def _make(kind, owner):
    campaign = owner.bureau.campaigns.get()
    if kind == "enterprise":
        return EnterpriseFactory(recorded_by=owner)
    if kind == "enterprisevisit":
        return EnterpriseVisitFactory(recorded_by=owner, campaign=campaign)
    if kind == "enterpriseissue":
        return EnterpriseIssueFactory(recorded_by=owner, campaign=campaign)
    if kind == "application":
        return ApplicationFactory(recorded_by=owner, campaign=campaign)
    if kind == "institution":
        return InstitutionFactory(recorded_by=owner)
    return CooperationAgreementFactory(recorded_by=owner, campaign=campaign)


KINDS = ["enterprise", "enterprisevisit", "enterpriseissue", "application", "institution", "cooperationagreement"]


def _client_for(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_record_pages_by_role(client, people, role, kind):
    record = _make(kind, people["staff"])
    _client_for(client, people, role)

    def status(method, action, **kwargs):
        url = reverse(f"enterprises:{kind}-{action}", **kwargs)
        return getattr(client, method)(url).status_code

    assert status("get", "list") == LIST[role]
    assert status("get", "create") == CREATE[role]
    assert status("get", "detail", args=[record.pk]) == READ[role]
    assert status("get", "history", args=[record.pk]) == READ[role]
    assert status("get", "edit", args=[record.pk]) == CHANGE[role]
    assert status("post", "edit", args=[record.pk]) == BAD_POST[role]
    assert status("get", "delete", args=[record.pk]) == CHANGE[role]
    assert status("post", "attach", args=[record.pk]) == BAD_POST[role]
    first_version = record.history.earliest("history_date").history_id
    assert status("post", "revert", args=[record.pk, first_version]) == DELETE_POST[role]
    assert status("post", "delete", args=[record.pk]) == DELETE_POST[role]
    deleted = type(record).all_objects.get(pk=record.pk).deleted_at is not None
    assert deleted == (role != "anonymous" and DELETE_POST[role] == 302)


@pytest.mark.parametrize("role", ROLES)
def test_prefilled_create_pages_by_role(client, people, role):
    visit = _make("enterprisevisit", people["staff"])
    _client_for(client, people, role)
    for name, params in [
        ("enterprisevisit", {"enterprise": visit.enterprise_id}),
        ("enterpriseissue", {"visit": visit.pk}),
        ("application", {"enterprise": visit.enterprise_id}),
        ("cooperationagreement", {"enterprise": visit.enterprise_id}),
    ]:
        response = client.get(reverse(f"enterprises:{name}-create"), params)
        assert response.status_code == CREATE[role]
        if response.status_code == 200:
            # Only the enterprise's own bureau sees it preselected.
            preselected = f'<option value="{visit.enterprise_id}" selected>' in response.content.decode()
            assert preselected == (role != "outsider")


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_qualification_by_role(client, people, role):
    enterprise = _make("enterprise", people["staff"])
    _client_for(client, people, role)
    url = reverse("enterprises:enterprise-qualification-add", args=[enterprise.pk])
    expected = {**CHANGE, "staff": 302, "admin": 302}
    data = {"kind": "provincial_sme", "awarded_on": "2018-12-20", "valid_until": "", "certificate_no": ""}
    assert client.post(url, data).status_code == expected[role]
    assert Qualification.objects.exists() == (role in ("staff", "admin"))
    assert client.get(url).status_code == (302 if role == "anonymous" else 405)


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_qualification_by_role(client, people, role):
    enterprise = _make("enterprise", people["staff"])
    qualification = Qualification.objects.create(
        enterprise=enterprise, kind="provincial_sme", awarded_on=datetime.date(2018, 12, 20)
    )
    _client_for(client, people, role)
    url = reverse("enterprises:qualification-delete", args=[qualification.pk])
    assert client.post(url).status_code == DELETE_POST[role]
    assert Qualification.objects.exists() == (role not in ("staff", "admin"))


def test_anonymous_is_sent_to_login_with_next(client, staff):
    enterprise = _make("enterprise", staff)
    url = enterprise.get_absolute_url()
    response = client.get(url)
    assert response.url == f"{reverse('login')}?next={url}"


def test_other_bureau_records_never_listed_or_counted(client, people):
    visit = _make("enterprisevisit", people["staff"])
    client.force_login(people["outsider"])
    for name in ("enterprise-list", "enterprisevisit-list"):
        assert visit.enterprise.name not in client.get(reverse(f"enterprises:{name}")).content.decode()
    assert Enterprise.objects.restrict(people["outsider"]).count() == 0
    assert EnterpriseVisit.objects.restrict(people["outsider"]).enterprise_count() == 0


def test_parent_bureau_leader_reads_the_timeline_but_cannot_change(client, staff):
    from tests.world import BureauFactory, UserFactory

    city = BureauFactory(name="丽水市科学技术局", level="city")
    county = staff.bureau
    county.parent = city
    county.save()
    city_leader = UserFactory(username="cityboss", bureau=city, role="leader")
    visit = _make("enterprisevisit", staff)
    client.force_login(city_leader)
    response = client.get(visit.enterprise.get_absolute_url())
    assert response.status_code == 200
    assert "送政策" in response.content.decode()
    assert client.get(reverse("enterprises:enterprise-edit", args=[visit.enterprise.pk])).status_code == 403


def test_a_bureau_admin_manages_only_their_own_policy_list(client, admin_user, outsider):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:enterprises_policy_changelist")).content.decode()
    assert "高新技术企业认定" in listing
    form = client.get(reverse("admin:enterprises_policy_add")).content.decode()
    assert outsider.bureau.name not in form  # no bureau to choose: a new policy is the admin's bureau's
    theirs = outsider.bureau.pk
    response = client.post(
        reverse("admin:enterprises_policy_add"), {"bureau": theirs, "name": "外县政策", "order": 1, "is_active": "on"}
    )
    assert response.status_code == 302
    assert Policy.objects.get(name="外县政策").bureau == admin_user.bureau  # the forged bureau is ignored
