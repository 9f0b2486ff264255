"""Bulk actions on work-item lists: 改派 and 延期 for leaders and admins, 导出所选 for everyone; asked
before applied, all the items or none."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bureau.ledger.lifecycle import Step, WorkEvent
from campaigns.models import Rectification
from enterprises.models import EnterpriseIssue
from tests.world import EnterpriseIssueFactory, PlanTaskFactory, RectificationFactory

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=30)
EXTEND = reverse("campaigns:rectification-bulk-extend")
ASSIGN = reverse("campaigns:rectification-bulk-assign")
EXPORT = reverse("campaigns:rectification-bulk-export")


@pytest.fixture
def items(staff, campaign):
    return [
        RectificationFactory(recorded_by=staff, campaign=campaign, deadline=TODAY - datetime.timedelta(days=2)),
        RectificationFactory(recorded_by=staff, campaign=campaign, deadline=TODAY + datetime.timedelta(days=1)),
    ]


def ids(records):
    return [r.pk for r in records]


def extend(client, records, step="apply", **data):
    payload = {"ids": ids(records), "deadline": LATER.isoformat(), "reason": "等待上级批复", "step": step, **data}
    return client.post(EXTEND, payload)


def event_of(item, step):
    """The item's one event of `step`: its 办理记录 of the bulk change."""
    return WorkEvent.objects.of(item).get(step=step)


def test_leader_extends_after_confirming_and_the_reason_is_in_each_record(client, leader, items):
    client.force_login(leader)
    form = client.post(EXTEND, {"ids": ids(items)})
    assert form.status_code == 200 and "新的时限" in form.content.decode()
    question = extend(client, items, step="review")
    assert question.status_code == 200
    assert "确定将以上 2 项的时限延至" in question.content.decode()
    # The items are listed as they are now, before the change.
    assert f"时限 {items[0].deadline.isoformat()}" in question.content.decode()
    assert {r.deadline for r in Rectification.objects.filter(pk__in=ids(items))} == {i.deadline for i in items}

    done = extend(client, items, next="/rectifications/?warning=red")
    assert done.status_code == 302 and done["Location"] == "/rectifications/?warning=red"
    for item in items:
        old_deadline = item.deadline
        item.refresh_from_db()
        assert item.deadline == LATER and item.original_deadline == old_deadline
        latest = item.history.latest("history_date")
        assert (latest.history_change_reason, latest.history_user) == ("延期：等待上级批复", leader)
        # The reason is in each item's 办理记录 (its timeline on the detail page), signed by the leader.
        event = event_of(item, Step.EXTEND)
        assert (event.opinion, event.actor, event.deadline) == ("等待上级批复", leader, LATER)
        page = client.get(item.get_absolute_url()).content.decode()
        assert "等待上级批复" in page and f"原定 {old_deadline.isoformat()}，已延期" in page


def test_admin_assigns_to_another_person_and_department(client, admin_user, colleague, department, items):
    client.force_login(admin_user)
    data = {"ids": ids(items), "owner": colleague.pk, "department": department.pk}
    assert "确定将以上 2 项改派给" in client.post(ASSIGN, {**data, "step": "review"}).content.decode()
    response = client.post(ASSIGN, {**data, "step": "apply"}, follow=True)
    assert "已改派 2 项" in response.content.decode()
    for item in items:
        item.refresh_from_db()
        assert item.owner == colleague and item.department == department
        assert item.history.latest("history_date").history_change_reason == "交办"
        event = event_of(item, Step.ASSIGN)
        assert (event.owner, event.actor) == (colleague, admin_user)


def test_assigning_without_a_department_keeps_each_items_department(client, leader, colleague, items, department):
    items[0].department = department
    items[0].save()
    client.force_login(leader)
    client.post(ASSIGN, {"ids": ids(items), "owner": colleague.pk, "department": "", "step": "apply"})
    items[0].refresh_from_db()
    items[1].refresh_from_db()
    assert items[0].owner == items[1].owner == colleague
    assert items[0].department == department and items[1].department is None


