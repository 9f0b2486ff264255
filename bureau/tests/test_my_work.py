"""我的待办: the open items a person is 责任人 of, most urgent first; what was returned to them, what they
applied to close off; for leaders what waits for review (close-offs and extensions)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.lifecycle import Step, take_step
from tests.world import EnterpriseIssueFactory, PlanTaskFactory, RectificationFactory

TODAY = timezone.localdate()
LATER = datetime.date(2020, 1, 15)
MY_WORK = reverse("ledger:my-work")


def due(days):
    return TODAY + datetime.timedelta(days=days)


def test_staff_sees_their_open_items_grouped_by_colour_overdue_first(client, staff, colleague, campaign):
    overdue = RectificationFactory(recorded_by=staff, campaign=campaign, problem="逾期的整改", deadline=due(-3))
    yellow = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, description="企业融资难", deadline=due(2))
    blue = PlanTaskFactory(recorded_by=colleague, owner=staff, campaign=campaign, title="走访计划", deadline=due(6))
    calm = RectificationFactory(recorded_by=staff, campaign=campaign, problem="远期整改", deadline=due(40))
    RectificationFactory(
        recorded_by=staff, campaign=campaign, problem="已销号的", status="closed", result="已整改", deadline=due(-1)
    )
    RectificationFactory(recorded_by=colleague, campaign=campaign, problem="同事的事项", deadline=due(-1))
    client.force_login(staff)
    response = client.get(MY_WORK)
    assert response.status_code == 200
    groups = [(str(g.label), g.items) for g in response.context["groups"]]
    assert groups == [("已逾期", [overdue]), ("黄色预警", [yellow]), ("蓝色预警", [blue]), ("其他待办", [calm])]
    page = response.content.decode()
    assert '<span class="badge warning-red">红色预警</span>' in page
    assert "已逾期 3 天" in page and "还剩 2 天" in page
    assert "已销号的" not in page and "同事的事项" not in page
    assert "待我审核" not in page


def walk(item, *steps):
    """`item` taken through `steps` in turn, each (step, user, its arguments)."""
    for step, user, arguments in steps:
        item, _event = take_step(item, step, user, **arguments)
    return item


def section(page, heading_id):
    """The part of the page in the section the heading of `heading_id` opens."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_leader_sees_close_offs_and_extension_requests_awaiting_review_oldest_first(
    client, leader, staff, colleague, outsider, campaign
):
    def working(problem, owner=staff):
        return RectificationFactory(recorded_by=owner, campaign=campaign, problem=problem, status="in_progress")

    def apply(user, day):
        return Step.APPLY, user, {"on": day, "opinion": "已逐项整改", "values": {"result": "已整改"}}

    def ask(user, day):
        return Step.ASK_EXTENSION, user, {"on": day, "opinion": "等待县财政拨款", "deadline": LATER}

    to_close = walk(working("待销号的整改"), apply(staff, datetime.date(2019, 11, 5)))
    more_time = walk(working("申请延期的整改", colleague), ask(colleague, datetime.date(2019, 11, 1)))
    both = walk(
        working("两项都待审核的整改"), ask(staff, datetime.date(2019, 11, 3)), apply(staff, datetime.date(2019, 11, 8))
    )
    # Entered as applied, without a request on record (an import, say): waiting too, after the dated ones.
    undated = RectificationFactory(recorded_by=staff, campaign=campaign, problem="导入的待销号整改", status="applied")
    # Not waiting for review: closed off, still being worked on, another county's.
    RectificationFactory(recorded_by=staff, campaign=campaign, problem="已销号的整改", status="closed", result="已整改")
    working("办理中的整改")
    RectificationFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get(), status="applied")
    client.force_login(leader)
    response = client.get(MY_WORK)
    to_review = response.context["to_review"]
    assert to_review == [more_time, both, to_close, undated]
    assert [(item.awaits_close, item.awaits_extension) for item in to_review] == [
        (False, True),
        (True, True),
        (True, False),
        (True, False),
    ]
    assert to_review[2].close_request.opinion == "已逐项整改" and to_review[3].close_request is None
    review = section(response.content.decode(), "review-heading")
    assert '<span class="badge text-bg-secondary">4</span>' in review
    # Which of the two each one waits for.
    assert review.count('data-review="close"') == 3 and review.count('data-review="extension"') == 2
    assert f"申请延期至 {LATER.isoformat()}" in review and "等待县财政拨款" in review and "已逐项整改" in review
    assert f"{colleague} 2019-11-01 申请延期" in review and f"{staff} 2019-11-05 申请销号" in review
    assert "已销号的整改" not in review and "办理中的整改" not in review
    # Staff decide nothing: no such section for them.
    client.force_login(staff)
    response = client.get(MY_WORK)
    assert response.context["to_review"] == [] and "待我审核" not in response.content.decode()


