"""The work loop's rules (bureau/ledger/lifecycle.py): every step from every state, by every role; what each
step leaves on the item, in its timeline, its history and its people's notifications; the step pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.lifecycle import OWNER, REVIEWER, TRANSITIONS, Refused, Step, WorkEvent, WorkState, take_step
from bureau.ledger.notifications import Notification
from bureau.ledger.uploads import validate_upload
from campaigns.models import PlanTask, Rectification
from enterprises.models import EnterpriseIssue
from tests.helpers import figures, png_bytes
from tests.world import EnterpriseIssueFactory, PlanTaskFactory, RectificationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=30)

# What each step needs to be taken on a rectification, besides the state it is taken from.
ARGUMENTS = {
    Step.PROGRESS: {"opinion": "已走访 5 家企业"},
    Step.APPLY: {"values": {"result": "编印政策汇编"}},
    Step.RETURN: {"opinion": "请补充材料"},
    Step.ASK_EXTENSION: {"opinion": "需要更多时间", "deadline": LATER},
    Step.REFUSE_EXTENSION: {"opinion": "时限不能再延"},
    Step.EXTEND: {"opinion": "上级要求调整", "deadline": LATER},
    Step.ASSIGN: {"values": {"owner": None}},
}


def item_in(state, staff, campaign, *, extension_asked=False):
    return RectificationFactory(
        recorded_by=staff,
        campaign=campaign,
        status=state,
        deadline=TODAY + datetime.timedelta(days=5),
        result="已整改" if state in ("applied", "closed") else "",
        requested_deadline=LATER if extension_asked else None,
        closed_on=TODAY if state == "closed" else None,
    )


def arguments(step, colleague):
    found = dict(ARGUMENTS.get(step, {}))
    if step == Step.ASSIGN:
        found["values"] = {"owner": colleague, "department": None}
    return found


CASES = [
    (step, state, asked)
    for step, transition in TRANSITIONS.items()
    if step != Step.SATISFACTION
    for state in WorkState.values
    for asked in (False, True)
    if not (asked and state == "closed")
]


@pytest.mark.parametrize(
    ("step", "state", "asked"), CASES, ids=[f"{s}-{t}-{'asked' if a else 'plain'}" for s, t, a in CASES]
)
def test_every_step_from_every_state_by_the_role_it_belongs_to(step, state, asked, staff, colleague, leader, campaign):
    transition = TRANSITIONS[step]
    item = item_in(state, staff, campaign, extension_asked=asked)
    actor = staff if transition.by == OWNER else leader
    applies = state in transition.sources and transition.while_extension_asked in (None, asked)
    before = (item.status, item.deadline, item.version)
    if not applies:
        with pytest.raises(Refused):
            take_step(item, step, actor, **arguments(step, colleague))
        item.refresh_from_db()
        assert (item.status, item.deadline, item.version) == before
        assert not WorkEvent.objects.exists()
        return
    item, event = take_step(item, step, actor, **arguments(step, colleague))
    item.refresh_from_db()
    assert item.status == (transition.target or state)
    assert (event.step, event.actor, event.day, event.state_before) == (step, actor, TODAY, state)
    assert event.state_after == item.status
    assert item.history.first().history_change_reason.startswith(str(transition.label))


@pytest.mark.parametrize("step", [s for s in TRANSITIONS if s != Step.SATISFACTION])
def test_no_step_is_taken_by_a_role_it_does_not_belong_to(step, staff, colleague, leader, city_leader, campaign):
    transition = TRANSITIONS[step]
    state = transition.sources[0]
    item = item_in(state, staff, campaign, extension_asked=transition.while_extension_asked is True)
    wrong = [colleague, city_leader] + ([leader] if transition.by == OWNER else [staff])
    for user in wrong:
        with pytest.raises(PermissionDenied):
            take_step(item, step, user, **arguments(step, colleague))
    item.refresh_from_db()
    assert item.status == state and not WorkEvent.objects.exists()
    assert transition.by in (OWNER, REVIEWER)


def test_close_off_signs_and_dates_the_item_and_a_return_undoes_nothing_but_the_application(staff, leader, campaign):
    item = item_in("applied", staff, campaign)
    with pytest.raises(ValidationError) as refused:
        take_step(item, Step.RETURN, leader, opinion="   ")
    assert "请填写退回理由" in str(refused.value)
    assert Rectification.objects.get(pk=item.pk).status == "applied"
    item, _ = take_step(item, Step.RETURN, leader, opinion="缺少企业回执")
    assert (item.status, item.closed_on, item.closed_by) == ("in_progress", None, None)
    item, _ = take_step(item, Step.APPLY, staff, values={"result": "已补充回执"})
    item, _ = take_step(item, Step.CLOSE, leader, opinion="同意销号")
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.closed_by, item.result) == ("closed", TODAY, leader, "已补充回执")
    assert [e.step for e in item.events()] == ["return", "apply", "close"]


def test_a_rectification_is_applied_for_only_with_its_result(staff, campaign):
    item = item_in("in_progress", staff, campaign)
    with pytest.raises(ValidationError) as refused:
        take_step(item, Step.APPLY, staff, values={"result": ""})
    assert "整改成效" in str(refused.value)
    assert Rectification.objects.get(pk=item.pk).status == "in_progress"


def test_an_extension_moves_the_deadline_only_when_a_leader_grants_it(staff, leader, campaign):
    item = item_in("in_progress", staff, campaign)
    original = item.deadline
    item, _ = take_step(item, Step.ASK_EXTENSION, staff, opinion="企业停产检修", deadline=LATER)
    assert (item.deadline, item.requested_deadline) == (original, LATER)
    with pytest.raises(Refused, match="已有延期申请"):
        take_step(item, Step.ASK_EXTENSION, staff, opinion="再延", deadline=LATER + datetime.timedelta(days=1))
    item, _ = take_step(item, Step.REFUSE_EXTENSION, leader, opinion="按原时限完成")
    assert (item.deadline, item.requested_deadline) == (original, None)
    item, _ = take_step(item, Step.ASK_EXTENSION, staff, opinion="企业停产检修", deadline=LATER)
    item, event = take_step(item, Step.GRANT_EXTENSION, leader)
    item.refresh_from_db()
    assert (item.deadline, item.original_deadline, item.requested_deadline) == (LATER, original, None)
    assert event.deadline == LATER and item.was_extended
    with pytest.raises(Refused, match="不早于新的时限"):
        take_step(item, Step.EXTEND, leader, opinion="调整", deadline=LATER)


def test_the_people_hear_of_each_step(staff, colleague, leader, admin_user, campaign):
    item = item_in("in_progress", staff, campaign)
    item.supervisor = leader
    item.save()
    take_step(item, Step.APPLY, staff, values={"result": "已完成"})
    asked = Notification.objects.filter(text__contains="申请销号，请审核")
    assert set(asked.values_list("recipient__username", flat=True)) == {leader.username, admin_user.username}
    take_step(item, Step.RETURN, leader, opinion="请补充照片")
    told = Notification.objects.get(recipient=staff)
    assert "退回" in told.text and "请补充照片" in told.text and told.link == item.get_absolute_url()
    assert not Notification.objects.filter(recipient=colleague).exists()


def test_a_step_is_a_fact_of_its_own_day_in_an_open_month(client, staff, leader, campaign):
    """An item found in a closed November is still closed off in December; a close-off dated in the
    closed month would change that month's figures and is refused."""
    item = RectificationFactory(recorded_by=staff, campaign=campaign, status="applied", result="已完成")
    client.force_login(leader)
    november = {"campaign": campaign.pk, "month": item.date.strftime("%Y-%m")}
    assert client.post(reverse("reports:close-month"), november).status_code == 302
    with pytest.raises(ValidationError, match="已锁定"):
        take_step(item, Step.CLOSE, leader, on=item.date + datetime.timedelta(days=1))
    assert Rectification.objects.get(pk=item.pk).status == "applied"
    item, _ = take_step(item, Step.CLOSE, leader)
    assert item.status == "closed" and item.closed_on == TODAY


