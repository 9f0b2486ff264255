import datetime

import pytest
from django.core.exceptions import ValidationError

from bureau.ledger.lifecycle import Step, WorkState, take_step, try_step
from bureau.ledger.work_items import Warning, warning_for
from campaigns.models import PlanTask, Rectification, StudySession
from tests.world import PlanTaskFactory, RectificationFactory, StudySessionFactory

TODAY = datetime.date(2019, 11, 20)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(-1, Warning.RED), (0, Warning.YELLOW), (3, Warning.YELLOW), (4, Warning.BLUE), (7, Warning.BLUE), (8, None)],
)
def test_warning_colour_follows_days_left(days_left, expected):
    assert warning_for(TODAY + datetime.timedelta(days=days_left), done=False, today=TODAY) == expected


def test_done_items_carry_no_warning():
    assert warning_for(TODAY - datetime.timedelta(days=30), done=True, today=TODAY) is None


def test_rectification_overdue_only_while_open(db):
    late = RectificationFactory(deadline=datetime.date(2019, 11, 1), status=WorkState.IN_PROGRESS)
    # Applied for close-off but not yet closed off: still open, still overdue.
    applied = RectificationFactory(
        campaign=late.campaign, deadline=datetime.date(2019, 11, 1), status=WorkState.APPLIED, result="已整改"
    )
    RectificationFactory(
        campaign=late.campaign,
        deadline=datetime.date(2019, 11, 1),
        status=WorkState.CLOSED,
        result="已整改",
        closed_on=datetime.date(2019, 10, 30),
    )
    assert set(Rectification.objects.overdue(today=TODAY)) == {late, applied}
    assert late.is_overdue and applied.is_overdue


def test_plan_task_overdue_until_closed_off(db, staff, leader, campaign):
    task = PlanTaskFactory(recorded_by=staff, campaign=campaign, deadline=datetime.date(2019, 11, 1))
    assert list(PlanTask.objects.overdue(today=TODAY)) == [task]
    task, _ = take_step(task, Step.ACKNOWLEDGE, staff, on=datetime.date(2019, 10, 20))
    task, _ = take_step(task, Step.APPLY, staff, opinion="已完成", on=datetime.date(2019, 11, 1))
    assert list(PlanTask.objects.overdue(today=TODAY)) == [task]  # applied for, not yet closed off
    task, _ = take_step(task, Step.CLOSE, leader, on=datetime.date(2019, 11, 2))
    assert task.status == WorkState.CLOSED and task.closed_on == datetime.date(2019, 11, 2)
    assert task.closed_by == leader
    assert not PlanTask.objects.overdue(today=TODAY).exists()


def test_session_outside_campaign_is_invalid(db):
    session = StudySessionFactory(date=datetime.date(2019, 10, 1))
    session.date = datetime.date(2021, 1, 1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "日期须在主题教育期间" in str(error.value)


def test_applying_for_close_off_needs_the_result(db, staff, campaign):
    item = RectificationFactory(recorded_by=staff, campaign=campaign, status=WorkState.IN_PROGRESS)
    with pytest.raises(ValidationError) as error:
        try_step(item, Step.APPLY, staff, values={"result": "  "}, on=datetime.date(2019, 11, 1))
    assert "result" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == WorkState.IN_PROGRESS
    event = try_step(item, Step.APPLY, staff, values={"result": "已完善学习制度"}, on=datetime.date(2019, 11, 1))
    assert event.state_after == WorkState.APPLIED


def test_deleted_records_leave_counts_but_stay_recoverable(db, staff):
    session = StudySessionFactory(recorded_by=staff)
    session.soft_delete(staff)
    assert not StudySession.objects.filter(pk=session.pk).exists()
    assert StudySession.all_objects.get(pk=session.pk).deleted_by == staff
    session.restore()
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_every_save_is_kept_in_history(db, staff):
    session = StudySessionFactory(recorded_by=staff, topic="初稿")
    session.topic = "改后的主题"
    session.save()
    assert [h.topic for h in session.history.order_by("history_date")] == ["初稿", "改后的主题"]
    assert session.version == 2
