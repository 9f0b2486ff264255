"""Fixtures shared by every app's tests: the named people of DESIGN §3 and the browser."""

import os
import shutil

import pytest

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


@pytest.fixture
def bureau(db):
    from bureau.tests.factories import BureauFactory

    return BureauFactory(name="青田县科学技术局")


@pytest.fixture
def campaign(bureau):
    from campaigns.tests.factories import CampaignFactory

    return CampaignFactory(bureau=bureau)


@pytest.fixture
def department(bureau):
    from bureau.tests.factories import DepartmentFactory

    return DepartmentFactory(bureau=bureau, name="高新技术科")


@pytest.fixture
def staff(bureau, department, campaign):
    """The owner: a staff member who records things."""
    from bureau.tests.factories import UserFactory

    return UserFactory(username="owner", bureau=bureau, department=department, role="staff")


@pytest.fixture
def colleague(bureau, department):
    from bureau.tests.factories import UserFactory

    return UserFactory(username="colleague", bureau=bureau, department=department, role="staff")


@pytest.fixture
def leader(bureau):
    from bureau.tests.factories import UserFactory

    return UserFactory(username="boss", bureau=bureau, role="leader")


@pytest.fixture
def admin_user(bureau):
    from bureau.tests.factories import UserFactory

    return UserFactory(username="office", bureau=bureau, role="admin")


@pytest.fixture
def outsider(db):
    """A staff member of another county's bureau: must never see this bureau's records."""
    from bureau.tests.factories import BureauFactory, UserFactory
    from campaigns.tests.factories import CampaignFactory

    other = BureauFactory(name="景宁县科学技术局")
    CampaignFactory(bureau=other)
    return UserFactory(username="outsider", bureau=other, role="admin")


@pytest.fixture
def auditor(bureau):
    """The bureau's auditor (审计员): reads the audit trail and the change log, nothing else."""
    from bureau.tests.factories import UserFactory

    return UserFactory(username="auditor", bureau=bureau, role="auditor")


@pytest.fixture
def city(bureau):
    """The city bureau above the county: its leader and admin read the county's records, change none."""
    from bureau.tests.factories import BureauFactory
    from campaigns.tests.factories import CampaignFactory

    city = BureauFactory(name="丽水市科学技术局", level="city")
    bureau.parent = city
    bureau.save()
    CampaignFactory(bureau=city, name="丽水市科技局主题教育")
    return city


@pytest.fixture
def city_leader(city):
    from bureau.tests.factories import UserFactory

    return UserFactory(username="city-leader", bureau=city, role="leader")


@pytest.fixture
def city_admin(city):
    from bureau.tests.factories import UserFactory

    return UserFactory(username="city-admin", bureau=city, role="admin")


@pytest.fixture
def people(staff, colleague, leader, admin_user, outsider):
    return {"staff": staff, "colleague": colleague, "leader": leader, "admin": admin_user, "outsider": outsider}


@pytest.fixture
def everyone(people, auditor, city_leader, city_admin):
    """Every role of the access matrix, by name."""
    return {**people, "auditor": auditor, "city_leader": city_leader, "city_admin": city_admin}


def login_client(client, user):
    client.force_login(user)
    return client


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
