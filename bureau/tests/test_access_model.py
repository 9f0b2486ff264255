"""The access model's rules that were findings: workflow fields are not history, a closed month locks the
facts of that month (not later progress), a record's history page costs a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.access import Action, allows
from bureau.ledger.attachments import Attachment
from bureau.ledger.lifecycle import Step, WorkEvent, take_step
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
        "supervisor": rectification.supervisor_id or "",
        "deadline": rectification.deadline.isoformat(),
        "department": rectification.department_id or "",
        "notes": rectification.notes,
        "opened_version": rectification.version,
    }
    return {**data, **changes}


def step_url(item, step):
    return reverse("campaigns:rectification-step", args=[item.pk, step])


# --- workflow fields are not history ---------------------------------------------------------------------


@pytest.fixture
def closed_off(staff, leader, campaign):
    """Recorded, its measure revised, acknowledged, applied for and closed off (销号) by the leader."""
    item = RectificationFactory(
        campaign=campaign, recorded_by=staff, owner=staff, date=datetime.date(2019, 10, 20), measure="初定措施"
    )
    item.measure = "修订后的措施"
    item.save()
    item, _event = take_step(item, Step.ACKNOWLEDGE, staff)
    item, _event = take_step(item, Step.APPLY, staff, values={"result": "已整改"})
    item, _event = take_step(item, Step.CLOSE, leader, opinion="同意销号")
    return item


def test_staff_cannot_revert_what_a_leader_closed_off(client, staff, leader, closed_off):
    client.force_login(staff)
    first = closed_off.history.earliest("history_date")
    response = client.post(reverse("campaigns:rectification-revert", args=[closed_off.pk, first.history_id]))
    assert response.status_code == 403
    assert "只有局领导或管理员可以修改" in response.content.decode()
    closed_off.refresh_from_db()
    assert (closed_off.status, closed_off.closed_by, closed_off.measure) == ("closed", leader, "修订后的措施")
    assert not allows(staff, Action.CHANGE, closed_off)


def test_an_admins_revert_brings_back_values_but_never_the_close_off(client, admin_user, leader, closed_off):
    client.force_login(admin_user)
    # The first version: pending, with the first measure, before anyone applied or closed it off.
    first = closed_off.history.earliest("history_date")
    assert (first.status, first.measure) == ("pending", "初定措施")
    response = client.post(reverse("campaigns:rectification-revert", args=[closed_off.pk, first.history_id]))
    assert response.status_code == 302
    closed_off.refresh_from_db()
    assert closed_off.measure == "初定措施"
    assert (closed_off.status, closed_off.closed_by, closed_off.result) == ("closed", leader, "已整改")
    assert closed_off.closed_on == timezone.localdate()


def test_a_revert_never_moves_the_work_state(client, staff, leader, closed_off):
    # The close-off was withdrawn (say, by a superuser in the shell): the item waits for review again.
    closed_off.status, closed_off.closed_on, closed_off.closed_by = "applied", None, None
    closed_off.save()
    closed_version = closed_off.history.filter(status="closed").get()
    client.force_login(staff)
    response = client.post(reverse("campaigns:rectification-revert", args=[closed_off.pk, closed_version.history_id]))
    assert response.status_code == 302
    closed_off.refresh_from_db()
    # 已销号 is no state a revert brings back: only a leader's 销号 closes an item off.
    assert (closed_off.status, closed_off.closed_on, closed_off.closed_by) == ("applied", None, None)


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
        status="pending",
    )


def test_progress_on_a_november_item_is_made_in_december(client, staff, november_item, november_closed):
    client.force_login(staff)
    url = reverse("campaigns:rectification-edit", args=[november_item.pk])
    response = client.post(url, rectification_form(november_item, measure="十二月制定措施"))
    assert response.status_code == 302
    assert client.post(step_url(november_item, "acknowledge"), {"opinion": "收到"}).status_code == 302
    november_item.refresh_from_db()
    assert (november_item.status, november_item.measure) == ("in_progress", "十二月制定措施")
    progress = client.post(step_url(november_item, "progress"), {"opinion": "已召开专题会议"})
    assert progress.status_code == 302
    applied = client.post(step_url(november_item, "apply"), {"result": "已整改"})
    assert applied.status_code == 302
    november_item.refresh_from_db()
    assert (november_item.status, november_item.result) == ("applied", "已整改")


def test_the_facts_of_a_november_item_stay_as_closed(client, staff, leader, november_item, november_closed):
    client.force_login(staff)
    url = reverse("campaigns:rectification-edit", args=[november_item.pk])
    response = client.post(url, rectification_form(november_item, problem="改写了问题"))
    assert response.status_code == 400 and "已锁定" in response.content.decode()
    november_item.refresh_from_db()
    assert (november_item.problem, november_item.status) == ("十一月查摆的问题", "pending")
    # A close-off dated in November would change November's 完成整改.
    november_item.status, november_item.result = "applied", "已整改"
    november_item.save()
    with pytest.raises(ValidationError, match="已锁定"):
        take_step(november_item, Step.CLOSE, leader, on=datetime.date(2019, 11, 28))
    november_item.refresh_from_db()
    assert (november_item.status, november_item.closed_on) == ("applied", None)
    assert not WorkEvent.objects.of(november_item).filter(step=Step.CLOSE).exists()


def test_a_leader_closes_off_a_november_item_in_december(client, leader, staff, november_item, november_closed):
    november_item.status, november_item.result = "applied", "已整改"
    november_item.save()
    client.force_login(staff)
    refused = client.post(step_url(november_item, "close"), {"opinion": "自己销号"})
    assert refused.status_code == 403
    assert Rectification.objects.get(pk=november_item.pk).status == "applied"
    client.force_login(leader)
    response = client.post(step_url(november_item, "close"), {"opinion": "同意销号"})
    assert response.status_code == 302
    closed = Rectification.objects.get(pk=november_item.pk)
    assert (closed.status, closed.closed_by, closed.closed_on) == ("closed", leader, timezone.localdate())


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
    data = rectification_form(november_item, measure="十二月制定措施", attachment_files=photo)
    response = client.post(reverse("campaigns:rectification-edit", args=[november_item.pk]), data)
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert Rectification.objects.get(pk=november_item.pk).measure == "完善学习制度"


def test_a_closed_months_stored_workbook_stays_byte_identical(client, leader, staff, campaign, november_item):
    import hashlib

    from reports.models import MonthClose

    client.force_login(leader)
    assert client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2019-11"}).status_code == 302
    closed = MonthClose.objects.get()
    stored = closed.workbook.open("rb").read()
    take_step(november_item, Step.ACKNOWLEDGE, staff)  # progress in December
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