@pytest.mark.parametrize("url", [ASSIGN, EXTEND])
def test_staff_may_not_assign_or_extend(client, staff, items, url):
    client.force_login(staff)
    response = client.post(url, {"ids": ids(items), "step": "apply", "deadline": LATER.isoformat(), "reason": "x"})
    assert response.status_code == 403
    assert "只有本单位的局领导或管理员" in response.content.decode()


def test_the_list_offers_assign_and_extend_to_leaders_only(client, staff, leader, items):
    client.force_login(staff)
    page = client.get(reverse("campaigns:rectification-list")).content.decode()
    assert "导出所选" in page and "延期</button>" not in page and "改派</button>" not in page
    client.force_login(leader)
    page = client.get(reverse("campaigns:rectification-list")).content.decode()
    assert "延期</button>" in page and "改派</button>" in page
    # Every checkbox has a label.
    for item in items:
        assert f'<label class="visually-hidden" for="select-{item.pk}">' in page
    assert '<label class="form-check-label" for="select-all">' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ids": []}, "请先勾选要操作的记录"),
        ({"ids": ["abc"]}, "所选记录的编号无效"),
    ],
)
def test_bad_selections_are_400_with_a_chinese_message(client, leader, data, message):
    client.force_login(leader)
    for url in (ASSIGN, EXTEND, EXPORT):
        response = client.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_date_before_today_or_no_reason_is_refused_and_nothing_changes(client, leader, items):
    client.force_login(leader)
    yesterday = TODAY - datetime.timedelta(days=1)
    response = extend(client, items, deadline=yesterday.isoformat())
    assert response.status_code == 400
    assert "新的时限不能早于今天" in response.content.decode()
    response = extend(client, items, reason="  ")
    assert response.status_code == 400
    assert "请填写延期理由" in response.content.decode()
    response = extend(client, items, deadline="明天")
    assert response.status_code == 400
    assert {r.deadline for r in Rectification.objects.all()} == {i.deadline for i in items}


def test_an_outsiders_ids_are_refused(client, outsider, items):
    client.force_login(outsider)
    for url, data in ((EXTEND, {"deadline": LATER.isoformat(), "reason": "x"}), (EXPORT, {})):
        response = client.post(url, {"ids": ids(items), "step": "apply", **data})
        assert response.status_code == 404
        assert "不存在或您无权查看" in response.content.decode()
    assert {r.deadline for r in Rectification.objects.all()} == {i.deadline for i in items}


def test_a_mix_of_own_and_foreign_ids_changes_nothing(client, leader, outsider, items):
    foreign = RectificationFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get())
    client.force_login(leader)
    response = extend(client, [*items, foreign])
    assert response.status_code == 404
    assert not Rectification.objects.filter(deadline=LATER).exists()


def test_the_city_leader_reads_but_may_not_extend_the_countys_items(client, city_leader, items):
    client.force_login(city_leader)
    assert client.post(EXPORT, {"ids": ids(items)}).status_code == 200
    response = extend(client, items)
    assert response.status_code == 403
    assert "无权修改" in response.content.decode()


def test_a_closed_item_is_reported_and_none_is_changed(client, leader, items, staff, campaign):
    done = RectificationFactory(
        recorded_by=staff, campaign=campaign, status="closed", result="已整改", closed_on=datetime.date(2019, 11, 1)
    )
    client.force_login(leader)
    response = extend(client, [*items, done])
    assert response.status_code == 409
    page = response.content.decode()
    assert "所有事项均未修改" in page and "已销号的事项不能改派或延期" in page
    assert not Rectification.objects.filter(deadline=LATER).exists()
    assert not WorkEvent.objects.filter(step=Step.EXTEND).exists()


def test_an_item_applied_for_close_off_may_still_be_extended(client, leader, staff, campaign):
    applied = RectificationFactory(recorded_by=staff, campaign=campaign, status="applied", result="已整改")
    client.force_login(leader)
    assert extend(client, [applied]).status_code == 302
    applied.refresh_from_db()
    assert (applied.deadline, applied.status) == (LATER, "applied")


