"""The work loop (督办闭环, bureau.ledger.lifecycle) under attack: nobody makes a transition their role may not
make, by any door — the step page (a forged POST with a valid token), the edit form, an import, a revert,
the Django admin, the list's bulk 改派/延期 — and two leaders deciding on one item at once decide once.
Every refusal says why in Chinese and changes nothing."""

import datetime
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau.ledger.imports import import_fields
from bureau.ledger.jobs import ImportJob
from bureau.ledger.lifecycle import WorkEvent, take_step
from bureau.ledger.registry import REGISTRY
from tests.helpers import ON_POSTGRES, Ledger, csrf_token_from, form_errors, import_in_browser, text_of, xlsx_bytes
from tests.world import (
    EnterpriseIssueFactory,
    PlanTaskFactory,
    RectificationFactory,
    valid_data,
)

pytestmark = pytest.mark.django_db

WORK_ITEMS = ("rectifications", "plan-tasks", "enterprise-issues")
FACTORIES = {
    "rectifications": RectificationFactory,
    "plan-tasks": PlanTaskFactory,
    "enterprise-issues": EnterpriseIssueFactory,
}
# What only the work loop's steps change (bureau.ledger.lifecycle.WorkItem.lifecycle_fields).
LOOP_FIELDS = ("status", "deadline", "original_deadline", "requested_deadline", "closed_on", "closed_by_id", "owner_id")
NOT_FOUND = "页面不存在"


