"""Hostile form posts: missing and forged fields, wrong types, roles, double submits."""

import pytest
from django.urls import reverse

from bureau.ledger.registry import REGISTRY
from campaigns.models import PlanTask, Rectification, StudySession
from enterprises.models import Enterprise, Institution
from tests.helpers import Ledger, create_url, form_errors, text_of
from tests.world import valid_data

pytestmark = pytest.mark.django_db


def post(client, slug, data):
    return client.post(create_url(slug), data)


@pytest.mark.parametrize("slug", [slug for slug, rt in REGISTRY.items() if not rt.admin_only])
def test_an_empty_form_is_refused_with_required_messages(staff_client, world, slug):
    ledger = Ledger()
    response = post(staff_client, slug, {"campaign": world.campaign.pk})
    assert response.status_code == 400
    assert "这个字段是必填项" in text_of(response)
    assert form_errors(response)
    ledger.assert_unchanged()


def test_whitespace_only_text_is_as_good_as_nothing(staff_client, world):
    ledger = Ledger()
    response = post(staff_client, "study-sessions", {**valid_data("study-sessions", world), "topic": " \u3000\t "})
    assert response.status_code == 400
    assert "这个字段是必填项" in form_errors(response)["topic"][0]
    ledger.assert_unchanged()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "party_meeting", "选择一个有效的选项"),
        ("attendance", "-3", "大于或等于0"),
        ("attendance", "10001", "小于或等于10000"),
        ("attendance", str(10**30), "小于或等于10000"),
        ("attendance", "二十一", "输入整数"),
        ("attendance", "²", "输入整数"),
        ("attendance", "2.5", "输入整数"),
        ("campaign", "", "这个字段是必填项"),
        ("campaign", "abc", "选择一个有效的选项"),
        ("department", "-1", "选择一个有效的选项"),
    ],
)
def test_wrong_values_are_refused_with_a_chinese_message(staff_client, world, field, value, message):
    ledger = Ledger()
    response = post(staff_client, "study-sessions", {**valid_data("study-sessions", world), field: value})
    assert response.status_code == 400
    assert message in " ".join(form_errors(response)[field])
    assert message in text_of(response)
    ledger.assert_unchanged()


def test_full_width_digits_from_a_chinese_keyboard_are_numbers(staff_client, world):
    ledger = Ledger()
    response = post(staff_client, "study-sessions", {**valid_data("study-sessions", world), "attendance": "２１"})
    assert response.status_code == 302
    ledger.assert_created(StudySession)
    assert StudySession.objects.get().attendance == 21


def test_forged_owner_bureau_version_and_bin_fields_are_ignored(staff_client, world, other, colleague):
    """Fields the form does not offer cannot be set by adding them to the POST (mass assignment)."""
    forged = {
        "bureau": other.bureau.pk,
        "recorded_by": colleague.pk,
        "version": "99",
        "deleted_at": "2019-10-01 00:00",
        "created_at": "2000-01-01 00:00",
        "id": "424242",
    }
    ledger = Ledger()
    response = post(staff_client, "study-sessions", {**valid_data("study-sessions", world), **forged})
    assert response.status_code == 302
    ledger.assert_created(StudySession)
    session = StudySession.all_objects.get()
    assert (session.bureau, session.recorded_by, session.version) == (world.bureau, world.user, 1)
    assert session.deleted_at is None and session.pk != 424242 and session.created_at.year >= 2024


def test_html_typed_into_a_form_is_shown_as_text(staff_client, world):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post(staff_client, "study-sessions", {**valid_data("study-sessions", world), "topic": script})
    assert response.status_code == 302
    page = text_of(staff_client.get(response["Location"]))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and '<script>alert("x")' not in page
    listing = text_of(staff_client.get(reverse("campaigns:studysession-list")))
    assert "<img src=x" not in listing


def test_staff_cannot_create_plan_tasks(staff_client, world):
    ledger = Ledger()
    response = post(staff_client, "plan-tasks", {**valid_data("plan-tasks", world)})
    assert response.status_code == 403
    assert "只有管理员可以新增实施方案任务" in text_of(response)
    ledger.assert_unchanged()
    assert not PlanTask.all_objects.exists()


def test_anonymous_posts_go_to_the_login_page(client, world):
    ledger = Ledger()
    response = post(client, "study-sessions", valid_data("study-sessions", world))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    ledger.assert_unchanged()


def test_an_account_without_a_bureau_cannot_record(client, world):
    from tests.world import UserFactory

    client.force_login(UserFactory(username="drifter", bureau=None))
    ledger = Ledger()
    response = post(client, "study-sessions", valid_data("study-sessions", world))
    assert response.status_code == 403
    assert "尚未分配单位" in text_of(response)
    ledger.assert_unchanged()


