"""Import bombs: a 5 KB workbook declaring A1:XFD1048576 with one row at 1,048,576, files past the row
limit, imports past the time budget, and jobs left "running" by a process that died."""

import io
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.imports import run_import
from bureau.ledger.jobs import ImportJob
from bureau.ledger.registry import REGISTRY
from tests.helpers import Ledger, text_of, xlsx_bytes

from .bombs import xlsx_dimension_bomb
from .memory_probe import MEMORY_BOUND_MB, measure

pytestmark = pytest.mark.django_db

HEADERS = ["学习形式", "学习日期", "学习主题", "参加人数"]
GOOD_ROW = ["党员集中学习", "2019-10-10", "学习党章", 21]


def post_import(client, content, name="学习活动.xlsx"):
    return client.post(reverse("ledger:import"), {"kind": "study-sessions", "file": SimpleUploadedFile(name, content)})


def test_a_dimension_bomb_is_refused_at_once_and_its_job_does_not_stay_running(staff_client, world):
    bomb = xlsx_dimension_bomb(HEADERS, values=GOOD_ROW)
    assert len(bomb) < 6 * 1024
    ledger = Ledger()
    started = time.monotonic()
    response = post_import(staff_client, bomb, name="炸弹.xlsx")
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert "一次最多导入 50000 行，请拆分文件后分批导入" in text_of(response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED and "50000" in job.message
    # It pinned a worker for the 30 s gunicorn allows (about 10 minutes unkilled); now well under a second.
    assert elapsed < 3
    ledger.assert_unchanged(ignore=[ImportJob])


def test_a_declared_dimension_does_not_widen_the_rows(world):
    """The same bomb with its far row inside the limit: the one real row is imported, with its number."""
    bomb = xlsx_dimension_bomb(HEADERS, last_row=40, values=["读书会", *GOOD_ROW[1:]])
    result = run_import(REGISTRY["study-sessions"], io.BytesIO(bomb), world.user)
    assert [(e.row, e.column) for e in result.errors] == [(40, "A")]
    assert result.rows == 1 and result.saved == 0


def test_the_row_limit_is_a_setting_with_a_clear_message(staff_client, world, settings):
    settings.IMPORT_MAX_ROWS = 3
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(HEADERS, [GOOD_ROW] * 4))
    assert response.status_code == 400
    assert "一次最多导入 3 行，请拆分文件后分批导入；本次未保存任何数据。" in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])


def test_the_import_page_states_the_row_limit(staff_client, world, settings):
    settings.IMPORT_MAX_ROWS = 1234
    assert "最多 1234 行" in text_of(staff_client.get(reverse("ledger:import")))


def test_an_import_past_its_time_budget_is_stopped_and_marked_failed(staff_client, world, settings):
    settings.IMPORT_TIME_BUDGET_SECONDS = 0.05
    rows = [["党员集中学习", "2019-10-10", f"学习党章第{n}次", 21] for n in range(400)]
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(HEADERS, rows))
    assert response.status_code == 400
    assert "导入超过 0.05 秒仍未完成，已停止，未保存任何数据" in text_of(response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    ledger.assert_unchanged(ignore=[ImportJob])


@pytest.fixture
def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_job_left_running_by_a_dead_worker_is_failed_when_the_import_page_opens(staff_client, world, dead_pid):
    job = ImportJob.objects.create(
        bureau=world.bureau, user=world.user, kind="study-sessions", filename="一半.xlsx", pid=dead_pid
    )
    page = text_of(staff_client.get(reverse("ledger:import")))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "导入进程中断，未保存任何数据" in job.message
    assert "中断，未导入" in page


def test_a_job_left_running_is_failed_when_a_server_process_starts(world, dead_pid):
    job = ImportJob.objects.create(
        bureau=world.bureau, user=world.user, kind="study-sessions", filename="一半.xlsx", pid=dead_pid
    )
    from bureau import wsgi

    wsgi._fail_abandoned_imports()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_the_dimension_bomb_stays_under_200_mb(migrated_sqlite, tmp_path):
    result = measure("import-bomb", migrated_sqlite, tmp_path)
    assert result["status"] == 400
    assert "一次最多导入 50000 行" in result["text"]
    assert result["peak_mb"] < MEMORY_BOUND_MB, result