def test_figures_count_close_offs_on_their_day(staff, leader, campaign):
    day = campaign.start + datetime.timedelta(days=20)
    item = RectificationFactory(recorded_by=staff, campaign=campaign, status="applied", result="已完成", date=day)
    assert figures(campaign)["rectification.done"] == 0
    take_step(item, Step.CLOSE, leader, on=day + datetime.timedelta(days=3))
    assert figures(campaign)["rectification.done"] == 1
    task = PlanTaskFactory(recorded_by=staff, campaign=campaign, status="in_progress")
    take_step(task, Step.APPLY, staff, on=day)
    assert figures(campaign)["plan.tasks_done"] == 0
    take_step(PlanTask.objects.get(pk=task.pk), Step.CLOSE, leader, on=day)
    assert figures(campaign)["plan.tasks_done"] == 1


def test_an_unsatisfied_enterprise_reopens_its_problem(staff, leader, campaign):
    day = campaign.start + datetime.timedelta(days=10)
    problem = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, status="in_progress", date=day)
    with pytest.raises(ValidationError, match="解决方式"):
        take_step(problem, Step.APPLY, staff, values={"outcome": "resolved", "resolution": ""}, on=day)
    values = {"outcome": "resolved", "resolution": "对接银行贷款", "unresolved_reason": ""}
    problem, _ = take_step(problem, Step.APPLY, staff, values=values, on=day)
    assert not problem.step_applies(Step.SATISFACTION)
    problem, _ = take_step(problem, Step.CLOSE, leader, on=day)
    assert figures(campaign)["enterprise.issues_resolved"] == 1
    assert problem.step_applies(Step.SATISFACTION)
    problem, event = take_step(
        problem, Step.SATISFACTION, staff, values={"satisfaction": "dissatisfied"}, opinion="额度不够"
    )
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on, problem.satisfaction_by) == ("in_progress", None, staff)
    assert event.opinion == "【不满意】 额度不够" and event.state_after == "in_progress"
    assert figures(campaign)["enterprise.issues_resolved"] == 0
    # Solved again, the new close-off is asked about afresh.
    problem, _ = take_step(problem, Step.APPLY, staff, values=values)
    assert problem.satisfaction == ""
    problem, _ = take_step(problem, Step.CLOSE, leader)
    problem, _ = take_step(problem, Step.SATISFACTION, leader, values={"satisfaction": "satisfied"})
    assert EnterpriseIssue.objects.get(pk=problem.pk).status == "closed"
    assert not problem.step_applies(Step.SATISFACTION)


