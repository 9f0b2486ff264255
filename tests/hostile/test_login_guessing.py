"""Password guessing across accounts: the lock-out is per username and address, and one address also
has a cap on failures across every account it tries (LOGIN_MAX_FAILURES_PER_ADDRESS per hour)."""

import datetime

import pytest
from axes.models import AccessFailureLog
from django.urls import reverse
from django.utils import timezone

from tests.world import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, username, password, addr):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr)


@pytest.fixture
def accounts(bureau):
    return [UserFactory(username=f"user{n:02d}", bureau=bureau, role="staff") for n in range(8)]


def test_one_address_cannot_try_a_few_passwords_on_every_account(client, accounts, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    statuses = []
    # Four tries per account stay under the per-account lock-out (5), but 8 accounts × 4 = 32 tries.
    for user in accounts:
        for n in range(4):
            statuses.append(attempt(client, user.username, f"guess{n}", "10.6.6.6").status_code)
    # As with the lock-out per account, the failure that reaches the cap is answered with the lock-out page.
    assert statuses[:19] == [400] * 19
    assert set(statuses[19:]) == {429}
    locked = attempt(client, accounts[0].username, PASSWORD, "10.6.6.6")
    assert locked.status_code == 429
    assert "本机登录失败次数过多" in locked.content.decode()


def test_the_cap_is_per_address_and_leaves_other_addresses_alone(client, accounts, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for user in accounts[:3]:
        for n in range(2):
            attempt(client, user.username, f"guess{n}", "10.6.6.6")
    assert attempt(client, accounts[3].username, PASSWORD, "10.6.6.6").status_code == 429
    assert attempt(client, accounts[3].username, PASSWORD, "10.7.7.7").status_code == 302


def test_a_successful_login_does_not_reset_the_address_cap(client, accounts, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for n in range(3):
        attempt(client, accounts[0].username, f"guess{n}", "10.6.6.6")
    assert attempt(client, accounts[1].username, PASSWORD, "10.6.6.6").status_code == 302
    client.logout()
    for n in range(3):
        attempt(client, accounts[2].username, f"guess{n}", "10.6.6.6")
    assert attempt(client, accounts[3].username, PASSWORD, "10.6.6.6").status_code == 429


def test_the_cap_counts_only_the_last_hour(client, accounts, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for user in accounts[:3]:
        for n in range(2):
            attempt(client, user.username, f"guess{n}", "10.6.6.6")
    AccessFailureLog.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=61))
    assert attempt(client, accounts[3].username, PASSWORD, "10.6.6.6").status_code == 302