def test_a_colleague_cannot_edit_or_delete_my_record(client, world, colleague):
    from tests.world import StudySessionFactory

    session = StudySessionFactory(campaign=world.campaign, recorded_by=world.user, topic="学习党章")
    client.force_login(colleague)
    ledger = Ledger()
    edit = client.post(
        reverse("campaigns:studysession-edit", args=[session.pk]),
        {**valid_data("study-sessions", world), "topic": "被改掉的主题"},
    )
    delete = client.post(reverse("campaigns:studysession-delete", args=[session.pk]))
    assert edit.status_code == delete.status_code == 403
    assert "您只能修改或删除自己录入的记录" in text_of(edit)
    ledger.assert_unchanged()
    assert StudySession.objects.get().topic == "学习党章"


def test_put_and_delete_on_a_create_page_save_nothing(staff_client, world):
    ledger = Ledger()
    put = staff_client.put(create_url("study-sessions"), "topic=x", content_type="application/x-www-form-urlencoded")
    delete = staff_client.delete(create_url("study-sessions"))
    assert put.status_code == 400  # Django's CreateView treats PUT as POST; the body is not parsed as a form
    assert delete.status_code == 405
    ledger.assert_unchanged()


# --- double submits ---------------------------------------------------------------------------------


def test_the_same_study_session_posted_twice_is_saved_once(staff_client, world):
    """A double click or a resend posts the same rendered form, with its one-time token, twice."""
    page = staff_client.get(create_url("study-sessions"))
    token = page.context["form"]["submission_token"].value()
    data = {**valid_data("study-sessions", world), "submission_token": token}
    ledger = Ledger()
    first = post(staff_client, "study-sessions", data)
    second = post(staff_client, "study-sessions", data)
    assert first.status_code == 302 and second.status_code == 302
    assert second.url == first.url
    followed = staff_client.get(second.url)
    assert "没有重复保存" in text_of(followed)
    ledger.assert_created(StudySession)


@pytest.mark.parametrize(
    ("slug", "model", "message"),
    [
        pytest.param("enterprises", Enterprise, "统一社会信用代码", id="enterprise"),
        pytest.param("institutions", Institution, "请勿重复登记", id="institution"),
    ],
)
def test_the_same_registration_posted_twice_is_registered_once(staff_client, world, slug, model, message):
    """Enterprises and institutions have no one-time token: the second post is refused as a duplicate."""
    data = valid_data(slug, world)
    ledger = Ledger()
    first = post(staff_client, slug, data)
    second = post(staff_client, slug, data)
    assert (first.status_code, second.status_code) == (302, 400)
    assert message in text_of(second)
    ledger.assert_created(model)


def test_closing_off_a_rectification_twice_closes_it_off_once(client, world, leader):
    from tests.world import RectificationFactory

    item = RectificationFactory(
        campaign=world.campaign, recorded_by=world.user, status="applied", result="已完善学习制度"
    )
    client.force_login(leader)
    url = reverse("campaigns:rectification-step", args=[item.pk, "close"])
    assert client.post(url, {"opinion": "同意销号"}).status_code == 302
    ledger = Ledger()
    again = client.post(url, {"opinion": "同意销号"})
    assert again.status_code == 409
    assert "事项当前状态为“已销号”，不能“销号”" in text_of(again)
    ledger.assert_unchanged()
    item = Rectification.objects.get()
    assert (item.status, item.closed_by) == ("closed", leader)
    assert [event.step for event in item.events()] == ["close"]


@pytest.mark.parametrize(
    "username",
    [
        # django-axes would store it in a varchar(255) (jazzband/django-axes#1381): the login form caps it at 150.
        pytest.param("长" * 300, id="300-characters"),
        pytest.param("owner\x00", id="nul"),
        pytest.param("owner\x1b[0m", id="escape"),
        pytest.param("' OR 1=1 --", id="sql"),
    ],
)
def test_hostile_usernames_at_login_are_refused_without_a_500(client, staff, username):
    ledger = Ledger()
    response = client.post(reverse("login"), {"username": username, "password": "correct horse battery"})
    assert response.status_code == 400
    assert "用户名" in text_of(response)
    assert "_auth_user_id" not in client.session
    ledger.assert_unchanged()


# django-axes stores the raw User-Agent of every login attempt and PostgreSQL refuses NUL in text:
# bureau.middleware drops NUL from headers first.
@pytest.mark.parametrize("password", ["wrong", "correct horse battery"], ids=["failed", "successful"])
def test_a_nul_in_the_user_agent_at_login_is_not_a_500(client, staff, password):
    ledger = Ledger()
    response = client.post(
        reverse("login"), {"username": "owner", "password": password}, HTTP_USER_AGENT="Mozilla/5.0\x00<script>"
    )
    assert response.status_code == (302 if password != "wrong" else 400)
    ledger.assert_unchanged()