def test_staff_sees_what_was_returned_with_the_reason_and_what_they_applied_for(
    client, staff, leader, colleague, campaign
):
    def mine(problem, days=10, owner=staff):
        return RectificationFactory(recorded_by=owner, campaign=campaign, problem=problem, deadline=due(days))

    def to_return(owner):
        apply = {"values": {"result": "已整改"}}
        return (
            (Step.ACKNOWLEDGE, owner, {}),
            (Step.APPLY, owner, apply),
            (Step.RETURN, leader, {"opinion": "请补充企业回执后再申请销号"}),
        )

    returned = walk(mine("被退回的整改", -2), *to_return(staff))
    applied = walk(
        mine("已申请销号的整改", 2),
        (Step.ACKNOWLEDGE, staff, {}),
        (Step.APPLY, staff, {"values": {"result": "已整改"}}),
    )
    # Progress recorded after the return: being worked on again, back among the colours.
    again = walk(mine("退回后继续办理的整改"), *to_return(staff), (Step.PROGRESS, staff, {"opinion": "已补充回执"}))
    asked = {"opinion": "企业搬迁", "deadline": due(60)}
    pending = walk(mine("待签收的整改"), (Step.ASK_EXTENSION, staff, asked))
    walk(mine("同事被退回的事项", owner=colleague), *to_return(colleague))
    client.force_login(staff)
    response = client.get(MY_WORK)
    assert response.context["returned"] == [returned]
    assert response.context["returned"][0].returned.opinion == "请补充企业回执后再申请销号"
    assert response.context["applied"] == [applied]
    assert [item for group in response.context["groups"] for item in group.items] == [again, pending]
    assert response.context["count"] == 4
    page = response.content.decode()
    assert "您是责任人的未办结事项共 4 项" in page
    returned_part = section(page, "returned-heading")
    assert "被退回的整改" in returned_part and "已逾期 2 天" in returned_part
    assert f"{leader} {TODAY:%Y-%m-%d} 退回，理由：请补充企业回执后再申请销号" in returned_part
    assert '<span class="badge warning-red">红色预警</span>' in returned_part
    applied_part = section(page, "applied-heading")
    assert "已申请销号的整改" in applied_part and f"{TODAY:%Y-%m-%d} 申请" in applied_part
    assert '<span class="badge warning-yellow">黄色预警</span>' in applied_part
    assert f"申请延期至 {due(60).isoformat()}，等待局领导审核" in section(page, "group-4")
    assert "同事被退回的事项" not in page
    # Each item once: the returned and the applied are not in the colour groups too.
    assert page.count(">被退回的整改<") == 1 and page.count(">已申请销号的整改<") == 1
    # When the leader closes it off, it leaves 我的待办.
    take_step(applied, Step.CLOSE, leader)
    assert client.get(MY_WORK).context["applied"] == []


def test_nothing_open_says_so(client, staff, campaign):
    RectificationFactory(recorded_by=staff, campaign=campaign, status="closed", result="已整改")
    client.force_login(staff)
    page = client.get(MY_WORK).content.decode()
    assert "您目前没有未办结的事项" in page and "被退回的事项" not in page and "我已申请销号" not in page


def test_home_pages_link_to_my_work_with_the_urgent_count(client, staff, leader, campaign):
    RectificationFactory(recorded_by=staff, campaign=campaign, deadline=due(-1))
    client.force_login(staff)
    assert "1 项逾期或红色预警" in client.get("/").content.decode()
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert "工作看板" in page and "我的待办" in page and 'href="/my-work/"' in page


def test_the_auditor_has_no_my_work(client, auditor):
    client.force_login(auditor)
    assert client.get(MY_WORK).status_code == 403


@pytest.mark.parametrize("user_fixture", ["staff", "leader"])
def test_my_work_query_count_is_the_same_for_1_and_20_items(
    client, request, staff, leader, campaign, user_fixture, django_assert_num_queries
):
    user = request.getfixturevalue(user_fixture)
    result = {"values": {"result": "已整改"}}

    def add(n):
        for i in range(n):
            # The user's own: one of each type by colour, one returned, one applied for close-off.
            RectificationFactory(recorded_by=staff, owner=user, campaign=campaign, deadline=due(i - 5))
            PlanTaskFactory(recorded_by=staff, owner=user, campaign=campaign, deadline=due(i))
            EnterpriseIssueFactory(recorded_by=staff, owner=user, campaign=campaign, deadline=due(i + 2))
            mine = RectificationFactory(recorded_by=staff, owner=user, campaign=campaign, status="in_progress")
            walk(mine, (Step.APPLY, user, result), (Step.RETURN, leader, {"opinion": f"退回{i}"}))
            task = PlanTaskFactory(recorded_by=staff, owner=user, campaign=campaign, status="in_progress")
            walk(task, (Step.APPLY, user, {}))
            # Others' waiting for the leader: a close-off applied for, more time asked.
            theirs = RectificationFactory(recorded_by=staff, campaign=campaign, status="in_progress")
            walk(theirs, (Step.APPLY, staff, result))
            issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, status="in_progress")
            walk(issue, (Step.ASK_EXTENSION, staff, {"opinion": "企业搬迁", "deadline": LATER}))
            RectificationFactory(recorded_by=staff, campaign=campaign, status="closed", result="已整改")

    def sizes(response):
        context = response.context
        groups = sum(len(g.items) for g in context["groups"])
        return groups, len(context["returned"]), len(context["applied"]), len(context["to_review"])

    add(1)
    client.force_login(user)
    client.get(MY_WORK)  # warm the session and content-type caches
    # session, user, one query per work-item type, the events the page quotes (returns, requests), the
    # badge, the session refresh, two savepoint pairs; a leader also reads the bureau tree (what they see)
    # and, one query per type, what awaits review.
    expected = 12 if user_fixture == "staff" else 16
    with django_assert_num_queries(expected):
        first = client.get(MY_WORK)
    add(19)
    with django_assert_num_queries(expected):
        second = client.get(MY_WORK)
    # The staff member recorded the others' items and so owns them too: among their own, applied and by colour.
    if user_fixture == "staff":
        assert sizes(first) == (4, 1, 2, 0) and sizes(second) == (80, 20, 40, 0)
    else:
        assert sizes(first) == (3, 1, 1, 3) and sizes(second) == (60, 20, 20, 60)
