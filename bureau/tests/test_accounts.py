"""Accounts to 等保2.0 level 2: password strength and reuse, expiry, a forced change after an admin set
the password, lock-out, idle timeout; each a setting read from the environment."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.models import User

pytestmark = pytest.mark.django_db

GOOD = "Qingtian-2019"


def change(client, old, new):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    "password",
    ["qingtiankeji", "qingtian2019", "QINGTIAN-KEJI", "a1-B2", "12345678"],
    ids=["letters", "two-classes", "upper-and-symbol", "short", "digits"],
)
def test_a_weak_password_is_refused_with_the_rule(client, staff, password):
    client.force_login(staff)
    response = change(client, "correct horse battery", password)
    assert response.status_code == 400
    body = response.content.decode()
    assert "至少 3 类" in body or "密码太短" in body or "全都是数字" in body
    staff.refresh_from_db()
    assert staff.check_password("correct horse battery")


def test_a_password_with_three_classes_is_taken(client, staff):
    client.force_login(staff)
    assert change(client, "correct horse battery", GOOD).status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(GOOD) and staff.password_changed_at is not None


def test_none_of_the_last_five_passwords_may_be_chosen_again(client, staff):
    client.force_login(staff)
    passwords = [f"Qingtian-{n}x" for n in range(6)]
    current = "correct horse battery"
    for password in passwords[:5]:
        assert change(client, current, password).status_code == 302, password
        current = password
    for reused in passwords[:5]:
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(reused, User.objects.get(pk=staff.pk))
    response = change(client, current, passwords[1])
    assert response.status_code == 400 and "最近 5 次" in response.content.decode()
    assert change(client, current, passwords[5]).status_code == 302


def test_an_expired_password_must_be_changed_before_anything_else(client, staff, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    User.objects.filter(pk=staff.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    client.force_login(User.objects.get(pk=staff.pk))
    response = client.get(reverse("campaigns:studysession-list"))
    assert response.status_code == 302 and response.url == reverse("password_change")
    assert change(client, "correct horse battery", GOOD).status_code == 302
    assert client.get(reverse("campaigns:studysession-list")).status_code == 200


def test_expiry_zero_means_never(client, staff, settings):
    settings.PASSWORD_EXPIRY_DAYS = 0
    User.objects.filter(pk=staff.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=2000))
    client.force_login(User.objects.get(pk=staff.pk))
    assert client.get(reverse("campaigns:studysession-list")).status_code == 200


def test_a_password_an_admin_reset_is_changed_at_the_next_login(client, admin_user, staff):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    response = client.post(url, {"password1": "Temp-2019-pass", "password2": "Temp-2019-pass"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.must_change_password
    client.logout()
    login = client.post(reverse("login"), {"username": staff.username, "password": "Temp-2019-pass"})
    assert login.status_code == 302
    assert client.get("/").url == reverse("password_change")
    assert change(client, "Temp-2019-pass", GOOD).status_code == 302
    staff.refresh_from_db()
    assert not staff.must_change_password
    assert client.get("/").status_code == 200


def test_five_failures_lock_the_account_at_that_address_for_thirty_minutes(client, staff):
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME == 0.5
    assert settings.AXES_LOCKOUT_PARAMETERS[0] == ["username", "ip_address"]
    for _ in range(5):
        client.post(reverse("login"), {"username": staff.username, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": staff.username, "password": "correct horse battery"})
    assert locked.status_code == 429
    elsewhere = client.post(
        reverse("login"), {"username": staff.username, "password": "correct horse battery"}, REMOTE_ADDR="10.0.0.99"
    )
    assert elsewhere.status_code == 302


def test_the_session_ends_after_thirty_idle_minutes(client, staff):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(staff)
    session = client.session
    session.set_expiry(timezone.now() - datetime.timedelta(seconds=1))
    session.save()
    assert client.get("/").status_code == 302


def test_a_role_given_away_takes_the_admin_site_with_it(admin_user):
    assert admin_user.is_staff
    admin_user.role = "staff"
    admin_user.save()
    admin_user.refresh_from_db()
    assert not admin_user.is_staff
