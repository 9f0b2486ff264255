"""Every change is kept with who, when and what changed; an old version can be brought back."""

import pytest
from django.urls import reverse

from campaigns.models import StudySession
from tests.world import session_data


@pytest.fixture
def edited_session(client, staff, campaign):
    client.force_login(staff)
    client.post(reverse("campaigns:studysession-create"), session_data(campaign, topic="第一次录入", attendance="20"))
    session = StudySession.objects.get()
    client.post(
        reverse("campaigns:studysession-edit", args=[session.pk]),
        session_data(
            campaign,
            topic="改正后的主题",
            attendance="22",
            opened_version=session.version,
            department=staff.department_id,
        ),
    )
    client.logout()
    session.refresh_from_db()
    return session


def test_history_shows_who_changed_what_in_chinese(client, staff, edited_session):
    client.force_login(staff)
    response = client.get(reverse("campaigns:studysession-history", args=[edited_session.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "学习主题" in body and "第一次录入" in body and "改正后的主题" in body
    assert "参加人数" in body and "修改" in body and "新建" in body
    versions = response.context["versions"]
    assert [v.kind for v in versions] == ["修改", "新建"]
    assert all(v.who == staff for v in versions)
    assert {c.label for c in versions[0].changes} == {"学习主题", "参加人数"}


def test_exactly_one_history_entry_per_change(edited_session):
    assert edited_session.history.count() == 2


def test_the_admin_brings_back_an_old_version(client, admin_user, edited_session):
    client.force_login(admin_user)
    first = edited_session.history.earliest("history_date")
    revert = reverse("campaigns:studysession-revert", args=[edited_session.pk, first.history_id])
    assert client.post(revert).status_code == 302
    edited_session.refresh_from_db()
    assert edited_session.topic == "第一次录入"


def test_revert_is_itself_recorded(client, staff, edited_session):
    client.force_login(staff)
    first = edited_session.history.earliest("history_date")
    client.post(reverse("campaigns:studysession-revert", args=[edited_session.pk, first.history_id]))
    edited_session.refresh_from_db()
    assert edited_session.topic == "第一次录入" and edited_session.attendance == 20
    latest = edited_session.history.latest("history_date")
    assert latest.history_change_reason == "回退" and latest.history_user == staff


def test_unknown_version_is_404(client, staff, edited_session):
    client.force_login(staff)
    url = reverse("campaigns:studysession-revert", args=[edited_session.pk, 999999])
    assert client.post(url).status_code == 404
