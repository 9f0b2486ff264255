import os
import subprocess
import sys

import pytest
from hypothesis import settings

from tests.helpers import Ledger

# CI must be reproducible: there the fuzzers run the same examples every time (a red CI lands nothing).
# Run locally, they explore new examples on every run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def untouched(world):
    """For read-only cases (list it last): the database afterwards holds exactly what it held before."""
    ledger = Ledger()
    yield ledger
    ledger.assert_unchanged()


# The public answer page's cases (ballot stuffing, hostile answers) answer the world's questionnaire
# through its link: here, `questionnaire` is the world's, not tests.world's fresh one.
@pytest.fixture
def questionnaire(world):
    return world.questionnaire


@pytest.fixture
def url(world):
    """The world's questionnaire's public answer page."""
    return world.link.get_public_url()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database file for the memory probes to copy (migrating takes ~4 s; once per run)."""
    from .memory_probe import ROOT

    folder = tmp_path_factory.mktemp("probe")
    database = folder / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LOG_DIR": str(folder / "logs")}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    return database
