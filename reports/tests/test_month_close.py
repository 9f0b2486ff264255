"""Closing a month: the workbook kept with its SHA-256, the month locked on every path, re-opening with a reason."""

import datetime
import hashlib
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import StudySession
from reports.models import MonthClose
from tests.helpers import content_of
from tests.world import StudySessionFactory, session_data

OCTOBER = datetime.date(2019, 10, 15)


@pytest.fixture
def october_session(staff, campaign):
    return StudySessionFactory(recorded_by=staff, campaign=campaign, date=OCTOBER, topic="十月的学习")


@pytest.fixture
def closed_october(client, leader, campaign, october_session):
    client.force_login(leader)
    response = client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2019-10"})
    assert response.status_code == 302
    client.logout()
    return MonthClose.objects.get()


def test_closed_workbook_is_kept_unchanged_with_its_hash(client, leader, staff, campaign, closed_october):
    client.force_login(leader)
    first = content_of(client.get(reverse("reports:closed-workbook", args=[closed_october.pk])))
    assert hashlib.sha256(first).hexdigest() == closed_october.sha256
    # Records change afterwards (another month, still open): the stored workbook does not.
    StudySessionFactory(recorded_by=staff, campaign=campaign, date=datetime.date(2019, 11, 2))
    response = client.get(reverse("reports:closed-workbook", args=[closed_october.pk]))
    assert content_of(response) == first
    assert response["X-Content-SHA256"] == closed_october.sha256
    assert closed_october.verify()
    summary = load_workbook(io.BytesIO(first)).worksheets[0]
    assert summary["A1"].value.endswith("主题教育工作月报 2019年10月")


CLOSE = {"staff": 403, "colleague": 403, "leader": 302, "admin": 302, "outsider": 404}


@pytest.mark.parametrize("role", CLOSE)
def test_who_may_close_a_month(client, people, campaign, role):
    client.force_login(people[role])
    response = client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2019-10"})
    assert response.status_code == CLOSE[role]
    assert MonthClose.objects.exists() == (CLOSE[role] == 302)


def test_closing_twice_or_outside_the_campaign_is_refused(client, leader, campaign, closed_october):
    client.force_login(leader)
    again = client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2019-10"})
    assert again.status_code == 400 and "该月已报送" in again.content.decode()
    outside = client.post(reverse("reports:close-month"), {"campaign": campaign.pk, "month": "2021-05"})
    assert outside.status_code == 400 and "不在主题教育期间" in outside.content.decode()
    assert MonthClose.objects.count() == 1


def test_locked_month_refuses_create_by_form(client, staff, campaign, closed_october):
    client.force_login(staff)
    response = client.post(reverse("campaigns:studysession-create"), session_data(campaign, date="2019-10-20"))
    assert response.status_code == 400
    assert "月报已报送" in response.content.decode()
    assert StudySession.objects.filter(date__month=10).count() == 1


def test_locked_month_refuses_edit_and_moving_out(client, staff, campaign, october_session, closed_october):
    client.force_login(staff)
    url = reverse("campaigns:studysession-edit", args=[october_session.pk])
    for date in ("2019-10-16", "2019-11-20"):
        response = client.post(url, session_data(campaign, date=date, topic="改了"))
        assert response.status_code == 400
        assert "已锁定" in response.content.decode()
    october_session.refresh_from_db()
    assert october_session.topic == "十月的学习" and october_session.date == OCTOBER


def test_locked_month_refuses_delete_restore_and_revert(client, staff, campaign, october_session, closed_october):
    client.force_login(staff)
    response = client.post(reverse("campaigns:studysession-delete", args=[october_session.pk]))
    assert response.status_code == 403
    assert "已锁定" in response.content.decode()
    assert StudySession.objects.filter(pk=october_session.pk).exists()


def test_locked_month_refuses_reverting_to_an_earlier_version(client, staff, campaign, closed_october):
    # Two versions written straight to the database: October as closed holds 定稿.
    session = StudySessionFactory(campaign=campaign, recorded_by=staff, date=OCTOBER, topic="初稿")
    session.topic = "定稿"
    session.save()
    client.force_login(staff)
    first = session.history.earliest("history_date")
    response = client.post(reverse("campaigns:studysession-revert", args=[session.pk, first.history_id]))
    assert response.status_code == 409
    assert "已锁定" in response.content.decode()
    session.refresh_from_db()
    assert session.topic == "定稿"


