"""Forged cross-site requests: every state-changing POST without a valid CSRF token is refused with the
“页面已过期” page, and nothing changes. The same POST with the page's own token goes through."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.models import StudySession
from tests.helpers import Ledger, create_url, csrf_token_from, text_of, xlsx_bytes
from tests.world import RectificationFactory, StudySessionFactory, valid_data

pytestmark = pytest.mark.django_db

EXPIRED = "页面已过期"


@pytest.fixture
def csrf_client(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    return client


@pytest.fixture
def leader_csrf_client(leader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    return client


@pytest.fixture
def session(world):
    return StudySessionFactory(campaign=world.campaign, recorded_by=world.user, department=world.department)


def assert_refused(response, ledger):
    assert response.status_code == 403
    assert EXPIRED in text_of(response)
    assert "您填写的内容未被保存" in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize("token", [None, "", "forged-token", "x" * 64, "\x00" * 32])
def test_a_create_without_a_valid_token_is_refused(csrf_client, world, token):
    data = valid_data("study-sessions", world)
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    ledger = Ledger()
    assert_refused(csrf_client.post(create_url("study-sessions"), data), ledger)


def test_a_create_with_the_token_of_the_form_page_is_saved(csrf_client, world):
    token = csrf_token_from(csrf_client.get(create_url("study-sessions")))
    ledger = Ledger()
    response = csrf_client.post(
        create_url("study-sessions"), {**valid_data("study-sessions", world), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    ledger.assert_created(StudySession)


def test_a_token_from_another_browser_session_is_refused(csrf_client, world, colleague):
    """An attacker's own valid token does not work with the victim's cookie."""
    attacker = Client(enforce_csrf_checks=True)
    attacker.force_login(colleague)
    stolen = csrf_token_from(attacker.get(create_url("study-sessions")))
    csrf_client.get(create_url("study-sessions"))  # the victim has a CSRF cookie of its own
    ledger = Ledger()
    data = {**valid_data("study-sessions", world), "csrfmiddlewaretoken": stolen}
    assert_refused(csrf_client.post(create_url("study-sessions"), data), ledger)


def test_a_token_in_the_header_must_match_too(csrf_client, world):
    ledger = Ledger()
    response = csrf_client.post(
        create_url("study-sessions"), valid_data("study-sessions", world), HTTP_X_CSRFTOKEN="forged"
    )
    assert_refused(response, ledger)


def test_an_edit_without_a_token_is_refused(csrf_client, world, session):
    ledger = Ledger()
    data = {**valid_data("study-sessions", world), "topic": "被篡改", "opened_version": session.version}
    assert_refused(csrf_client.post(reverse("campaigns:studysession-edit", args=[session.pk]), data), ledger)


def test_a_delete_without_a_token_is_refused(csrf_client, session):
    ledger = Ledger()
    assert_refused(csrf_client.post(reverse("campaigns:studysession-delete", args=[session.pk])), ledger)
    assert StudySession.objects.filter(pk=session.pk).exists()


def test_an_upload_without_a_token_is_refused(csrf_client, session):
    ledger = Ledger()
    files = {"files": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"), "kind": "document"}
    assert_refused(csrf_client.post(reverse("campaigns:studysession-attach", args=[session.pk]), files), ledger)


def test_an_import_without_a_token_is_refused(csrf_client, world):
    content = xlsx_bytes(["学习形式", "学习日期", "学习主题", "参加人数"], [["党员集中学习", "2019-10-10", "学习", 3]])
    ledger = Ledger()
    data = {"kind": "study-sessions", "file": SimpleUploadedFile("导入.xlsx", content)}
    assert_refused(csrf_client.post(reverse("ledger:import"), data), ledger)


def test_a_restore_from_the_recycle_bin_without_a_token_is_refused(csrf_client, world, session):
    session.soft_delete(world.user)
    ledger = Ledger()
    assert_refused(csrf_client.post(f"/recycle-bin/study-sessions/{session.pk}/restore/"), ledger)


def test_a_revert_without_a_token_is_refused(csrf_client, session):
    first = session.history.get()
    session.topic = "改过的主题"
    session.save()
    ledger = Ledger()
    url = reverse("campaigns:studysession-revert", args=[session.pk, first.history_id])
    assert_refused(csrf_client.post(url), ledger)


def test_closing_a_month_without_a_token_is_refused(leader_csrf_client, world):
    ledger = Ledger()
    response = leader_csrf_client.post(
        reverse("reports:close-month"), {"campaign": world.campaign.pk, "month": "2019-10"}
    )
    assert_refused(response, ledger)


def applied_rectification(world):
    return RectificationFactory(
        campaign=world.campaign, recorded_by=world.user, status="applied", result="已完善学习制度"
    )


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_closing_off_a_rectification_without_a_valid_token_is_refused(leader_csrf_client, world, token):
    item = applied_rectification(world)
    data = {"opinion": "同意销号"}
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    ledger = Ledger()
    url = reverse("campaigns:rectification-step", args=[item.pk, "close"])
    assert_refused(leader_csrf_client.post(url, data), ledger)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("applied", None)


def test_closing_off_with_the_token_of_the_step_page_is_taken(leader_csrf_client, world, leader):
    item = applied_rectification(world)
    url = reverse("campaigns:rectification-step", args=[item.pk, "close"])
    token = csrf_token_from(leader_csrf_client.get(url))
    response = leader_csrf_client.post(url, {"opinion": "同意销号", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.closed_by) == ("closed", leader)


def test_a_questionnaire_link_cannot_be_switched_off_cross_site(csrf_client, world):
    ledger = Ledger()
    url = reverse("surveys:link-toggle", args=[world.questionnaire.pk, world.link.pk])
    assert_refused(csrf_client.post(url), ledger)


def test_a_login_without_a_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    ledger = Ledger()
    response = client.post(reverse("login"), {"username": "owner", "password": "correct horse battery"})
    assert_refused(response, ledger)
    assert "_auth_user_id" not in client.session


def test_logging_out_needs_a_post_with_a_token(csrf_client):
    assert csrf_client.get(reverse("logout")).status_code == 405
    response = csrf_client.post(reverse("logout"))
    assert response.status_code == 403 and EXPIRED in text_of(response)
    assert "_auth_user_id" in csrf_client.session
