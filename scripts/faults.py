"""Fault drills on PostgreSQL, run by CI after the tests (and by hand: `make faults`).

1. The database restarts while requests are being served: those requests get the error page,
   nothing is half-written, and the next request succeeds.
2. An import process is killed mid-way: no row of it is saved, the import is marked failed,
   and running it again works.
3. Backup and restore: pg_dump the database, restore it into an empty one, the app starts on
   it and every table's count matches.

Needs a local PostgreSQL (127.0.0.1:5432, user postgres) and pg_ctlcluster for the restart.
Uses its own databases (ledger_faults, ledger_faults_restore) and never touches others.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
DB, RESTORED = "ledger_faults", "ledger_faults_restore"
HISTORY_OF_DRILL = (
    "from campaigns.models import StudySession as S; print(S.history.filter(topic__startswith='故障演练').count())"
)
JOB_STATUSES = (
    "from bureau.models import ImportJob as J; print(list(J.objects.order_by('pk').values_list('status', flat=True)))"
)


def say(text):
    print(f"[faults] {text}", flush=True)


def check(condition, message):
    if not condition:
        raise SystemExit(f"[faults] FAILED: {message}")


def psql(sql, db="postgres"):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qc", sql], check=True)


def fresh_database(name):
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")


def env_for(db, **extra):
    work = Path(tempfile.gettempdir()) / "ledger-faults"
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{db}",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(work / "media"),
        "LOG_DIR": str(work / "logs"),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(*args, db=DB, check=True, extra_env=None, **kwargs):
    env = env_for(db, **(extra_env or {}))
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check, **kwargs)


def counts(db) -> dict[str, int]:
    """Rows per ledger table, as the app sees them."""
    code = (
        "from django.apps import apps\n"
        "for m in apps.get_models():\n"
        "    if m._meta.app_label in ('bureau','campaigns','surveys','enterprises','reports'):\n"
        "        print(m._meta.label, m._base_manager.count())\n"
    )
    out = manage("shell", "-v", "0", "-c", code, db=db, capture_output=True, text=True).stdout
    return {line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line.strip()}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A logged-in session speaking plain HTTP to the served app."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        # Redirects are not followed: a create answers 302 once saved, and that is the answer to judge.
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(req, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return 0, str(error)

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, username, password):
        self.request("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()}
        )
        return status

    def new_session(self, campaign_id, n):
        page = "/study-sessions/new/"
        self.request(page)
        data = {
            "csrfmiddlewaretoken": self.csrf(),
            "campaign": campaign_id,
            "kind": "collective",
            "date": "2019-12-20",
            "topic": f"故障演练第{n}次集中学习",
            "attendance": "12",
        }
        return self.request(page, data)


def drill_database_restart():
    say("1. PostgreSQL restarted in the middle of requests")
    fresh_database(DB)
    manage("migrate", "-v", "0")
    manage("load_demo", stdout=subprocess.DEVNULL)
    port = free_port()
    # Served as in production (DEBUG off, the app's own error page), over plain HTTP on loopback.
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "faults-drill-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    manage("collectstatic", "--noinput", "-v", "0", extra_env=production)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "bureau.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        cwd=ROOT,
        env=env_for(DB, **production),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        for _ in range(50):
            if browser.request("/accounts/login/")[0] == 200:
                break
            time.sleep(0.2)
        check(browser.login("staff", "demo-staff") == 302, "login failed")
        before = counts(DB)["campaigns.StudySession"]
        campaign_id = re.search(
            r'name="campaign"[^>]*>\s*<option value="(\d+)"', browser.request("/study-sessions/new/")[1]
        )[1]
        statuses = []
        cluster = Path("/etc/postgresql").iterdir().__next__().name
        restart = None
        for n in range(40):
            if n == 10:
                restart = subprocess.Popen(
                    ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart", "-m", "fast"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            status, body = browser.new_session(campaign_id, n)
            statuses.append(status)
            if status >= 500:
                check("服务器暂时出错" in body or status == 503, "the error page is the app's own")
            time.sleep(0.1)
        restart.wait(timeout=60)
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
                break
            time.sleep(1)
        status, _ = browser.new_session(campaign_id, 999)
        check(status == 302, f"the request after the restart failed: {status}")
        created = counts(DB)["campaigns.StudySession"] - before
        succeeded = sum(1 for s in [*statuses, status] if s == 302)
        failed = [s for s in statuses if s != 302]
        say(f"   statuses during the drill: {[*statuses, status]}")
        # Every 302 saved its record. A request may also fail after its transaction committed (the session
        # write after the view, for instance): then the record exists whole, and the user sees the error page.
        check(succeeded <= created <= len(statuses) + 1, f"{created} records for {succeeded} saved answers")
        history = int(manage("shell", "-v", "0", "-c", HISTORY_OF_DRILL, capture_output=True, text=True).stdout.strip())
        # Each record was written with its history row in one transaction: nothing half-written.
        check(history == created, f"{history} history rows for {created} records")
        say(f"   ok: {len(failed)} request(s) got the error page during the restart; nothing half-written")
        say("   ok: the next request succeeded")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def drill_killed_import():
    say("2. an import process killed mid-way")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("学习活动")
    sheet.append(["学习形式", "学习日期", "学习主题", "参加人数"])
    for n in range(4000):
        sheet.append(["党员集中学习", "2019-11-20", f"批量导入的学习记录{n}", 10])
    path = Path(tempfile.gettempdir()) / "ledger-faults-import.xlsx"
    book.save(path)
    before = counts(DB)["campaigns.StudySession"]
    process = subprocess.Popen(
        [PYTHON, "manage.py", "import_xlsx", "study-sessions", str(path), "--user", "staff"],
        cwd=ROOT,
        env=env_for(DB),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill it once it is inside its transaction, writing rows.
    code = "from bureau.models import ImportJob; print(ImportJob.objects.filter(status='running').count())"
    for _ in range(100):
        running = manage("shell", "-v", "0", "-c", code, capture_output=True, text=True).stdout.strip()
        if running == "1":
            break
        time.sleep(0.2)
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    check(counts(DB)["campaigns.StudySession"] == before, "rows of the killed import were saved")
    retry = manage(
        "import_xlsx", "study-sessions", str(path), "--user", "staff", capture_output=True, text=True, check=False
    )
    check(retry.returncode == 0, retry.stdout + retry.stderr)
    statuses = manage(
        "shell",
        "-v",
        "0",
        "-c",
        JOB_STATUSES,
        capture_output=True,
        text=True,
    ).stdout.strip()
    check(statuses.endswith("['failed', 'succeeded']"), statuses)
    check(counts(DB)["campaigns.StudySession"] == before + 4000, "4000 rows after the retry")
    say(f"   ok: killed import saved nothing and is marked failed; the retry imported 4000 rows ({statuses})")


def drill_backup_restore():
    say("3. backup with pg_dump, restore into an empty database")
    dump = Path(tempfile.gettempdir()) / "ledger-faults.dump"
    subprocess.run(["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", str(dump), DB], check=True)
    fresh_database(RESTORED)
    subprocess.run(
        ["pg_restore", "-h", "127.0.0.1", "-U", "postgres", "-d", RESTORED, "--no-owner", str(dump)], check=True
    )
    manage("check", "--database", "default", db=RESTORED)
    manage("migrate", "--check", db=RESTORED)
    original, restored = counts(DB), counts(RESTORED)
    check(original == restored, {k: (original[k], restored.get(k)) for k in original if original[k] != restored.get(k)})
    rows, size = sum(restored.values()), dump.stat().st_size // 1024
    say(f"   ok: {rows} rows in {len(restored)} tables match after restore ({size} KB dump)")


def main():
    if not shutil.which("pg_dump"):
        sys.exit("pg_dump is missing")
    drill_database_restart()
    drill_killed_import()
    drill_backup_restore()
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql(f"DROP DATABASE IF EXISTS {RESTORED} WITH (FORCE)")
    say("all fault drills passed")


if __name__ == "__main__":
    main()
