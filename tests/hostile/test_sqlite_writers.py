"""Several people saving at the same moment on the embedded SQLite database (`make run`'s default).

The app runs as the README serves it (gunicorn, several worker processes) on a SQLite file; eight
people, each logged in, press 保存 at once. Every one of them gets their record saved (302), none a
500 "database is locked", and no row is lost."""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from .memory_probe import ROOT
from .servers import Visitor

PEOPLE = 8
SETUP = """
from tests.world import BureauFactory, DepartmentFactory, UserFactory
from tests.world import CampaignFactory
bureau = BureauFactory(name="青田县科学技术局")
campaign = CampaignFactory(bureau=bureau)
department = DepartmentFactory(bureau=bureau, name="高新技术科")
for n in range({people}):
    UserFactory(username=f"staff{{n}}", bureau=bureau, department=department, role="staff")
print(campaign.pk)
"""
COUNT = "from campaigns.models import StudySession; print(StudySession.objects.count())"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_on_sqlite(migrated_sqlite, tmp_path):
    database = tmp_path / "office.sqlite3"
    shutil.copy(migrated_sqlite, database)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_DIR": str(tmp_path / "logs"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "1",
        "CONN_MAX_AGE": "0",
    }

    def shell(code):
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]

    campaign_id = shell(SETUP.format(people=PEOPLE))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bureau.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if Visitor(base).get("/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        yield base, campaign_id, lambda: int(shell(COUNT)), database
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_eight_people_saving_at_once_all_get_their_record_saved(served_on_sqlite):
    base, campaign_id, count_sessions, database = served_on_sqlite
    visitors = []
    for n in range(PEOPLE):
        visitor = Visitor(base)
        assert (
            visitor.post_form("/accounts/login/", {"username": f"staff{n}", "password": "correct horse battery"})[0]
            == 302
        )
        visitors.append(visitor)
    pages = [visitor.get("/study-sessions/new/")[1] for visitor in visitors]
    start = threading.Barrier(PEOPLE)
    results = [None] * PEOPLE

    def save(n):
        token = pages[n].split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        fields = {
            "csrfmiddlewaretoken": token,
            "campaign": campaign_id,
            "kind": "collective",
            "date": "2019-10-15",
            "topic": f"同时保存的第{n}次集中学习",
            "attendance": "12",
        }
        start.wait()
        results[n] = visitors[n].request("POST", "/study-sessions/new/", fields)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = [status for status, _page in results]
    assert statuses == [302] * PEOPLE, [page[:300] for status, page in results if status != 302]
    assert count_sessions() == PEOPLE
    # Set by every connection the app opened (init_command), and kept by the file.
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
