"""The browser import in two phases: a preview of every row that saves nothing, then 确认导入 saving every row
in one transaction; the file kept with its job; 撤销导入 moving an import's records to the recycle bin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.jobs import ImportJob
from bureau.models import AuditAction, AuditEvent
from campaigns.models import StudySession
from reports.services import close_month
from tests.helpers import Ledger, import_in_browser, text_of, xlsx_bytes
from tests.world import StudySessionFactory

HEADERS = ["学习形式", "学习日期", "学习主题", "参加人数"]
ROWS = [
    ["党员集中学习", datetime.date(2019, 10, 8), "学习党章", 21],
    ["专题研讨", "2019-11-29", "找差距、抓落实专题研讨", 12],
    ["党组中心组理论学习", "2019-12-06", "学习纲要（第三章）", 9],
]


CONTENT = xlsx_bytes(HEADERS, ROWS)


def upload(rows=ROWS, name="学习.xlsx"):
    return SimpleUploadedFile(name, CONTENT if rows is ROWS else xlsx_bytes(HEADERS, rows))


def preview(client, rows=ROWS):
    return import_in_browser(client, "study-sessions", upload(rows), confirm=False)


def confirm(client, job):
    return client.post(reverse("ledger:import-confirm", args=[job.pk]))


def test_the_preview_lists_every_row_and_saves_nothing(staff_client, campaign):
    ledger = Ledger()
    response = preview(staff_client)
    assert response.status_code == 200
    page = text_of(response)
    assert "已检查，待确认" in page and "确认导入 3 行" in page and "还没有保存任何数据" in page
    previews = response.context["result"].previews
    assert [(p.row, p.cells[2], p.ok) for p in previews] == [
        (2, "学习党章", True),
        (3, "找差距、抓落实专题研讨", True),
        (4, "学习纲要（第三章）", True),
    ]
    assert page.count("可导入") == 3
    ledger.assert_unchanged(ignore=[ImportJob, AuditEvent])
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and job.rows == 3 and job.saved == 0
    assert job.file.read() == CONTENT


def test_a_preview_with_errors_shows_each_rows_status_and_cannot_be_confirmed(staff_client, campaign):
    rows = [ROWS[0], ["读书会", "2030-01-01", "", 3], ROWS[1]]
    response = preview(staff_client, rows)
    assert response.status_code == 400
    statuses = [(p.row, p.ok) for p in response.context["result"].previews]
    assert statuses == [(2, True), (3, False), (4, True)]
    bad = response.context["result"].previews[1].errors
    assert any("学习形式" in e for e in bad) and any("学习主题" in e for e in bad) and any("学习日期" in e for e in bad)
    assert "确认导入" not in text_of(response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    assert confirm(staff_client, job).status_code == 409
    assert StudySession.objects.count() == 0


def test_confirming_saves_every_row_once(staff_client, campaign):
    job = preview(staff_client).context["job"]
    response = confirm(staff_client, job)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.saved == 3
    assert sorted(job.saved_ids) == sorted(StudySession.objects.values_list("pk", flat=True))
    page = text_of(staff_client.get(job.get_absolute_url()))
    assert "已导入 3 条" in page and "撤销导入" in page
    # A second confirmation (a double click, a replayed form) saves nothing more.
    assert confirm(staff_client, job).status_code == 409
    assert StudySession.objects.count() == 3


def test_a_row_recorded_between_preview_and_confirmation_refuses_the_file(staff_client, staff, campaign):
    job = preview(staff_client).context["job"]
    StudySessionFactory(campaign=campaign, recorded_by=staff, kind="collective", date="2019-10-08", topic="学习党章")
    response = confirm(staff_client, job)
    assert response.status_code == 400
    assert "与已有记录重复" in text_of(response)
    assert StudySession.objects.count() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED and job.saved_ids == []


def test_only_the_uploader_confirms(client, staff_client, campaign, colleague, admin_user):
    job = preview(staff_client).context["job"]
    client.force_login(colleague)
    assert confirm(client, job).status_code == 404
    client.force_login(admin_user)
    assert confirm(client, job).status_code == 403
    assert StudySession.objects.count() == 0
    assert ImportJob.objects.get().status == ImportJob.Status.PREVIEW


def test_undo_moves_the_imports_records_to_the_recycle_bin(staff_client, staff, campaign):
    job = preview(staff_client).context["job"]
    confirm(staff_client, job)
    kept = StudySessionFactory(campaign=campaign, recorded_by=staff, topic="另外录入的学习")
    undo = reverse("ledger:import-undo", args=[job.pk])
    assert "确定要撤销这次导入（学习.xlsx，3 条" in text_of(staff_client.get(undo))
    response = staff_client.post(undo)
    assert response.status_code == 302
    job.refresh_from_db()
    assert list(StudySession.objects.all()) == [kept]
    binned = StudySession.all_objects.filter(pk__in=job.saved_ids, deleted_at__isnull=False)
    assert binned.count() == 3
    assert {s.history.first().history_change_reason for s in binned} == {"撤销导入"}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UNDONE and job.undone_by == staff
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, detail__startswith="撤销导入").count() == 1
    assert staff_client.post(undo).status_code == 409
    assert "学习党章" in text_of(staff_client.get(reverse("ledger:recycle-bin")))


def test_undo_is_refused_whole_once_a_month_is_closed(staff_client, leader, campaign):
    job = preview(staff_client).context["job"]
    confirm(staff_client, job)
    close_month(campaign, (2019, 11), leader)
    ledger = Ledger()
    response = staff_client.post(reverse("ledger:import-undo", args=[job.pk]))
    assert response.status_code == 403
    assert "2019-11 的月报已报送" in text_of(response)
    ledger.assert_unchanged()
    assert StudySession.objects.count() == 3


def test_the_kept_file_downloads_as_uploaded(staff_client, client, campaign, colleague):
    job = preview(staff_client).context["job"]
    response = staff_client.get(reverse("ledger:import-file", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    client.force_login(colleague)
    assert client.get(reverse("ledger:import-file", args=[job.pk])).status_code == 404


def test_the_file_size_limit_is_a_setting(staff_client, campaign, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = preview(staff_client, ROWS * 30)
    assert response.status_code == 400
    assert "文件超过 1.0\xa0KB，请拆分后分批导入" in text_of(response)
    assert ImportJob.objects.count() == 0
    settings.IMPORT_MAX_BYTES = 30 * 1024 * 1024
    assert "最多 50000 行、30.0\xa0MB" in text_of(staff_client.get(reverse("ledger:import")))


def test_the_import_page_links_each_job(staff_client, campaign):
    job = preview(staff_client).context["job"]
    page = staff_client.get(reverse("ledger:import")).content.decode()
    assert f'href="{job.get_absolute_url()}"' in page


@pytest.mark.parametrize("imported", [3, 30])
def test_the_job_page_costs_the_same_queries_whatever_the_rows(
    staff_client, campaign, imported, django_assert_num_queries
):
    rows = [["党员集中学习", "2019-10-08", f"学习党章第{n}次", 21] for n in range(imported)]
    job = preview(staff_client, rows).context["job"]
    confirm(staff_client, job)
    url = job.get_absolute_url()
    staff_client.get(url)
    with django_assert_num_queries(9):
        assert staff_client.get(url).status_code == 200