def later(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def item_in(world, state, slug="rectifications", **fields):
    """A work item recorded by the world's user and given to them (its 责任人), in `state`; "asked" is in
    progress with a request for more time waiting."""
    values = {"campaign": world.campaign, "recorded_by": world.user, "department": world.department, **fields}
    values["status"] = "in_progress" if state == "asked" else state
    if state == "asked":
        values.setdefault("requested_deadline", later(60))
    if state == "closed":
        values.setdefault("closed_on", datetime.date(2019, 12, 20))
    if slug == "rectifications" and state in ("applied", "closed"):
        values.setdefault("result", "已完善学习制度")
    if slug == "enterprise-issues" and state in ("applied", "closed"):
        values.setdefault("outcome", "resolved")
        values.setdefault("resolution", "协调银行发放贷款")
    return FACTORIES[slug](**values)


def loop_state(item) -> tuple:
    fresh = type(item).all_objects.get(pk=item.pk)
    return tuple(getattr(fresh, name) for name in LOOP_FIELDS)


def step_url(item, step, slug="rectifications"):
    return reverse(REGISTRY[slug].url_name("step"), args=[item.pk, step])


def client_for(user, enforce_csrf=False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


# --- the step page: a forged POST, with the user's own valid token and valid data -----------------------

FORGED_STEPS = [
    # Someone else in the bureau acknowledging or reporting on the owner's item.
    pytest.param("colleague", "acknowledge", "pending", {}, id="colleague-acknowledges"),
    pytest.param("colleague", "apply", "in_progress", {"result": "已整改"}, id="colleague-applies"),
    # A leader or admin doing the 责任人's part: deciders do not report on their own decisions.
    pytest.param("leader", "acknowledge", "pending", {}, id="leader-acknowledges"),
    pytest.param("admin", "apply", "in_progress", {"result": "已整改"}, id="admin-applies"),
    pytest.param("leader", "ask_extension", "in_progress", {"deadline": "+30"}, id="leader-asks-for-time"),
    # The 责任人 deciding on their own item: closing it off, returning it, granting or taking more time.
    pytest.param("owner", "close", "applied", {}, id="owner-closes-off"),
    pytest.param("owner", "return", "applied", {}, id="owner-returns"),
    pytest.param("owner", "grant_extension", "asked", {}, id="owner-grants-own-extension"),
    pytest.param("owner", "refuse_extension", "asked", {}, id="owner-refuses-own-extension"),
    pytest.param("owner", "extend", "in_progress", {"deadline": "+30"}, id="owner-extends"),
    # The city reads the county's items and decides none; the auditor reads none.
    pytest.param("city_leader", "close", "applied", {}, id="city-leader-closes-off"),
    pytest.param("city_admin", "extend", "in_progress", {"deadline": "+30"}, id="city-admin-extends"),
    pytest.param("auditor", "close", "applied", {}, id="auditor-closes-off"),
]


@pytest.mark.parametrize(("role", "step", "state", "extra"), FORGED_STEPS)
def test_a_forged_step_with_a_valid_token_is_refused(everyone, world, role, step, state, extra):
    users = {"owner": everyone["staff"], **everyone}
    item = item_in(world, state)
    client = client_for(users[role], enforce_csrf=True)
    token = csrf_token_from(client.get(reverse("profile")))  # the user's own, valid token
    data = {"csrfmiddlewaretoken": token, "opinion": "同意", **extra}
    if data.get("deadline") == "+30":
        data["deadline"] = later(30).isoformat()
    before = loop_state(item)
    ledger = Ledger()
    response = client.post(step_url(item, step), data)
    assert response.status_code == 403
    assert "页面已过期" not in text_of(response)  # the token was good: refused for the role
    if role != "auditor":  # the auditor is refused every ledger page before any step is looked at
        assert "您无权对该事项执行" in text_of(response)
    ledger.assert_unchanged()
    assert loop_state(item) == before


def test_the_recorder_of_an_item_given_to_someone_else_is_not_its_owner(world, staff, colleague):
    """Recording an item makes nobody its 责任人: the colleague it was given to acknowledges it, not the recorder."""
    item = item_in(world, "pending", owner=colleague)
    ledger = Ledger()
    response = client_for(staff).post(step_url(item, "acknowledge"), {"opinion": "收到"})
    assert response.status_code == 403
    ledger.assert_unchanged()
    assert client_for(colleague).post(step_url(item, "acknowledge"), {"opinion": "收到"}).status_code == 302
    assert type(item).objects.get(pk=item.pk).status == "in_progress"


@pytest.mark.parametrize("step", ["verify", "CLOSE", "Close", "assign", "delete", "closed", "__init__", "close-"])
def test_a_step_that_is_no_page_is_a_404(leader, world, step):
    item = item_in(world, "applied")
    ledger = Ledger()
    response = client_for(leader).post(step_url(item, step), {"opinion": "同意", "owner": leader.pk})
    assert response.status_code == 404
    ledger.assert_unchanged()
    assert type(item).objects.get(pk=item.pk).status == "applied"


def test_fields_posted_beside_a_step_change_nothing_else(world, staff, colleague, leader):
    """申请销号 with a forged close-off, deadline and 责任人 in the same POST: the item is applied for, no more."""
    item = item_in(world, "in_progress")
    forged = {
        "status": "closed",
        "closed_on": "2019-12-01",
        "closed_by": leader.pk,
        "deadline": later(90).isoformat(),
        "requested_deadline": later(90).isoformat(),
        "owner": colleague.pk,
        "state_after": "closed",
        "step": "close",
    }
    response = client_for(staff).post(step_url(item, "apply"), {"result": "已整改", "opinion": "已完成", **forged})
    assert response.status_code == 302
    assert loop_state(item) == ("applied", *[datetime.date(2019, 12, 31)] * 2, None, None, None, staff.pk)
    assert [(e.step, e.state_after) for e in WorkEvent.objects.of(item)] == [("apply", "applied")]


# --- another bureau's item, an item in the recycle bin --------------------------------------------------


@pytest.mark.parametrize(
    ("role", "step", "state"),
    [
        pytest.param("leader", "close", "applied", id="leader-closes-off"),
        pytest.param("admin", "extend", "in_progress", id="admin-extends"),
        pytest.param("owner", "acknowledge", "pending", id="staff-acknowledges"),
    ],
)
def test_a_step_on_another_bureaus_item_is_a_404(everyone, world, other, role, step, state):
    users = {"owner": everyone["staff"], **everyone}
    theirs = RectificationFactory(
        campaign=other.campaign,
        recorded_by=other.user,
        owner=other.user,
        status=state,
        result="外县的整改成效",
        problem="外县的查摆问题",
    )
    before = loop_state(theirs)
    client = client_for(users[role])
    ledger = Ledger()
    for method in ("get", "post"):
        response = getattr(client, method)(
            step_url(theirs, step), {"opinion": "同意", "deadline": later(30).isoformat()}
        )
        assert response.status_code == 404, method
        assert NOT_FOUND in text_of(response) and "外县的查摆问题" not in text_of(response)
    ledger.assert_unchanged()
    assert loop_state(theirs) == before


@pytest.mark.parametrize(
    ("role", "step", "state"),
    [
        pytest.param("leader", "close", "applied", id="leader-closes-off"),
        pytest.param("owner", "apply", "in_progress", id="owner-applies"),
        pytest.param("owner", "acknowledge", "pending", id="owner-acknowledges"),
    ],
)
def test_a_step_on_an_item_in_the_recycle_bin_changes_nothing(everyone, world, role, step, state):
    users = {"owner": everyone["staff"], **everyone}
    item = item_in(world, state)
    item.soft_delete(world.user)
    before = loop_state(item)
    ledger = Ledger()
    response = client_for(users[role]).post(step_url(item, step), {"opinion": "同意", "result": "已整改"})
    assert response.status_code in (404, 409)
    ledger.assert_unchanged()
    assert loop_state(item) == before


# --- what a step's form is given: too much text, a deadline that makes no sense, a disguised file ------


@pytest.mark.parametrize(
    ("role", "step", "state"),
    [
        pytest.param("leader", "return", "applied", id="return-reason"),
        pytest.param("owner", "progress", "in_progress", id="progress"),
        pytest.param("owner", "ask_extension", "in_progress", id="extension-reason"),
    ],
)
def test_an_opinion_of_100000_characters_is_refused(everyone, world, role, step, state):
    users = {"owner": everyone["staff"], **everyone}
    item = item_in(world, state)
    ledger = Ledger()
    response = client_for(users[role]).post(
        step_url(item, step), {"opinion": "长" * 100_000, "deadline": later(30).isoformat()}
    )
    assert response.status_code == 400
    assert "不超过 2000 字符" in " ".join(form_errors(response)["opinion"])
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    ("role", "step", "state"),
    [
        pytest.param("owner", "ask_extension", "in_progress", id="asked-for"),
        pytest.param("leader", "extend", "in_progress", id="extended"),
    ],
)
@pytest.mark.parametrize(
    ("deadline", "status", "message"),
    [
        pytest.param(lambda: later(-1), 400, "新的时限不能早于今天", id="yesterday"),
        pytest.param(lambda: datetime.date(2019, 12, 30), 400, "新的时限不能早于今天", id="long-ago"),
        # The item is due in 60 days: a new deadline in 30, or on the same day, is no extension.
        pytest.param(lambda: later(30), 409, "不早于新的时限，无需延期", id="before-the-current"),
        pytest.param(lambda: later(60), 409, "不早于新的时限，无需延期", id="the-current"),
        pytest.param(lambda: "2019-02-30", 400, "输入一个有效的日期", id="no-such-day"),
        pytest.param(lambda: "", 400, "请填写新的时限", id="none"),
    ],
)
def test_a_new_deadline_that_is_no_extension_is_refused(everyone, world, role, step, state, deadline, status, message):
    users = {"owner": everyone["staff"], **everyone}
    item = item_in(world, state, deadline=later(60))
    before = loop_state(item)
    ledger = Ledger()
    day = deadline()
    response = client_for(users[role]).post(
        step_url(item, step), {"opinion": "工作量大", "deadline": day if isinstance(day, str) else day.isoformat()}
    )
    assert response.status_code == status
    assert message in text_of(response)
    ledger.assert_unchanged()
    assert loop_state(item) == before


def test_evidence_that_is_no_image_is_refused_with_the_step(world, staff):
    item = item_in(world, "in_progress")
    ledger = Ledger()
    disguised = SimpleUploadedFile("现场照片.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = client_for(staff).post(
        step_url(item, "progress"), {"opinion": "已完成一半", "evidence": disguised, "evidence_kind": "photo"}
    )
    assert response.status_code == 400
    assert form_errors(response).get("evidence")
    ledger.assert_unchanged()


def test_an_opinion_with_html_is_shown_as_text_wherever_it_goes(world, staff, leader):
    """A leader's 退回理由 reaches the item's page and the owner's notification: as text, never as markup."""
    item = item_in(world, "applied")
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert client_for(leader).post(step_url(item, "return"), {"opinion": script}).status_code == 302
    owner = client_for(staff)
    for url in (item.get_absolute_url(), reverse("ledger:notifications"), reverse("ledger:my-work")):
        page = text_of(owner.get(url))
        assert "<img src=x" not in page and '<script>alert("x")' not in page, url
    assert "&lt;script&gt;" in text_of(owner.get(item.get_absolute_url()))


@pytest.mark.parametrize("opinion", ["成效\x00不明显", "\x00"], ids=["inside", "alone"])
def test_a_nul_in_an_opinion_is_refused(world, leader, opinion):
    item = item_in(world, "applied")
    ledger = Ledger()
    response = client_for(leader).post(step_url(item, "return"), {"opinion": opinion})
    assert response.status_code == 400
    assert "空字符" in " ".join(form_errors(response)["opinion"])
    ledger.assert_unchanged()


def test_a_deadline_extended_to_the_last_day_of_the_calendar_breaks_no_page(world, staff, leader):
    item = item_in(world, "in_progress")
    response = client_for(leader).post(step_url(item, "extend"), {"opinion": "长期任务", "deadline": "9999-12-31"})
    assert response.status_code == 302
    assert loop_state(item)[1] == datetime.date(9999, 12, 31)
    for client in (client_for(staff), client_for(leader)):
        for url in (
            item.get_absolute_url(),
            reverse("campaigns:rectification-list"),
            reverse("ledger:my-work"),
            reverse("home"),
        ):
            assert client.get(url).status_code == 200, url


# --- the edit form: the loop's fields are not the form's ------------------------------------------------


def forged_loop_fields(leader, colleague) -> dict:
    return {
        "status": "closed",
        "closed_on": "2019-12-01",
        "closed_by": leader.pk,
        "deadline": "2020-01-20",
        "original_deadline": "2019-10-16",
        "requested_deadline": "2020-01-25",
        "owner": colleague.pk,
    }


@pytest.mark.parametrize("slug", WORK_ITEMS)
@pytest.mark.parametrize("role", ["owner", "admin"])
def test_an_edit_posting_the_loops_fields_changes_none_of_them(everyone, world, slug, role):
    users = {"owner": everyone["staff"], **everyone}
    item = item_in(world, "in_progress", slug)
    before = loop_state(item)
    events = WorkEvent.objects.count()
    data = {
        **valid_data(slug, world),
        **forged_loop_fields(everyone["leader"], everyone["colleague"]),
        "opened_version": item.version,
    }
    response = client_for(users[role]).post(reverse(REGISTRY[slug].url_name("edit"), args=[item.pk]), data)
    assert response.status_code == 302, form_errors(response)
    assert loop_state(item) == before
    assert WorkEvent.objects.count() == events  # an edit is no step of the loop


@pytest.mark.parametrize("slug", WORK_ITEMS)
def test_an_edit_cannot_reopen_a_closed_item(everyone, world, slug):
    """The owner may no longer edit what a leader closed off; the admin may, and it stays closed off."""
    item = item_in(world, "closed", slug, closed_by=everyone["leader"])
    before = loop_state(item)
    data = {**valid_data(slug, world), "status": "in_progress", "closed_on": "", "opened_version": item.version}
    url = reverse(REGISTRY[slug].url_name("edit"), args=[item.pk])
    ledger = Ledger()
    assert client_for(everyone["staff"]).post(url, data).status_code == 403
    ledger.assert_unchanged()
    assert client_for(everyone["admin"]).post(url, data).status_code == 302
    assert loop_state(item) == before


# What the enterprise's satisfaction check records: forged too on a problem.
FORGED_ON = {"enterprise-issues": {"satisfaction": "satisfied", "outcome": "resolved"}}


@pytest.mark.parametrize("slug", ["rectifications", "enterprise-issues"])
def test_a_new_item_cannot_be_created_closed_off_or_extended(staff_client, world, leader, slug):
    """已销号 is a leader's step (销号), never a value typed into the form: the form has no such fields."""
    forged = {
        "status": "closed",
        "closed_on": "2019-11-01",
        "closed_by": leader.pk,
        "requested_deadline": "2020-06-30",
        "original_deadline": "2019-10-16",
        **FORGED_ON.get(slug, {}),
    }
    data = {**valid_data(slug, world), **forged}
    model = REGISTRY[slug].model
    ledger = Ledger()
    response = staff_client.post(reverse(REGISTRY[slug].url_name("create")), data)
    assert response.status_code == 302, form_errors(response)
    ledger.assert_created(model, WorkEvent)
    item = model.objects.get()
    assert (item.status, item.closed_on, item.closed_by, item.requested_deadline) == ("pending", None, None, None)
    assert item.original_deadline == item.deadline == datetime.date.fromisoformat(data["deadline"])
    assert [event.step for event in item.events()] == ["assign"]
    if slug == "enterprise-issues":
        assert (item.outcome, item.satisfaction) == ("", "")


# --- import ----------------------------------------------------------------------------------------------


def import_sheet(slug, world, extra=()):
    """The import template's columns for `slug`, a valid row, and `extra` (header, value) columns."""
    columns = import_fields(REGISTRY[slug], world.user)
    data = valid_data(slug, world)
    row = []
    for name, _field in columns:
        value = data.get(name)
        row.append("、".join(str(v) for v in value) if isinstance(value, list) else value)
    headers = [str(f.label) for _name, f in columns] + [h for h, _v in extra]
    return xlsx_bytes(headers, [row + [v for _h, v in extra]])


IMPORTED = [slug for slug in WORK_ITEMS if not REGISTRY[slug].admin_only]  # plan tasks are not imported


@pytest.mark.parametrize("slug", IMPORTED)
@pytest.mark.parametrize(
    "extra",
    [
        pytest.param([("销号日期", "2019-11-01")], id="closed-on"),
        pytest.param([("销号人", "boss")], id="closed-by"),
        pytest.param([("申请延期至", "2020-01-20")], id="requested-deadline"),
        pytest.param([("原定时限", "2019-10-16")], id="original-deadline"),
    ],
)
def test_an_import_with_a_close_off_column_is_refused(staff_client, world, slug, extra):
    ledger = Ledger()
    upload = SimpleUploadedFile("导入.xlsx", import_sheet(slug, world, extra))
    response = staff_client.post(reverse("ledger:import"), {"kind": slug, "file": upload})
    assert response.status_code == 400
    assert "表头中有无法识别的列" in text_of(response) and extra[0][0] in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])