def test_locked_month_refuses_admin_edit_and_delete(client, admin_user, campaign, october_session, closed_october):
    client.force_login(admin_user)
    change = reverse("admin:campaigns_studysession_change", args=[october_session.pk])
    page = client.get(change)
    assert page.status_code == 200  # shown read-only: records change on the ledger's own pages
    assert client.post(change, {"topic": "后台改的"}).status_code == 403
    october_session.refresh_from_db()
    assert october_session.topic == "十月的学习"
    delete = client.post(reverse("admin:campaigns_studysession_delete", args=[october_session.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert StudySession.objects.filter(pk=october_session.pk, deleted_at__isnull=True).exists()


def test_reopen_needs_a_reason_and_is_recorded(client, leader, staff, campaign, closed_october):
    client.force_login(leader)
    url = reverse("reports:reopen-month", args=[closed_october.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "须填写原因" in refused.content.decode()
    closed_october.refresh_from_db()
    assert closed_october.is_closed
    client.post(url, {"reason": "发现十月漏录两次集中学习，需补录"})
    closed_october.refresh_from_db()
    assert not closed_october.is_closed
    assert closed_october.reopened_by == leader and "漏录" in closed_october.reopen_reason
    client.force_login(staff)
    response = client.post(reverse("campaigns:studysession-create"), session_data(campaign, date="2019-10-20"))
    assert response.status_code == 302


def test_staff_cannot_reopen(client, staff, closed_october):
    client.force_login(staff)
    response = client.post(reverse("reports:reopen-month", args=[closed_october.pk]), {"reason": "我想改"})
    assert response.status_code == 403
    closed_october.refresh_from_db()
    assert closed_october.is_closed


def test_monthly_page_lists_closes(client, leader, closed_october):
    client.force_login(leader)
    body = client.get(reverse("reports:monthly")).content.decode()
    assert closed_october.sha256 in body and "已锁定" in body


def test_other_bureau_cannot_download_closed_workbook(client, outsider, closed_october):
    client.force_login(outsider)
    assert client.get(reverse("reports:closed-workbook", args=[closed_october.pk])).status_code == 404


def test_locked_month_refuses_import(staff, campaign, closed_october, tmp_path, capsys):
    from django.core.management import CommandError, call_command
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["学习形式", "学习日期", "学习主题", "参加人数"])
    book.active.append(["党员集中学习", "2019-10-21", "十月补录的学习", 12])
    book.active.append(["党员集中学习", "2019-11-21", "十一月的学习", 12])
    path = tmp_path / "补录.xlsx"
    book.save(path)
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_xlsx", "study-sessions", str(path), "--user", "owner")
    assert "row 2, column B: 学习日期：2019-10 的月报已报送" in capsys.readouterr().out
    assert StudySession.objects.count() == 1


def test_a_work_item_of_a_closed_month_is_still_worked_and_closed_off_on_its_own_day(
    client, staff, leader, campaign, closed_october
):
    """Its finding stays as reported; the close-off is a fact of the day it happens, counted in that month."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from bureau.ledger.lifecycle import Step, take_step
    from tests.world import RectificationFactory

    item = RectificationFactory(recorded_by=staff, campaign=campaign, date=OCTOBER, status="in_progress")
    client.force_login(staff)
    edit = client.post(
        reverse("campaigns:rectification-edit", args=[item.pk]),
        {
            "campaign": campaign.pk,
            "source": "leadership",
            "date": OCTOBER.isoformat(),
            "problem": "改写十月查摆的问题",
            "owner": staff.pk,
            "deadline": item.deadline.isoformat(),
            "opened_version": item.version,
            "attachment_kind": "photo",
        },
    )
    assert edit.status_code == 400 and "已锁定" in edit.content.decode()
    apply = client.post(reverse("campaigns:rectification-step", args=[item.pk, "apply"]), {"result": "已整改"})
    assert apply.status_code == 302
    client.force_login(leader)
    item.refresh_from_db()
    # A close-off dated inside the closed month would change its figures: refused.
    with pytest.raises(ValidationError, match="2019-10 的月报已报送"):
        take_step(item, Step.CLOSE, leader, on=datetime.date(2019, 10, 30))
    close = client.post(reverse("campaigns:rectification-step", args=[item.pk, "close"]), {"opinion": "同意销号"})
    assert close.status_code == 302
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_on == timezone.localdate()
    assert item.problem != "改写十月查摆的问题"
