"""What the enterprise-strand pages do for whom (DESIGN §3). Which role gets which status on every page is
in tests/test_access_matrix.py; here what a permitted request changes and what each role is offered."""

import datetime

import pytest
from django.urls import reverse

from enterprises.models import Enterprise, EnterpriseVisit, Policy, Qualification
from tests.world import EnterpriseFactory, EnterpriseVisitFactory


def _make(kind, owner):
    if kind == "enterprise":
        return EnterpriseFactory(recorded_by=owner)
    return EnterpriseVisitFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())


def _prefilled_create_pages(visit):
    """The create pages opened from an enterprise or its visit, with what they preselect."""
    return [
        ("enterprisevisit", {"enterprise": visit.enterprise_id}),
        ("enterpriseissue", {"visit": visit.pk}),
        ("application", {"enterprise": visit.enterprise_id}),
        ("cooperationagreement", {"enterprise": visit.enterprise_id}),
    ]


def test_a_create_page_opened_from_an_enterprise_preselects_it(client, staff):
    visit = _make("enterprisevisit", staff)
    client.force_login(staff)
    for name, params in _prefilled_create_pages(visit):
        response = client.get(reverse(f"enterprises:{name}-create"), params)
        assert f'<option value="{visit.enterprise_id}" selected>' in response.content.decode(), name


def test_an_outsider_opening_it_has_nothing_preselected(client, staff, outsider):
    # Only the enterprise's own bureau sees it preselected; the outsider's form is for their own bureau.
    visit = _make("enterprisevisit", staff)
    client.force_login(outsider)
    for name, params in _prefilled_create_pages(visit):
        response = client.get(reverse(f"enterprises:{name}-create"), params)
        assert f'<option value="{visit.enterprise_id}" selected>' not in response.content.decode(), name


QUALIFICATION = {"kind": "provincial_sme", "awarded_on": "2018-12-20", "valid_until": "", "certificate_no": ""}


def _add_qualification(client, enterprise):
    return client.post(reverse("enterprises:enterprise-qualification-add", args=[enterprise.pk]), QUALIFICATION)


def test_the_owner_adds_a_qualification(client, staff):
    enterprise = _make("enterprise", staff)
    client.force_login(staff)
    assert _add_qualification(client, enterprise).status_code == 302
    assert Qualification.objects.filter(enterprise=enterprise).exists()


def test_the_admin_adds_a_qualification(client, staff, admin_user):
    enterprise = _make("enterprise", staff)
    client.force_login(admin_user)
    assert _add_qualification(client, enterprise).status_code == 302
    assert Qualification.objects.filter(enterprise=enterprise).exists()


def test_a_colleague_cannot_add_a_qualification(client, staff, colleague):
    enterprise = _make("enterprise", staff)
    client.force_login(colleague)
    assert _add_qualification(client, enterprise).status_code == 403
    assert not Qualification.objects.exists()


@pytest.fixture
def qualification(staff):
    return Qualification.objects.create(
        enterprise=_make("enterprise", staff), kind="provincial_sme", awarded_on=datetime.date(2018, 12, 20)
    )


def _delete_qualification(client, qualification):
    return client.post(reverse("enterprises:qualification-delete", args=[qualification.pk]))


def test_the_owner_deletes_a_qualification(client, staff, qualification):
    client.force_login(staff)
    assert _delete_qualification(client, qualification).status_code == 302
    assert not Qualification.objects.exists()


def test_the_admin_deletes_a_qualification(client, admin_user, qualification):
    client.force_login(admin_user)
    assert _delete_qualification(client, qualification).status_code == 302
    assert not Qualification.objects.exists()


def test_a_colleague_cannot_delete_a_qualification(client, colleague, qualification):
    client.force_login(colleague)
    assert _delete_qualification(client, qualification).status_code == 403
    assert Qualification.objects.exists()


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
    assert not EnterpriseVisit.objects.restrict(people["outsider"]).exists()


def test_parent_bureau_leader_reads_the_timeline_but_cannot_change(client, staff, city_leader):
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