@pytest.mark.parametrize("slug", ["rectifications", "enterprise-issues"])
def test_an_exported_state_column_is_read_past_never_trusted(staff_client, world, slug):
    """An exported sheet carries 办理状态 (so it imports again); the imported item still starts the loop
    pending, whatever the column says."""
    upload = SimpleUploadedFile("导入.xlsx", import_sheet(slug, world, [("办理状态", "已销号")]))
    response = import_in_browser(staff_client, slug, upload)
    assert response.status_code == 200
    item = REGISTRY[slug].model.objects.get()
    assert (item.status, item.closed_on) == ("pending", None)


def test_plan_tasks_are_not_imported_at_all(client, world, admin_user):
    client.force_login(admin_user)
    world.user = admin_user
    ledger = Ledger()
    upload = SimpleUploadedFile("导入.xlsx", import_sheet("plan-tasks", world, [("办理状态", "已销号")]))
    response = client.post(reverse("ledger:import"), {"kind": "plan-tasks", "file": upload})
    assert response.status_code == 400
    assert "选择一个有效的选项" in " ".join(form_errors(response)["kind"])
    ledger.assert_unchanged()


@pytest.mark.parametrize("slug", IMPORTED)
def test_an_imported_item_starts_the_loop_pending(staff_client, world, slug):
    upload = SimpleUploadedFile("导入.xlsx", import_sheet(slug, world))
    response = import_in_browser(staff_client, slug, upload)
    assert response.status_code == 200
    item = REGISTRY[slug].model.objects.get()
    assert (item.status, item.closed_on, item.requested_deadline) == ("pending", None, None)
    assert [e.step for e in WorkEvent.objects.of(item)] == ["assign"]


