"""Two people on one record: an edit made from a stale page is refused and the other person's change
is kept; actions that arrive twice (delete, restore, verify, convert) act once."""

import pytest
from django.test import Client
from django.urls import reverse

from bureau.ledger.lifecycle import WorkEvent
from campaigns.models import Rectification, StudySession
from tests.helpers import ON_POSTGRES, Ledger, form_errors, text_of
from tests.world import StudySessionFactory, SuggestionFactory, valid_data

pytestmark = pytest.mark.django_db

STALE = "保存失败：您打开此页面后，这条记录已被他人修改"


@pytest.fixture
def session(world):
    return StudySessionFactory(
        campaign=world.campaign, recorded_by=world.user, department=world.department, topic="学习党章", attendance=20
    )


def edit_url(record):
    return reverse("campaigns:studysession-edit", args=[record.pk])


def form_of(world, session, **changes):
    return {**valid_data("study-sessions", world), "topic": session.topic, "attendance": session.attendance, **changes}


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def test_an_edit_from_a_stale_page_is_refused_and_the_other_change_is_kept(staff_client, admin_client, world, session):
    opened = session.version
    assert (
        admin_client.post(
            edit_url(session), form_of(world, session, attendance="35", opened_version=opened)
        ).status_code
        == 302
    )
    ledger = Ledger()
    response = staff_client.post(edit_url(session), form_of(world, session, topic="我的修改", opened_version=opened))
    assert response.status_code == 400
    page = text_of(response)
    assert STALE in page
    assert "参加人数" in page and "35" in page  # what the other person changed is shown
    assert "我的修改" in page  # and what this user typed is still in the form
    ledger.assert_unchanged()
    session.refresh_from_db()
    assert (session.topic, session.attendance) == ("学习党章", 35)


def test_after_seeing_the_newer_version_the_user_can_save(staff_client, admin_client, world, session):
    opened = session.version
    admin_client.post(edit_url(session), form_of(world, session, attendance="35", opened_version=opened))
    refused = staff_client.post(edit_url(session), form_of(world, session, topic="我的修改", opened_version=opened))
    resubmit = refused.context["form"].data.copy()
    ledger = Ledger()
    response = staff_client.post(edit_url(session), resubmit)
    assert response.status_code == 302
    ledger.assert_unchanged(ignore=[StudySession, "campaigns.HistoricalStudySession"])
    session.refresh_from_db()
    assert (session.topic, session.attendance, session.version) == ("我的修改", 20, 3)


@pytest.mark.parametrize("opened", ["999", "0", "-1", str(2**70)])
def test_a_version_that_never_existed_is_refused_as_stale(staff_client, world, session, opened):
    ledger = Ledger()
    response = staff_client.post(edit_url(session), form_of(world, session, topic="改", opened_version=opened))
    assert response.status_code == 400
    assert STALE in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize("opened", ["abc", "1.5", "²"])
def test_a_version_that_is_no_number_is_refused(staff_client, world, session, opened):
    ledger = Ledger()
    response = staff_client.post(edit_url(session), form_of(world, session, topic="改", opened_version=opened))
    assert response.status_code == 400
    assert "输入整数" in " ".join(form_errors(response)["opened_version"])
    ledger.assert_unchanged()


def test_editing_a_record_someone_just_deleted_is_a_404(staff_client, admin_client, world, session):
    assert admin_client.post(reverse("campaigns:studysession-delete", args=[session.pk])).status_code == 302
    ledger = Ledger()
    response = staff_client.post(edit_url(session), form_of(world, session, topic="改", opened_version=session.version))
    assert response.status_code == 404
    ledger.assert_unchanged()


def test_deleting_twice_deletes_once(staff_client, session):
    url = reverse("campaigns:studysession-delete", args=[session.pk])
    assert staff_client.post(url).status_code == 302
    ledger = Ledger()
    assert staff_client.post(url).status_code == 404
    ledger.assert_unchanged()


