"""A new campaign started from the last one (services.copy_campaign): its leading group, plan tasks,
targets and questionnaires come along; nothing that happened does."""

import datetime

import pytest

from bureau.setup.services import copy_campaign
from campaigns.models import LeadingGroupMember, PlanTask
from reports.models import Target
from surveys.models import Questionnaire
from tests.helpers import Ledger
from tests.world import CampaignFactory, PlanTaskFactory, UserFactory, build_world

pytestmark = pytest.mark.django_db

# What a copy writes to: the rows it copies, their versions, and each plan task's 交办 and its notice.
COPIED_TABLES = {
    "campaigns.LeadingGroupMember",
    "campaigns.HistoricalLeadingGroupMember",
    "campaigns.PlanTask",
    "campaigns.HistoricalPlanTask",
    "bureau.WorkEvent",
    "bureau.Notification",
    "reports.Target",
    "reports.HistoricalTarget",
    "surveys.Questionnaire",
    "surveys.HistoricalQuestionnaire",
    "surveys.Question",
    "surveys.HistoricalQuestion",
}


@pytest.fixture
def last(everyone, campaign):
    """The 2019 campaign with one record of everything, a leading group, targets and a closed plan task."""
    staff, leader = everyone["staff"], everyone["leader"]
    world = build_world(staff, campaign, staff.department, one_of_each=True)
    retired = UserFactory(bureau=campaign.bureau, username="retired", is_active=False)
    LeadingGroupMember.objects.create(campaign=campaign, user=leader, role="leader", duty="全面负责")
    LeadingGroupMember.objects.create(campaign=campaign, user=staff, role="office", duty="日常工作")
    LeadingGroupMember.objects.create(campaign=campaign, user=retired, role="member")
    PlanTaskFactory(
        campaign=campaign,
        recorded_by=staff,
        title="开展专题调研",
        date=datetime.date(2019, 9, 10),
        deadline=datetime.date(2019, 11, 30),
        status="closed",
        closed_on=datetime.date(2019, 11, 20),
        closed_by=leader,
        measure="走访企业 20 家",
    )
    PlanTaskFactory(campaign=campaign, recorded_by=staff, owner=retired, title="离岗人员的任务")
    PlanTaskFactory(campaign=campaign, recorded_by=staff, title="已删除的任务").soft_delete(staff)
    Target.objects.create(campaign=campaign, indicator="study.collective", value=12)
    Target.objects.create(campaign=campaign, indicator="research.enterprises", value=60)
    return world


@pytest.fixture
def new(campaign):
    return CampaignFactory(
        bureau=campaign.bureau,
        name="学习贯彻主题教育",
        start=datetime.date(2020, 9, 1),
        end=datetime.date(2021, 1, 31),
        is_active=False,
    )


def test_the_plan_group_targets_and_questionnaires_are_copied_and_nothing_else(everyone, campaign, last, new):
    admin = everyone["admin"]
    ledger = Ledger()
    copied = copy_campaign(campaign, new, admin)
    changed = ledger.changes()
    assert set(changed) == COPIED_TABLES, sorted(set(changed) ^ COPIED_TABLES)
    # Nothing that happened: no study session, visit, rectification, suggestion, answer, link or closed month.
    for table in (
        "campaigns.StudySession",
        "campaigns.Rectification",
        "surveys.ResearchVisit",
        "surveys.Suggestion",
        "surveys.Response",
        "surveys.QuestionnaireLink",
        "enterprises.EnterpriseVisit",
        "reports.MonthClose",
        "bureau.Attachment",
    ):
        assert table not in changed, table

    live_tasks = PlanTask.objects.filter(campaign=campaign).count()
    assert (copied.leading_group, copied.plan_tasks, copied.targets, copied.questionnaires) == (2, live_tasks, 2, 1)
    assert live_tasks == 3  # the world's task, the closed one, the retired owner's; not the deleted one


def test_copied_plan_tasks_start_afresh_inside_the_new_campaign(everyone, campaign, last, new):
    admin = everyone["admin"]
    copy_campaign(campaign, new, admin)
    tasks = {task.title: task for task in PlanTask.objects.filter(campaign=new)}
    assert "已删除的任务" not in tasks
    for task in tasks.values():
        assert task.status == "pending"  # 待签收
        assert task.closed_on is None and task.closed_by is None and task.measure == ""
        assert new.start <= task.date <= task.deadline <= new.end
        assert task.recorded_by == admin and task.bureau == campaign.bureau
        assert task.history.count() == 1
    # Moved by the same distance as the campaigns' starts (2019-09-01 → 2020-09-01).
    assert tasks["开展专题调研"].deadline == datetime.date(2020, 11, 30)
    assert tasks["开展专题调研"].owner == everyone["staff"]
    # The retired owner's task is given to whoever copies it.
    assert tasks["离岗人员的任务"].owner == admin
    # Each begins its work loop with 交办, and its 责任人 is told.
    from bureau.ledger.lifecycle import WorkEvent

    for task in tasks.values():
        assert [event.step for event in WorkEvent.objects.of(task)] == ["assign"]


def test_the_leading_group_keeps_its_active_members_and_their_duties(everyone, campaign, last, new):
    copy_campaign(campaign, new, everyone["admin"])
    members = {(m.user.username, m.role, m.duty) for m in new.leading_group.select_related("user")}
    assert members == {("boss", "leader", "全面负责"), ("owner", "office", "日常工作")}


def test_questionnaires_come_as_drafts_with_their_questions_only(everyone, campaign, last, new):
    copy_campaign(campaign, new, everyone["admin"])
    old = last["questionnaires"]
    copy = Questionnaire.objects.get(campaign=new)
    assert copy.title == old.title and copy.opens_on == new.start and copy.closes_on is None
    assert [(q.position, q.kind, q.text, q.options) for q in copy.questions.all()] == [
        (q.position, q.kind, q.text, q.options) for q in old.questions.all()
    ]
    assert not copy.links.exists() and not copy.responses.exists()
    assert old.links.exists() and old.responses.exists()  # the old one keeps its own


def test_targets_keep_their_values(everyone, campaign, last, new):
    copy_campaign(campaign, new, everyone["admin"])
    assert dict(new.targets.values_list("indicator", "value")) == {"study.collective": 12, "research.enterprises": 60}


def test_only_what_is_ticked_is_copied(everyone, campaign, last, new):
    ledger = Ledger()
    copied = copy_campaign(
        campaign, new, everyone["admin"], leading_group=False, plan_tasks=False, targets=True, questionnaires=False
    )
    assert (copied.leading_group, copied.plan_tasks, copied.targets, copied.questionnaires) == (0, 0, 2, 0)
    assert set(ledger.changes()) == {"reports.Target", "reports.HistoricalTarget"}