# --- revert: an earlier version's values come back through the form, the loop's never ---------------------


def test_reverting_a_closed_item_does_not_reopen_it(world, staff, leader, admin_user):
    item = item_in(world, "pending", "rectifications")
    first = item.history.earliest("history_date")
    item, _ = take_step(item, "acknowledge", staff)
    item, _ = take_step(item, "apply", staff, values={"result": "已完善学习制度"})
    item, _ = take_step(item, "close", leader)
    before = loop_state(item)
    url = reverse("campaigns:rectification-revert", args=[item.pk, first.history_id])
    ledger = Ledger()
    assert client_for(staff).post(url).status_code == 403  # closed off: no longer the owner's to change
    ledger.assert_unchanged()
    response = client_for(admin_user).post(url)
    assert response.status_code == 302
    assert loop_state(item) == before
    assert type(item).objects.get(pk=item.pk).result == "已完善学习制度"  # what was applied with stays
    assert [e.step for e in WorkEvent.objects.of(item)] == ["acknowledge", "apply", "close"]


def test_reverting_a_solved_problem_keeps_its_outcome_and_satisfaction(world, staff, leader, admin_user):
    item = item_in(world, "in_progress", "enterprise-issues")
    first = item.history.earliest("history_date")
    item, _ = take_step(item, "apply", staff, values={"outcome": "resolved", "resolution": "协调银行发放贷款"})
    item, _ = take_step(item, "close", leader)
    item, _ = take_step(item, "satisfaction", leader, values={"satisfaction": "satisfied"})
    before = loop_state(item)
    url = reverse("enterprises:enterpriseissue-revert", args=[item.pk, first.history_id])
    assert client_for(admin_user).post(url).status_code == 302
    after = type(item).objects.get(pk=item.pk)
    assert loop_state(item) == before
    assert (after.outcome, after.resolution, after.satisfaction) == ("resolved", "协调银行发放贷款", "satisfied")


