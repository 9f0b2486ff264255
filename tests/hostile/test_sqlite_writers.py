"""Several people saving at the same moment on the embedded SQLite database (`make run`'s default).

The app runs as the README serves it (gunicorn, several worker processes) on a SQLite file; eight
people, each logged in, press 保存 at once. Every one of them gets their record saved (302), none a
500 "database is locked", and no row is lost."""

import sqlite3
import threading

import pytest

from .servers import GunicornOnSqlite, Visitor

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


@pytest.fixture
def served_on_sqlite(migrated_sqlite, tmp_path):
    app = GunicornOnSqlite(migrated_sqlite, tmp_path)
    campaign_id = app.shell(SETUP.format(people=PEOPLE))
    with app:
        yield app.url, campaign_id, lambda: int(app.shell(COUNT)), app.database


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
