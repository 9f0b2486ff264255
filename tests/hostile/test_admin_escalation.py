"""The Django admin inside the access model: what a county admin tried in the security probe, refused.

Each case was a finding: the admin was outside `restrict`, so a bureau admin could raise its own rights,
plant accounts in another bureau, re-parent a county, read and rewrite other bureaus' records through
their history, or hard-delete records past the recycle bin.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from bureau.ledger.uploads import store_attachment
from bureau.models import Bureau, User
from campaigns.models import StudySession
from reports.models import Target
from tests.helpers import Ledger, png_bytes, text_of
from tests.world import StudySessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def theirs(other):
    """A record of the other county, with an attachment."""
    session = StudySessionFactory(campaign=other.campaign, recorded_by=other.user, topic="外县的学习")
    upload = SimpleUploadedFile("外县签到表.png", png_bytes(), content_type="image/png")
    store_attachment(session, upload, "image/png", other.user, "sign_in")
    return session


def test_a_county_admin_cannot_make_itself_superuser(admin_client, admin_user):
    url = reverse("admin:bureau_user_change", args=[admin_user.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    body = text_of(page)
    assert 'name="is_superuser"' not in body and 'name="groups"' not in body and 'name="user_permissions"' not in body
    data = {
        "username": admin_user.username,
        "last_name": "办",
        "first_name": "公室",
        "email": "",
        "role": "admin",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [g.pk for g in admin_user.groups.all()],
        "user_permissions": [p.pk for p in Permission.objects.all()[:20]],
    }
    admin_client.post(url, data)
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert not admin_user.user_permissions.exists()


def test_a_county_admin_cannot_grant_the_auditor_role_or_rights_beyond_its_own(admin_client, colleague):
    url = reverse("admin:bureau_user_change", args=[colleague.pk])
    body = text_of(admin_client.get(url))
    assert 'value="auditor"' not in body
    response = admin_client.post(
        url,
        {"username": colleague.username, "last_name": "张", "first_name": "三", "role": "auditor", "is_active": "on"},
    )
    assert response.status_code == 400
    colleague.refresh_from_db()
    assert colleague.role == "staff"


def test_an_account_cannot_be_planted_in_another_bureau(admin_client, admin_user, other):
    ledger = Ledger()
    response = admin_client.post(
        reverse("admin:bureau_user_add"),
        {
            "username": "planted",
            "password1": "Ledger-2019-abc",
            "password2": "Ledger-2019-abc",
            "last_name": "外",
            "first_name": "来",
            "role": "admin",
            "bureau": other.bureau.pk,
            "department": other.department.pk,
        },
    )
    assert response.status_code == 400  # the other bureau's department is not a choice
    assert not User.objects.filter(username="planted").exists()
    ledger.assert_unchanged(ignore=["bureau.PasswordHistory"])
    # Without the forged department, the account is made — in the admin's own bureau, whatever was posted.
    admin_client.post(
        reverse("admin:bureau_user_add"),
        {
            "username": "planted",
            "password1": "Ledger-2019-abc",
            "password2": "Ledger-2019-abc",
            "role": "admin",
            "bureau": other.bureau.pk,
        },
    )
    planted = User.objects.get(username="planted")
    assert planted.bureau == admin_user.bureau
    assert planted.must_change_password  # a password an admin typed is changed by its owner at first login


def test_another_county_cannot_be_re_parented_and_its_own_parent_is_read_only(admin_client, admin_user, other):
    other_url = reverse("admin:bureau_bureau_change", args=[other.bureau.pk])
    assert admin_client.get(other_url).status_code == 404
    response = admin_client.post(
        other_url, {"name": other.bureau.name, "level": "county", "parent": admin_user.bureau.pk}
    )
    assert response.status_code == 404
    assert Bureau.objects.get(pk=other.bureau.pk).parent_id is None
    city = Bureau.objects.create(name="某市科学技术局", level="city")
    own_url = reverse("admin:bureau_bureau_change", args=[admin_user.bureau.pk])
    admin_client.post(own_url, {"name": admin_user.bureau.name, "level": "province", "parent": city.pk})
    own = Bureau.objects.get(pk=admin_user.bureau.pk)
    assert own.parent_id is None and own.level == "county"


def test_another_bureaus_record_history_is_a_404_and_cannot_be_posted_back(admin_client, theirs):
    version = theirs.history.earliest("history_date")
    url = reverse("admin:campaigns_studysession_simple_history", args=[theirs.pk, version.history_id])
    ledger = Ledger()
    page = admin_client.get(url)
    assert page.status_code == 404 and "外县的学习" not in text_of(page)
    assert admin_client.post(url, {"topic": "改写", "kind": "collective"}).status_code == 404
    assert admin_client.get(reverse("admin:campaigns_studysession_history", args=[theirs.pk])).status_code == 404
    ledger.assert_unchanged()


def test_records_cannot_be_added_or_changed_in_the_admin(admin_client, other, staff):
    ledger = Ledger()
    add = admin_client.post(
        reverse("admin:campaigns_studysession_add"),
        {"campaign": other.campaign.pk, "kind": "collective", "date": "2019-10-15", "topic": "后台新增"},
    )
    assert add.status_code == 403
    mine = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), topic="本县学习")
    ledger = Ledger()
    change = admin_client.post(reverse("admin:campaigns_studysession_change", args=[mine.pk]), {"topic": "后台改"})
    assert change.status_code == 403
    ledger.assert_unchanged()


def test_the_admins_drop_downs_offer_only_the_bureaus_own_rows(admin_client, admin_user, campaign, other):
    form = admin_client.get(reverse("admin:reports_target_add")).context["adminform"].form
    assert list(form.fields["campaign"].queryset) == list(admin_user.bureau.campaigns.all())
    target = admin_client.post(
        reverse("admin:reports_target_add"),
        {"campaign": other.campaign.pk, "indicator": "study.collective", "value": 9},
    )
    assert target.status_code == 400
    assert not Target.objects.filter(campaign=other.campaign).exists()
    campaign = admin_user.bureau.campaigns.get()
    form = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk])).context["adminform"].form
    assert "bureau" not in form.fields  # a campaign stays in its bureau
    inline = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk])).context[
        "inline_admin_formsets"
    ]
    user_choices = inline[0].formset.forms[0].fields["user"].queryset
    assert set(user_choices.values_list("bureau_id", flat=True)) == {admin_user.bureau_id}


def test_the_attachments_admin_lists_only_the_bureaus_files_and_changes_none(admin_client, theirs, staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    upload = SimpleUploadedFile("本县照片.png", png_bytes(), content_type="image/png")
    mine = store_attachment(session, upload, "image/png", staff, "photo")
    listing = text_of(admin_client.get(reverse("admin:bureau_attachment_changelist")))
    assert "本县照片" in listing and "外县签到表" not in listing
    foreign = Attachment.objects.get(original_name="外县签到表.png")
    assert admin_client.get(reverse("admin:bureau_attachment_change", args=[foreign.pk])).status_code == 404
    exe = SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/png")
    replaced = admin_client.post(
        reverse("admin:bureau_attachment_change", args=[mine.pk]), {"file": exe, "kind": "photo"}
    )
    assert replaced.status_code == 403  # files are replaced nowhere: uploads go through the app's byte checks
    mine.refresh_from_db()
    assert mine.original_name == "本县照片.png"
    assert admin_client.post(reverse("admin:bureau_attachment_add"), {}).status_code == 403


def test_login_attempt_pages_show_only_the_bureaus_own_accounts(admin_client, staff, other):
    AccessAttempt.objects.create(
        username=other.user.username, ip_address="10.9.9.9", user_agent="-", failures_since_start=3
    )
    AccessAttempt.objects.create(username=staff.username, ip_address="10.1.1.1", user_agent="-", failures_since_start=2)
    listing = text_of(admin_client.get(reverse("admin:axes_accessattempt_changelist")))
    assert staff.username in listing
    assert other.user.username not in listing and "10.9.9.9" not in listing


def test_a_city_admin_reads_but_cannot_edit_a_countys_settings_or_records(client, city_admin, staff, department):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), topic="县局学习")
    client.force_login(city_admin)
    assert client.get(reverse("admin:campaigns_studysession_change", args=[session.pk])).status_code == 200
    ledger = Ledger()
    assert (
        client.post(reverse("admin:campaigns_studysession_change", args=[session.pk]), {"topic": "市局改"}).status_code
        == 403
    )
    url = reverse("admin:bureau_department_change", args=[department.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "市局改名"}).status_code == 403
    delete = client.post(reverse("admin:campaigns_studysession_delete", args=[session.pk]), {"post": "yes"})
    assert delete.status_code == 403
    ledger.assert_unchanged()


def test_an_admin_delete_moves_the_record_to_the_recycle_bin(admin_client, admin_user, staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get(), topic="要删的学习")
    response = admin_client.post(reverse("admin:campaigns_studysession_delete", args=[session.pk]), {"post": "yes"})
    assert response.status_code == 302
    binned = StudySession.all_objects.get(pk=session.pk)
    assert binned.deleted_at is not None and binned.deleted_by == admin_user
    assert not StudySession.objects.filter(pk=session.pk).exists()
    bin_page = text_of(admin_client.get(reverse("ledger:recycle-bin")))
    assert "要删的学习" in bin_page


def test_bulk_delete_in_the_admin_also_goes_to_the_bin(admin_client, staff):
    campaign = staff.bureau.campaigns.get()
    sessions = [StudySessionFactory(recorded_by=staff, campaign=campaign) for _ in range(3)]
    response = admin_client.post(
        reverse("admin:campaigns_studysession_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in sessions], "post": "yes"},
    )
    assert response.status_code == 302
    assert StudySession.all_objects.filter(pk__in=[s.pk for s in sessions], deleted_at__isnull=False).count() == 3


def test_groups_and_permissions_are_the_superusers(admin_client):
    assert admin_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert admin_client.post(reverse("admin:auth_group_add"), {"name": "自建组"}).status_code == 403