def test_reverting_an_extended_or_reassigned_item_keeps_its_deadline_and_owner(world, staff, colleague, leader):
    item = item_in(world, "in_progress", "rectifications")
    first = item.history.earliest("history_date")
    item, _ = take_step(item, "extend", leader, deadline=later(30), opinion="上级要求调整")
    item, _ = take_step(item, "assign", leader, values={"owner": colleague})
    before = loop_state(item)
    response = client_for(staff).post(reverse("campaigns:rectification-revert", args=[item.pk, first.history_id]))
    assert response.status_code == 302
    assert loop_state(item) == before
    assert before[1] == later(30) and before[-1] == colleague.pk


def test_reverting_a_returned_item_does_not_apply_for_it_again(world, staff, leader):
    item = item_in(world, "in_progress", "rectifications")
    item, _ = take_step(item, "apply", staff, values={"result": "已完善学习制度"})
    applied = item.history.latest("history_date")
    item, _ = take_step(item, "return", leader, opinion="成效不明显")
    before = loop_state(item)
    response = client_for(staff).post(reverse("campaigns:rectification-revert", args=[item.pk, applied.history_id]))
    assert response.status_code == 302
    assert loop_state(item) == before and before[0] == "in_progress"


# --- the Django admin: records are read there ---------------------------------------------------------