def test_restoring_twice_restores_once(staff_client, world, session):
    session.soft_delete(world.user)
    url = f"/recycle-bin/study-sessions/{session.pk}/restore/"
    assert staff_client.post(url).status_code == 302
    ledger = Ledger()
    assert staff_client.post(url).status_code == 404
    ledger.assert_unchanged()
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_a_suggestion_converted_twice_makes_one_rectification(staff_client, world):
    suggestion = SuggestionFactory(campaign=world.campaign, recorded_by=world.user, department=world.department)
    url = reverse("surveys:suggestion-rectify", args=[suggestion.pk])
    ledger = Ledger()
    first = staff_client.post(url)
    second = staff_client.post(url)
    assert first.status_code == 302
    assert second.status_code == 409
    assert "已经转为整改事项，不会重复创建" in text_of(second)
    # One item, given (交办) to the user who asked: its first step of the work loop with it.
    ledger.assert_created(Rectification, WorkEvent, also=["surveys.Suggestion", "surveys.HistoricalSuggestion"])


def test_closing_a_month_twice_closes_it_once(client, leader, world):
    from reports.models import MonthClose

    client.force_login(leader)
    data = {"campaign": world.campaign.pk, "month": "2019-10"}
    assert client.post(reverse("reports:close-month"), data).status_code == 302
    ledger = Ledger()
    again = client.post(reverse("reports:close-month"), data)
    assert again.status_code == 400
    assert "该月已报送" in text_of(again)
    ledger.assert_unchanged()
    assert MonthClose.objects.count() == 1


def test_a_record_in_a_month_closed_meanwhile_cannot_be_saved(staff_client, leader, world, session):
    """The month was closed while the user had the form open: the save is refused with the reason."""
    leader_client = Client()
    leader_client.force_login(leader)
    assert (
        leader_client.post(
            reverse("reports:close-month"), {"campaign": world.campaign.pk, "month": "2019-10"}
        ).status_code
        == 302
    )
    ledger = Ledger()
    response = staff_client.post(edit_url(session), form_of(world, session, topic="改", opened_version=session.version))
    assert response.status_code == 400
    assert "月报已报送，该月的记录已锁定" in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="two connections racing on one row: PostgreSQL (CI runs it there); SQLite serialises writers anyway",
)
def test_of_two_simultaneous_saves_one_is_refused_with_the_diff(staff, colleague, admin_user, campaign, department):
    """Both people opened version N and press 保存 at the same moment. Each request passes the version
    check before either has written; the conditional update lets exactly one through, and the other is
    told what the first one changed, with its own typing kept."""
    import threading

    from django.db import connection, transaction

    from campaigns.forms import StudySessionForm

    session = StudySessionFactory(
        campaign=campaign, recorded_by=staff, department=department, topic="学习党章", attendance=20
    )
    opened = session.version
    data = {
        "campaign": campaign.pk,
        "kind": "collective",
        "date": "2019-10-15",
        "topic": "学习党章",
        "attendance": "20",
        "department": department.pk,
        "opened_version": opened,
    }
    first_wrote, second_checked = threading.Event(), threading.Event()
    results = {}

    def first():
        # The admin's save: checked and written, then held uncommitted until the other save has been checked.
        try:
            with transaction.atomic():
                record = StudySession.objects.get(pk=session.pk)
                form = StudySessionForm(data={**data, "attendance": "35"}, instance=record, user=admin_user)
                assert form.is_valid(), form.errors
                form.save()
                first_wrote.set()
                second_checked.wait(10)
            results["first"] = "saved"
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_wrote.wait(10)
    # The owner's request, through the page: its version check reads the last committed version (N), passes,
    # and its write waits for the admin's row lock; once that commits, it matches no row.
    client = Client()
    client.force_login(staff)

    def release_soon():
        second_checked.wait(0.5)
        second_checked.set()

    threading.Thread(target=release_soon).start()
    response = client.post(edit_url(session), {**data, "topic": "我的修改"})
    thread.join(10)
    assert results["first"] == "saved"
    assert response.status_code == 400
    page = text_of(response)
    assert STALE in page
    assert "参加人数" in page and "35" in page  # the other person's change is shown
    assert "我的修改" in page  # and what this user typed is kept
    session.refresh_from_db()
    assert (session.topic, session.attendance, session.version) == ("学习党章", 35, opened + 1)
