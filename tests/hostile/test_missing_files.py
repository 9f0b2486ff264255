"""Stored files that went missing or changed on disk: a closed month's workbook, an attachment. The page
says so in Chinese (never a 500), the security log records it, and `manage.py check_files` lists them."""

import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from reports.models import MonthClose
from tests.helpers import png_bytes, text_of
from tests.world import StudySessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_october(client, leader, world):
    StudySessionFactory(recorded_by=world.user, campaign=world.campaign, date="2019-10-15", topic="十月的学习")
    client.force_login(leader)
    assert (
        client.post(reverse("reports:close-month"), {"campaign": world.campaign.pk, "month": "2019-10"}).status_code
        == 302
    )
    return MonthClose.objects.get()


@pytest.fixture
def attachment(staff_client, world):
    session = StudySessionFactory(recorded_by=world.user, campaign=world.campaign, date="2019-11-05")
    url = reverse("campaigns:studysession-attach", args=[session.pk])
    staff_client.post(url, {"files": [SimpleUploadedFile("签到表.png", png_bytes())], "kind": "sign_in"})
    return Attachment.objects.get()


def test_a_closed_month_whose_workbook_is_missing_answers_a_clear_page(client, closed_october, caplog):
    Path(closed_october.workbook.path).unlink()
    with caplog.at_level(logging.WARNING, logger="ledger.security"):
        response = client.get(reverse("reports:closed-workbook", args=[closed_october.pk]))
    assert response.status_code == 404
    page = text_of(response)
    assert "报送时保存的月报文件已丢失" in page and "请联系管理员从备份恢复" in page
    assert any(
        "stored file missing" in r.getMessage() and closed_october.workbook.name in r.getMessage()
        for r in caplog.records
    )


def test_a_closed_workbook_changed_on_disk_is_not_served_as_the_submitted_one(client, closed_october, caplog):
    Path(closed_october.workbook.path).write_bytes(b"PK\x03\x04 changed afterwards")
    with caplog.at_level(logging.WARNING, logger="ledger.security"):
        response = client.get(reverse("reports:closed-workbook", args=[closed_october.pk]))
    assert response.status_code == 409
    assert "与报送时记录的 SHA-256 不一致" in text_of(response)
    assert any("stored file changed" in r.getMessage() for r in caplog.records)


def test_an_attachment_whose_file_is_missing_answers_a_clear_page(staff_client, attachment, caplog):
    Path(attachment.file.path).unlink()
    with caplog.at_level(logging.WARNING, logger="ledger.security"):
        response = staff_client.get(attachment.get_absolute_url())
    assert response.status_code == 404
    assert "附件文件已丢失" in text_of(response)
    assert any("stored file missing" in r.getMessage() for r in caplog.records)


def test_check_files_passes_when_every_stored_file_is_there(closed_october, attachment, capsys):
    call_command("check_files")
    out = capsys.readouterr().out
    assert "1 份月报、1 个附件" in out and "全部完好" in out


def test_check_files_lists_missing_and_changed_files_and_fails(closed_october, attachment, capsys):
    Path(closed_october.workbook.path).write_bytes(b"changed")
    Path(attachment.file.path).unlink()
    with pytest.raises(CommandError) as refused:
        call_command("check_files")
    assert refused.value.returncode == 1
    out = capsys.readouterr().out
    assert f"月报 {closed_october} SHA-256 不一致：{closed_october.workbook.name}" in out
    assert f"附件 #{attachment.pk}“签到表.png” 文件缺失：{attachment.file.name}" in out
    assert "2 个问题" in str(refused.value)


def test_check_files_notices_an_attachment_of_the_wrong_size(attachment, capsys):
    Path(attachment.file.path).write_bytes(b"\x89PNG cut short")
    with pytest.raises(CommandError):
        call_command("check_files")
    assert f"大小不符（应为 {attachment.size} 字节，实为 14 字节）" in capsys.readouterr().out
