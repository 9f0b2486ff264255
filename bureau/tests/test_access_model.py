"""The access model's rules that were findings: workflow fields are not history, a closed month locks the
facts of that month (not later progress), a record's history page costs a fixed number of queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.access import Action, allows
from bureau.ledger.attachments import Attachment
from campaigns.models import Rectification, StudySession
from tests.helpers import png_bytes
from tests.world import RectificationFactory, StudySessionFactory

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2019, 11, 12)


@pytest.fixture
def november_closed(monkeypatch):
    """November 2019 is closed, December open (as after a close on the first days of December)."""
    from bureau.ledger import period_locks

    monkeypatch.setattr(period_locks, "_checkers", [lambda bureau_id, day: (day.year, day.month) == (2019, 11)])


def rectification_form(rectification, **changes):
    data = {
        "campaign": rectification.campaign_id,
        "source": rectification.source,
        "date": rectification.date.isoformat(),
        "problem": rectification.problem,
        "measure": rectification.measure,
        "owner": rectification.owner_id,
        "deadline": rectification.deadline.isoformat(),
        "status": rectification.status,
        "rectified_on": rectification.rectified_on.isoformat() if rectification.rectified_on else "",
        "result": rectification.result,
        "department": rectification.department_id or "",
        "notes": rectification.notes,
        "opened_version": rectification.version,
    }
    return {**data, **changes}


# --- workflow fields are not history ---------------------------------------------------------------------


@pytest.fixture
def verified(staff, leader, campaign):
    item = RectificationFactory(
        campaign=campaign, recorded_by=staff, owner=staff, date=datetime.date(2019, 10, 20), measure="初定措施"
    )
    item.measure = "修订后的措施"
    item.status, item.rectified_on, item.result = "rectified", datetime.date(2019, 10, 30), "已整改"
    item.save()
    item.verify(leader)
    return item


def test_staff_cannot_revert_what_a_leader_verified(client, staff, verified):
    client.force_login(staff)
    first = verified.history.earliest("history_date")
    response = client.post(reverse("campaigns:rectification-revert", args=[verified.pk, first.history_id]))
    assert response.status_code == 403
    assert "已由局领导验收" in response.content.decode()
    verified.refresh_from_db()
    assert verified.status == "verified" and verified.verified_by is not None and verified.measure == "修订后的措施"
    assert not allows(staff, Action.CHANGE, verified)


def test_an_admins_revert_brings_back_values_but_never_the_verification(client, admin_user, leader, verified):
    client.force_login(admin_user)
    # The rectified version, before the leader verified it.
    before = verified.history.filter(status="rectified").earliest("history_date")
    response = client.post(reverse("campaigns:rectification-revert", args=[verified.pk, before.history_id]))
    assert response.status_code == 302
    verified.refresh_from_db()
    assert verified.status == "verified" and verified.verified_by == leader and verified.verified_at is not None


def test_a_revert_cannot_make_a_status_move_the_role_may_not_make(client, staff, leader, campaign):
    item = RectificationFactory(campaign=campaign, recorded_by=staff, owner=staff, date=datetime.date(2019, 10, 20))
    item.status, item.rectified_on = "rectified", datetime.date(2019, 10, 30)
    item.save()
    item.verify(leader)
    # The verification was withdrawn (say, by a superuser in the shell): the item is back to 已整改.
    item.status, item.verified_by, item.verified_at = "rectified", None, None
    item.save()
    verified_version = item.history.filter(status="verified").get()
    client.force_login(staff)
    response = client.post(reverse("campaigns:rectification-revert", args=[item.pk, verified_version.history_id]))
    assert response.status_code == 409  # 已验收 is no status a staff member may choose
    item.refresh_from_db()
    assert item.status == "rectified" and item.verified_by is None


# --- a closed month locks its facts, not later progress ----------------------------------------------------


@pytest.fixture
def november_item(staff, campaign):
    return RectificationFactory(
        campaign=campaign,
        recorded_by=staff,
        owner=staff,
        date=NOVEMBER,
        deadline=datetime.date(2019, 12, 31),
        problem="十一月查摆的问题",
        status="open",
    )


def test_progress_on_a_november_item_is_made_in_december(client, staff, november_item, november_closed):
    client.force_login(staff)
    url = reverse("campaigns:rectification-edit", args=[november_item.pk])
    response = client.post(url, rectification_form(november_item, status="in_progress", measure="十二月制定措施"))
    assert response.status_code == 302
    november_item.refresh_from_db()
    assert (november_item.status, november_item.measure) == ("in_progress", "十二月制定措施")
    done = client.post(
        url, rectification_form(november_item, status="rectified", rectified_on="2019-12-10", result="已整改")
    )
    assert done.status_code == 302


def test_the_facts_of_a_november_item_stay_as_closed(client, staff, november_item, november_closed):
    client.force_login(staff)
    url = reverse("campaigns:rectification-edit", args=[november_item.pk])
    response = client.post(url, rectification_form(november_item, problem="改写了问题"))
    assert response.status_code == 400 and "已锁定" in response.content.decode()
    done_in_november = client.post(
        url, rectification_form(november_item, status="rectified", rectified_on="2019-11-28")
    )
    assert done_in_november.status_code == 400  # that would change November's 完成整改
    november_item.refresh_from_db()
    assert (november_item.problem, november_item.status) == ("十一月查摆的问题", "open")


def test_a_leader_verifies_a_november_item_in_december(client, leader, staff, november_item, november_closed):
    november_item.status, november_item.rectified_on = "rectified", datetime.date(2019, 12, 5)
    november_item.save()
    client.force_login(leader)
    response = client.post(reverse("campaigns:rectification-verify", args=[november_item.pk]))
    assert response.status_code == 302
    assert Rectification.objects.get(pk=november_item.pk).status == "verified"


def test_attaching_to_a_record_of_a_closed_month_is_refused(client, staff, campaign, november_closed):
    session = StudySessionFactory(campaign=campaign, recorded_by=staff, date=NOVEMBER)
    client.force_login(staff)
    photo = SimpleUploadedFile("补拍.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("campaigns:studysession-attach", args=[session.pk]), {"files": photo, "kind": "photo"}
    )
    assert response.status_code == 403 and "已锁定" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_edit_form_takes_no_attachment_for_a_record_of_a_closed_month(
    client, staff, november_item, november_closed
):
    client.force_login(staff)
    photo = SimpleUploadedFile("整改照片.png", png_bytes(), content_type="image/png")
    data = rectification_form(november_item, status="in_progress", attachment_files=photo)
    response = client.post(reverse("campaigns:rectification-edit", args=[november_item.pk]), data)
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert Rectification.objects.get(pk=november_item.pk).status == "open"


def test_a_closed_months_stored_workbook_stays_byte_identical(client, leader, staff, campaign, november_item):
    import hashlib

    from reports.models import MonthClose

    client.force_login(leader)
    assert client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2019-11"}).status_code == 302
    closed = MonthClose.objects.get()
    stored = closed.workbook.open("rb").read()
    november_item.status = "in_progress"  # progress in December
    november_item.save()
    download = client.get(reverse("reports:closed-workbook", args=[closed.pk]))
    content = b"".join(download.streaming_content)
    assert content == stored and hashlib.sha256(content).hexdigest() == closed.sha256


# --- the history page ---------------------------------------------------------------------------------------


def _versions(record, n, staff):
    for i in range(n):
        record.topic = f"第{i}稿"
        record.attendance = i
        record.department = None if i % 2 else staff.department
        record.save()


@pytest.mark.parametrize("versions", [3, 30])
def test_the_history_page_costs_the_same_queries_at_3_and_30_versions(
    client, staff, campaign, versions, django_assert_num_queries
):
    session = StudySessionFactory(campaign=campaign, recorded_by=staff)
    _versions(session, versions - 1, staff)
    client.force_login(staff)
    url = reverse("campaigns:studysession-history", args=[session.pk])
    client.get(url)
    # session, user, the record, its attachments, may the user change it, the versions with their users,
    # the departments the versions name, the 我的待办 badge, the session refresh, two savepoint pairs.
    with django_assert_num_queries(13):
        response = client.get(url)
    assert len(response.context["versions"]) == versions


def test_a_soft_deleted_record_keeps_its_history_readable_for_its_bureau_only(client, staff, outsider, campaign):
    session = StudySessionFactory(campaign=campaign, recorded_by=staff)
    session.soft_delete(staff)
    client.force_login(staff)
    assert client.get(reverse("campaigns:studysession-history", args=[session.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("campaigns:studysession-history", args=[session.pk])).status_code == 404
    assert StudySession.all_objects.restrict(outsider, Action.VIEW).count() == 0