def test_while_this_month_is_closed_every_item_is_reported_and_none_is_changed(client, leader, items, monkeypatch):
    """An extension is a step of today: with this month's report submitted it would change a closed month."""
    from bureau.ledger import period_locks

    monkeypatch.setattr(
        period_locks, "_checkers", [lambda bureau_id, day: (day.year, day.month) == (TODAY.year, TODAY.month)]
    )
    client.force_login(leader)
    response = extend(client, items)
    assert response.status_code == 409
    page = response.content.decode()
    assert f"{TODAY:%Y-%m} 的月报已报送" in page and "所有事项均未修改" in page
    for item in items:
        assert f'href="{item.get_absolute_url()}"' in page
    assert not Rectification.objects.filter(deadline=LATER).exists()
    assert not WorkEvent.objects.filter(step=Step.EXTEND).exists()


def test_an_item_of_a_closed_month_is_extended_as_progress_of_today(client, leader, staff, campaign, items):
    from reports.services import close_month

    october = RectificationFactory(recorded_by=staff, campaign=campaign, date=datetime.date(2019, 10, 8))
    close_month(campaign, (2019, 10), leader)
    client.force_login(leader)
    assert extend(client, [october]).status_code == 302
    october.refresh_from_db()
    assert october.deadline == LATER and event_of(october, Step.EXTEND).day == TODAY


def test_an_earlier_date_than_the_current_deadline_is_not_an_extension(client, leader, staff, campaign):
    far = RectificationFactory(recorded_by=staff, campaign=campaign, deadline=LATER + datetime.timedelta(days=10))
    client.force_login(leader)
    response = extend(client, [far])
    assert response.status_code == 409
    assert "不早于新的时限" in response.content.decode()


def test_assigning_to_someone_outside_the_bureau_is_refused(client, leader, outsider, items):
    client.force_login(leader)
    response = client.post(ASSIGN, {"ids": ids(items), "owner": outsider.pk, "step": "apply"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not Rectification.objects.filter(owner=outsider).exists()


def test_export_of_the_selected_rows_only(client, staff, items, campaign):
    RectificationFactory(recorded_by=staff, campaign=campaign, problem="不导出的问题")
    client.force_login(staff)
    response = client.post(EXPORT, {"ids": ids(items)})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert "预警" in rows[0] and "问题表现" in rows[0]
    assert [row[rows[0].index("问题表现")] for row in rows[1:]] == [items[0].problem, items[1].problem]
    assert [row[rows[0].index("预警")] for row in rows[1:]] == ["红色预警", "黄色预警"]


def test_bulk_actions_work_on_plan_tasks_and_enterprise_problems(client, admin_user, staff, campaign):
    task = PlanTaskFactory(recorded_by=staff, campaign=campaign, deadline=TODAY)
    issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign, deadline=TODAY)
    client.force_login(admin_user)
    for url_name, record in (
        ("campaigns:plantask-bulk-extend", task),
        ("enterprises:enterpriseissue-bulk-extend", issue),
    ):
        data = {"ids": [record.pk], "deadline": LATER.isoformat(), "reason": "企业搬迁", "step": "apply"}
        assert client.post(reverse(url_name), data).status_code == 302
        record.refresh_from_db()
        assert record.deadline == LATER
        assert event_of(record, Step.EXTEND).opinion == "企业搬迁"
    assert EnterpriseIssue.objects.get().history.latest("history_date").history_change_reason == "延期：企业搬迁"


def test_ids_of_another_type_are_not_found(client, leader, staff, campaign):
    issue = EnterpriseIssueFactory(recorded_by=staff, campaign=campaign)
    RectificationFactory(recorded_by=staff, campaign=campaign)
    client.force_login(leader)
    unknown = max(issue.pk, Rectification.objects.get().pk) + 100
    assert client.post(EXPORT, {"ids": [unknown]}).status_code == 404
