"""Behind a reverse proxy: who the client is. A real proxy started here sits in front of the live server
and appends each connection's address to X-Forwarded-For, as the README's nginx lines do; clients
connect to it from different loopback addresses.

With the proxy trusted (TRUSTED_PROXY_COUNT=1), the lock-out, the security log and the questionnaire's
flood limit see each real client; without it, what a client writes in X-Forwarded-For is ignored."""

import logging

import pytest

from tests.world import PASSWORD, answer_data

from .servers import ReverseProxy, Visitor

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_A, CLIENT_B = "127.0.0.2", "127.0.0.3"


@pytest.fixture
def proxy(live_server):
    with ReverseProxy(live_server.url) as proxy:
        yield proxy


@pytest.fixture
def trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]


def log_in(visitor, password):
    return visitor.post_form("/accounts/login/", {"username": "owner", "password": password})[0]


def test_wrong_passwords_from_one_client_do_not_lock_the_user_out_elsewhere(proxy, trusted, staff, settings):
    guesser, owner = Visitor(proxy.url, CLIENT_A), Visitor(proxy.url, CLIENT_B)
    statuses = [log_in(guesser, "wrong") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert log_in(owner, PASSWORD) == 302
    # The guesser stays locked out, even with the right password.
    assert log_in(guesser, PASSWORD) == 429


def test_without_trust_every_client_behind_the_proxy_is_one_address(proxy, staff, settings):
    """The finding as it was: with no trusted proxy configured, the proxy's address is all the app sees.
    That is the safe default (headers ignored); the README says to set TRUSTED_PROXY_COUNT behind nginx."""
    guesser, owner = Visitor(proxy.url, CLIENT_A), Visitor(proxy.url, CLIENT_B)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "wrong")
    assert log_in(owner, PASSWORD) == 429


def test_a_client_cannot_escape_the_lock_out_by_forging_the_header_through_the_proxy(proxy, trusted, staff, settings):
    guesser = Visitor(proxy.url, CLIENT_A)
    for n in range(settings.AXES_FAILURE_LIMIT):
        guesser.post_form(
            "/accounts/login/", {"username": "owner", "password": "wrong"}, headers={"X-Forwarded-For": f"10.0.0.{n}"}
        )
    status, _ = guesser.post_form(
        "/accounts/login/", {"username": "owner", "password": PASSWORD}, headers={"X-Forwarded-For": "10.0.0.99"}
    )
    assert status == 429


def test_the_security_log_records_the_real_client(proxy, trusted, staff, caplog):
    with caplog.at_level(logging.INFO, logger="ledger.security"):
        log_in(Visitor(proxy.url, CLIENT_A), "wrong")
        log_in(Visitor(proxy.url, CLIENT_B), PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "ledger.security"]
    assert f"login failed user=owner addr={CLIENT_A}" in lines
    assert f"login user=owner addr={CLIENT_B}" in lines


def test_the_questionnaire_flood_limit_counts_each_client_behind_the_proxy(proxy, trusted, world, settings):
    settings.SURVEY_RESPONSES_PER_CLIENT_PER_HOUR = 2
    url = world.link.get_public_url()
    data = answer_data(world.questionnaire)
    stuffer = Visitor(proxy.url, CLIENT_A)
    statuses = []
    for _ in range(3):
        stuffer.cookies.clear()  # a script does not keep the "answered" cookie
        statuses.append(stuffer.post_form(url, data)[0])
    assert statuses == [302, 302, 429]
    status, _ = Visitor(proxy.url, CLIENT_B).post_form(url, data)
    assert status == 302
    assert world.questionnaire.responses.count() == 1 + 3  # the world's own response, two and one


def test_without_trust_a_forged_forwarded_for_is_ignored(live_server, staff, settings, caplog):
    """Straight to the app, no proxy configured: rotating X-Forwarded-For does not make new clients."""
    guesser = Visitor(live_server.url, "127.0.0.1")
    with caplog.at_level(logging.INFO, logger="ledger.security"):
        for n in range(settings.AXES_FAILURE_LIMIT):
            guesser.post_form(
                "/accounts/login/",
                {"username": "owner", "password": "wrong"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
    status, _ = guesser.post_form(
        "/accounts/login/", {"username": "owner", "password": PASSWORD}, headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert status == 429
    lines = [r.getMessage() for r in caplog.records if r.name == "ledger.security"]
    assert lines and all("addr=127.0.0.1" in line for line in lines)


def test_a_forwarded_for_from_an_untrusted_connection_is_ignored(live_server, staff, settings):
    """TRUSTED_PROXY_COUNT is set, but the connection does not come from a listed proxy (someone reaching
    the app port directly): its header is not believed."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["192.0.2.10"]
    guesser = Visitor(live_server.url, "127.0.0.1")
    for n in range(settings.AXES_FAILURE_LIMIT):
        guesser.post_form(
            "/accounts/login/", {"username": "owner", "password": "wrong"}, headers={"X-Forwarded-For": f"10.1.0.{n}"}
        )
    assert log_in(guesser, PASSWORD) == 429
