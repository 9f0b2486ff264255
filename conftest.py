"""What every test shares: settings for tests, the browser, and the test world (tests/world.py: the
factories, the named people of DESIGN §3 and one record of every type) loaded as a plugin."""

import os
import shutil

import pytest

pytest_plugins = ["tests.world"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs ~0.3 s per user; the tests are about access rules, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def browser_login(live_server, page):
    """Log a user in through the real login form; returns a function taking (user, password)."""

    def login(username, password="correct horse battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login


# --- reporting -----------------------------------------------------------------------------------

_browser_outcomes: dict[str, int] = {}
_hostile_outcomes: dict[str, int] = {}


def pytest_runtest_logreport(report):
    if "browser" in report.keywords and (report.when == "call" or report.outcome != "passed"):
        _browser_outcomes[report.outcome] = _browser_outcomes.get(report.outcome, 0) + 1
    if report.nodeid.startswith("tests/hostile/") and (report.when == "call" or report.outcome != "passed"):
        outcome = ("xfailed" if report.skipped else "xpassed") if hasattr(report, "wasxfail") else report.outcome
        _hostile_outcomes[outcome] = _hostile_outcomes.get(outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    if _browser_outcomes:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_browser_outcomes.items()))
        terminalreporter.write_line(f"browser tests (Chromium): {counts}")
    if _hostile_outcomes:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_hostile_outcomes.items()))
        terminalreporter.write_line(f"hostile-input cases: {counts}")