@pytest.mark.parametrize("slug", WORK_ITEMS)
def test_the_admin_change_form_changes_no_state(world, admin_user, leader, colleague, slug):
    item = item_in(world, "applied", slug)
    opts = item._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    client = client_for(admin_user)
    assert client.get(change).status_code == 200
    before = loop_state(item)
    ledger = Ledger()
    forged = {**forged_loop_fields(leader, colleague), "status": "closed", "_save": "保存"}
    assert client.post(change, forged).status_code == 403
    history = item.history.earliest("history_date")
    revert = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[item.pk, history.history_id])
    assert client.post(revert, forged).status_code == 403
    ledger.assert_unchanged()
    assert loop_state(item) == before


# --- bulk 改派 and 延期 ------------------------------------------------------------------------------------


def bulk(client, action, items, **data):
    return client.post(
        reverse(f"campaigns:rectification-bulk-{action}"),
        {"ids": [item.pk for item in items], "step": "apply", **data},
    )


@pytest.mark.parametrize("role", ["owner", "colleague", "auditor", "city_leader", "city_admin"])
@pytest.mark.parametrize("action", ["assign", "extend"])
def test_bulk_reassigning_or_extending_is_for_the_bureaus_leaders(everyone, world, role, action):
    users = {"owner": everyone["staff"], **everyone}
    items = [item_in(world, "in_progress"), item_in(world, "asked")]
    before = [loop_state(item) for item in items]
    ledger = Ledger()
    response = bulk(
        client_for(users[role]),
        action,
        items,
        owner=everyone["colleague"].pk,
        deadline=later(30).isoformat(),
        reason="自己延期",
    )
    assert response.status_code == 403
    ledger.assert_unchanged()
    assert [loop_state(item) for item in items] == before


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        pytest.param({"deadline": "+-1"}, 400, "新的时限不能早于今天", id="yesterday"),
        pytest.param({"deadline": "+30"}, 409, "不早于新的时限，无需延期", id="before-one-items-deadline"),
        pytest.param({"deadline": "+90", "reason": ""}, 400, "请填写延期理由", id="no-reason"),
        pytest.param({"deadline": "+90", "reason": "长" * 100_000}, 400, "不超过 200 字符", id="a-long-reason"),
    ],
)
def test_a_bulk_extension_that_is_no_extension_changes_no_item(leader, world, data, status, message):
    items = [item_in(world, "in_progress"), item_in(world, "in_progress", deadline=later(60))]
    before = [loop_state(item) for item in items]
    sent = {"reason": "上级要求调整", **data}
    sent["deadline"] = later(int(sent["deadline"][1:])).isoformat()
    ledger = Ledger()
    response = bulk(client_for(leader), "extend", items, **sent)
    assert response.status_code == status
    assert message in text_of(response)
    ledger.assert_unchanged()
    assert [loop_state(item) for item in items] == before


