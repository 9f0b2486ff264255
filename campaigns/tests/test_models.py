import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns.choices import RectificationStatus, TaskStatus, Warning
from campaigns.models import PlanTask, Rectification, StudySession, warning_for
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
    late = RectificationFactory(deadline=datetime.date(2019, 11, 1), status=RectificationStatus.IN_PROGRESS)
    RectificationFactory(
        campaign=late.campaign,
        deadline=datetime.date(2019, 11, 1),
        status=RectificationStatus.RECTIFIED,
        rectified_on=datetime.date(2019, 10, 30),
    )
    assert list(Rectification.objects.overdue(today=TODAY)) == [late]
    assert late.is_overdue


def test_plan_task_overdue_until_done(db):
    task = PlanTaskFactory(deadline=datetime.date(2019, 11, 1))
    assert list(PlanTask.objects.overdue(today=TODAY)) == [task]
    task.status = TaskStatus.DONE
    task.completed_on = datetime.date(2019, 11, 2)
    task.save()
    assert not PlanTask.objects.overdue(today=TODAY).exists()


def test_session_outside_campaign_is_invalid(db):
    session = StudySessionFactory(date=datetime.date(2019, 10, 1))
    session.date = datetime.date(2021, 1, 1)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "日期须在主题教育期间" in str(error.value)


def test_rectified_needs_a_completion_date(db):
    item = RectificationFactory.build(status=RectificationStatus.RECTIFIED, rectified_on=None)
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert "rectified_on" in error.value.message_dict


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
