import os
import subprocess
import sys

import pytest
from hypothesis import settings

from .support import build_world

# CI must be reproducible: there the fuzzers run the same examples every time (a red CI lands nothing).
# Run locally, they explore new examples on every run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def world(staff, campaign, department):
    """The owner's bureau with one of everything a form can choose."""
    return build_world(staff, campaign, department)


@pytest.fixture
def other(outsider):
    """Another county's bureau with the same kinds of records: their ids must never work here."""
    from bureau.tests.factories import DepartmentFactory

    department = DepartmentFactory(bureau=outsider.bureau, name="外局办公室")
    return build_world(outsider, outsider.bureau.campaigns.get(), department)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def untouched(world):
    """For read-only cases (list it last): the database afterwards holds exactly what it held before."""
    from .support import Ledger

    ledger = Ledger()
    yield ledger
    ledger.assert_unchanged()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database file for the memory probes to copy (migrating takes ~4 s; once per run)."""
    from .memory_probe import ROOT

    folder = tmp_path_factory.mktemp("probe")
    database = folder / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LOG_DIR": str(folder / "logs")}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    return database