@pytest.mark.parametrize("action", ["assign", "extend"])
def test_bulk_on_a_closed_item_changes_none_of_the_chosen(leader, colleague, world, action):
    items = [item_in(world, "in_progress"), item_in(world, "closed", closed_by=leader)]
    before = [loop_state(item) for item in items]
    ledger = Ledger()
    response = bulk(
        client_for(leader), action, items, owner=colleague.pk, deadline=later(30).isoformat(), reason="调整"
    )
    assert response.status_code == 409
    assert "已销号的事项不能改派或延期" in text_of(response)
    ledger.assert_unchanged()
    assert [loop_state(item) for item in items] == before


@pytest.mark.parametrize("who", ["other-bureau", "auditor", "city"])
def test_bulk_reassigning_to_someone_outside_the_bureau_is_an_invalid_choice(everyone, world, other, who):
    target = {"other-bureau": everyone["outsider"], "auditor": everyone["auditor"], "city": everyone["city_leader"]}
    item = item_in(world, "in_progress")
    before = loop_state(item)
    ledger = Ledger()
    response = bulk(client_for(everyone["leader"]), "assign", [item], owner=target[who].pk)
    assert response.status_code == 400
    assert "选择一个有效的选项" in " ".join(form_errors(response)["owner"])
    ledger.assert_unchanged()
    assert loop_state(item) == before


# --- two leaders deciding on the same item ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        pytest.param("close", "return", "事项当前状态为“已销号”，不能“退回”", id="closed-then-returned"),
        pytest.param("return", "close", "事项当前状态为“办理中”，不能“销号”", id="returned-then-closed"),
        pytest.param("close", "close", "事项当前状态为“已销号”，不能“销号”", id="closed-twice"),
    ],
)
def test_of_two_leaders_on_stale_pages_the_first_decides(world, leader, admin_user, first, second, message):
    item = item_in(world, "applied")
    leader_client, admin_client = client_for(leader), client_for(admin_user)
    # Both open the page while the item waits for them.
    assert leader_client.get(step_url(item, first)).status_code == 200
    assert admin_client.get(step_url(item, second)).status_code == 200
    assert leader_client.post(step_url(item, first), {"opinion": "第一位领导的意见"}).status_code == 302
    decided = loop_state(item)
    ledger = Ledger()
    late = admin_client.post(step_url(item, second), {"opinion": "第二位领导的意见"})
    assert late.status_code == 409
    assert message in text_of(late)
    ledger.assert_unchanged()
    assert loop_state(item) == decided
    assert [(e.step, e.actor) for e in WorkEvent.objects.of(item)] == [(first, leader)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="two connections racing on one row: PostgreSQL (CI runs it there); the served SQLite case is below",
)
@pytest.mark.parametrize(("theirs", "ours"), [("close", "return"), ("close", "close"), ("return", "close")])
def test_two_decisions_racing_in_the_database_are_taken_one_after_the_other(
    staff, leader, admin_user, campaign, department, theirs, ours
):
    """Both have read the applied item; the first takes its step and holds the row until the second has
    started: the second waits for the row lock (select_for_update), then sees the new state and is refused."""
    from django.db import connection, transaction

    from bureau.ledger.lifecycle import Refused

    item = RectificationFactory(
        campaign=campaign, recorded_by=staff, department=department, status="applied", result="已整改"
    )
    first_took, second_started = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                take_step(type(item).objects.get(pk=item.pk), theirs, leader, opinion="领导意见")
                first_took.set()
                second_started.wait(10)
                time.sleep(0.3)  # the second is waiting for the lock by now
            results["first"] = "taken"
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_took.wait(10)
    stale = type(item).objects.get(pk=item.pk)  # the last committed state: still applied
    assert stale.status == "applied"
    second_started.set()
    with pytest.raises(Refused):
        take_step(stale, ours, admin_user, opinion="管理员意见")
    thread.join(10)
    assert results["first"] == "taken"
    assert [(e.step, e.actor) for e in WorkEvent.objects.of(item)] == [(theirs, leader)]