def test_a_rectification_has_no_satisfaction_check(staff, leader, campaign):
    item = item_in("closed", staff, campaign)
    assert not item.step_applies(Step.SATISFACTION)
    assert "satisfaction" not in [t.step for t in item.steps_for(leader)]


# --- the pages ---------------------------------------------------------------------------------------


def step_url(item, step):
    return reverse("campaigns:rectification-step", args=[item.pk, step])


def test_the_detail_page_offers_each_role_its_own_steps(client, staff, colleague, leader, campaign):
    item = item_in("pending", staff, campaign)
    for user, shown in ((staff, {"签收", "申请延期"}), (leader, {"延期"}), (colleague, set())):
        client.force_login(user)
        page = client.get(item.get_absolute_url())
        assert {t.label for t in page.context["steps"]} == shown


def test_a_step_page_takes_the_opinion_and_the_evidence(client, staff, leader, campaign):
    item = item_in("in_progress", staff, campaign)
    client.force_login(staff)
    assert client.get(step_url(item, "progress")).status_code == 200
    empty = client.post(step_url(item, "progress"), {"opinion": ""})
    assert empty.status_code == 400 and "请填写进展情况" in empty.content.decode()
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    done = client.post(
        step_url(item, "progress"), {"opinion": "已完成一半", "evidence": photo, "evidence_kind": "photo"}
    )
    assert done.status_code == 302 and done.url == item.get_absolute_url()
    event = WorkEvent.objects.get(step="progress")
    assert event.opinion == "已完成一半" and event.evidence.get().original_name == "现场.png"
    assert item.attachments.get().event == event
    # A step the item has moved past answers 409 and changes nothing.
    assert client.get(step_url(item, "acknowledge")).status_code == 409
    assert client.get(step_url(item, "no-such-step")).status_code == 404
    client.force_login(leader)
    assert client.post(step_url(item, "progress"), {"opinion": "领导代为填写"}).status_code == 403
    assert WorkEvent.objects.count() == 1


def test_a_new_deadline_in_the_past_is_refused_on_the_page(client, staff, campaign):
    item = item_in("in_progress", staff, campaign)
    client.force_login(staff)
    past = TODAY - datetime.timedelta(days=1)
    response = client.post(step_url(item, "ask_extension"), {"opinion": "来不及", "deadline": past.isoformat()})
    assert response.status_code == 400 and "不能早于今天" in response.content.decode()
    assert Rectification.objects.get(pk=item.pk).requested_deadline is None


def test_the_detail_page_costs_the_same_queries_for_2_and_20_events(
    client, staff, leader, campaign, django_assert_num_queries
):
    item = item_in("in_progress", staff, campaign)

    def progress(n):
        for i in range(n):
            photo = SimpleUploadedFile(f"现场{i}.png", png_bytes(), content_type="image/png")
            mime = validate_upload(photo)
            take_step(
                Rectification.objects.get(pk=item.pk),
                Step.PROGRESS,
                staff,
                opinion=f"第{i}次",
                evidence=[(photo, mime)],
            )

    progress(2)
    client.force_login(leader)
    client.get(item.get_absolute_url())  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as first:
        page = client.get(item.get_absolute_url())
    assert len(page.context["work_events"]) == 2
    progress(18)
    with django_assert_num_queries(len(first)):
        page = client.get(item.get_absolute_url())
    assert len(page.context["work_events"]) == 20
    assert page.content.decode().count('class="thumb border"') == 20
