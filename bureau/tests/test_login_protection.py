"""Login protection: lock-out per username and address, session expiry, deactivated users."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.world import PASSWORD


def attempt(client, username, password, addr="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_repeated_failures_lock_out_that_username_at_that_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "owner", "wrong").status_code == 400
    locked = attempt(client, "owner", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # Even the right password is refused while locked.
    assert attempt(client, "owner", PASSWORD).status_code == 429


def test_a_colleague_behind_the_same_address_can_still_log_in(client, staff, colleague, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "owner", "wrong")
    response = attempt(client, "colleague", PASSWORD)
    assert response.status_code == 302


def test_same_user_from_another_address_is_not_locked(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "owner", "wrong", addr="10.1.1.1")
    assert attempt(client, "owner", PASSWORD, addr="10.2.2.2").status_code == 302


def test_admin_unlocks_by_clearing_attempts(client, staff, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "owner", "wrong")
    client.force_login(admin_user)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200 and "owner" in response.content.decode()
    AccessAttempt.objects.filter(username="owner").delete()  # what the admin's "delete" action does
    client.logout()
    assert attempt(client, "owner", PASSWORD).status_code == 302


def test_session_expires_after_30_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_deactivated_user_is_signed_out_at_next_request(client, staff):
    client.force_login(staff)
    assert client.get("/").status_code == 200
    staff.is_active = False
    staff.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("password", ["12345678", "password", "abc"])
def test_weak_passwords_are_refused(client, staff, password):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 400
    assert "密码" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_failed_login_is_logged(client, staff, caplog):
    with caplog.at_level("WARNING", logger="ledger.security"):
        attempt(client, "owner", "wrong")
    assert "login failed user=owner" in caplog.text


def test_refused_access_is_logged(client, staff, colleague, caplog):
    from tests.world import StudySessionFactory

    session = StudySessionFactory(recorded_by=colleague, campaign=staff.bureau.campaigns.get())
    client.force_login(staff)
    with caplog.at_level("WARNING", logger="ledger.security"):
        client.get(reverse("campaigns:studysession-edit", args=[session.pk]))
    assert "refused status=403 user=owner" in caplog.text