SETUP = """
from tests.world import BureauFactory, CampaignFactory, DepartmentFactory, RectificationFactory, UserFactory
bureau = BureauFactory(name="青田县科学技术局")
campaign = CampaignFactory(bureau=bureau)
department = DepartmentFactory(bureau=bureau, name="高新技术科")
owner = UserFactory(username="owner", bureau=bureau, department=department, role="staff")
UserFactory(username="boss", bureau=bureau, role="leader")
UserFactory(username="office", bureau=bureau, role="admin")
items = [
    RectificationFactory(campaign=campaign, recorded_by=owner, department=department, status="applied", result="已整改")
    for _ in range({rounds})
]
print(",".join(str(item.pk) for item in items))
"""
OUTCOME = """
from bureau.ledger.lifecycle import WorkEvent
from campaigns.models import Rectification
rows = []
for item in Rectification.objects.order_by("pk"):
    steps = "+".join(e.step + ":" + e.actor.username for e in WorkEvent.objects.of(item))
    rows.append(f"{item.status}/{steps}")
print(";".join(rows))
"""
ROUNDS = 6


@pytest.fixture
def served(migrated_sqlite, tmp_path):
    """The app as the README serves it (gunicorn, several workers) on a SQLite file, with ROUNDS applied items."""
    from .servers import GunicornOnSqlite

    app = GunicornOnSqlite(migrated_sqlite, tmp_path)
    ids = app.shell(SETUP.format(rounds=ROUNDS)).split(",")
    with app:
        yield app.url, ids, lambda: app.shell(OUTCOME).split(";")


def test_two_leaders_deciding_at_the_same_moment_decide_once(served):
    """The leader presses 销号 and the admin 退回 (or 销号) on the same applied item at the same moment,
    through the live server: exactly one of them is taken, the other is told the item moved on (409)."""
    from .servers import CSRF_INPUT, Visitor

    base, ids, outcome = served
    deciders = {}
    for username in ("boss", "office"):
        visitor = Visitor(base)
        login = visitor.post_form("/accounts/login/", {"username": username, "password": "correct horse battery"})
        assert login[0] == 302
        deciders[username] = visitor
    results = []
    for n, pk in enumerate(ids):
        # Half the rounds close-off against return, half close-off against close-off.
        steps = {"boss": "close", "office": "return" if n % 2 == 0 else "close"}
        pages = {u: deciders[u].get(f"/rectifications/{pk}/steps/{s}/") for u, s in steps.items()}
        assert all(status == 200 for status, _page in pages.values()), pages
        start = threading.Barrier(2)
        answers = {}

        def decide(username, pk=pk, steps=steps, pages=pages, answers=answers, start=start):
            token = CSRF_INPUT.search(pages[username][1])[1]
            fields = {"csrfmiddlewaretoken": token, "opinion": f"{username} 的意见"}
            start.wait()
            answers[username] = deciders[username].request(
                "POST", f"/rectifications/{pk}/steps/{steps[username]}/", fields
            )

        threads = [threading.Thread(target=decide, args=(u,)) for u in steps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(answers[u][0] for u in steps)
        assert statuses == [302, 409], {u: (a[0], a[1][:300]) for u, a in answers.items()}
        winner = next(u for u in steps if answers[u][0] == 302)
        results.append((steps, winner))
    rows = outcome()
    assert len(rows) == ROUNDS
    for (steps, winner), row in zip(results, rows, strict=True):
        status, events = row.split("/")
        assert events == f"{steps[winner]}:{winner}", row  # one decision recorded, the winner's
        assert status == ("closed" if steps[winner] == "close" else "in_progress"), row
