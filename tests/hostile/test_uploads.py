"""Hostile uploads: disguised executables, empty, oversized, damaged and bomb images, path tricks in names.
A refused file saves neither the attachment nor the record it came with."""

import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from campaigns.models import StudySession
from tests.helpers import Ledger, create_url, form_errors, png_bytes, text_of
from tests.world import StudySessionFactory, valid_data

pytestmark = pytest.mark.django_db


def png_claiming(width, height) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def create_with(client, world, *files):
    data = {**valid_data("study-sessions", world), "attachment_files": list(files)}
    return client.post(create_url("study-sessions"), data)


@pytest.fixture
def session(world):
    return StudySessionFactory(campaign=world.campaign, recorded_by=world.user, department=world.department)


def attach_url(record):
    return reverse("campaigns:studysession-attach", args=[record.pk])


REFUSED = [
    pytest.param("现场照片.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "内容不是允许的类型", id="exe-renamed-jpg"),
    pytest.param("签到表.pdf", b"#!/bin/sh\nrm -rf /\n", "内容不是允许的类型", id="script-renamed-pdf"),
    pytest.param(
        "x.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "内容不是允许的类型", id="svg"
    ),
    pytest.param("页面.png", b"<html><script>alert(1)</script></html>", "内容不是允许的类型", id="html"),
    pytest.param("坏图.png", png_bytes()[:60], "已损坏", id="truncated-png"),
    pytest.param("拼接.png", png_bytes()[:33] + b"<script>alert(1)</script>" * 20, "已损坏", id="png-html-polyglot"),
    pytest.param("炸弹.png", png_claiming(30000, 30000), "尺寸过大", id="decompression-bomb"),
    pytest.param("空文件.png", b"", "所提交的是空文件", id="empty"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_a_refused_file_saves_neither_record_nor_attachment(staff_client, world, name, content, message):
    ledger = Ledger()
    response = create_with(staff_client, world, upload(name, content))
    assert response.status_code == 400
    assert message in " ".join(form_errors(response)["attachment_files"])
    assert message in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_a_refused_file_is_not_attached_to_an_existing_record(staff_client, session, name, content, message):
    ledger = Ledger()
    response = staff_client.post(attach_url(session), {"files": [upload(name, content)], "kind": "photo"})
    assert response.status_code == 400
    assert message in text_of(response)
    ledger.assert_unchanged()


def test_one_bad_file_among_good_ones_saves_none_of_them(staff_client, world):
    ledger = Ledger()
    response = create_with(
        staff_client,
        world,
        upload("一.png", png_bytes()),
        upload("二.jpg", b"MZ" + b"\0" * 100),
        upload("三.png", png_bytes()),
    )
    assert response.status_code == 400
    assert "二.jpg" in text_of(response)
    ledger.assert_unchanged()


def test_a_file_over_the_size_limit_is_refused_with_the_limit(staff_client, world, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    ledger = Ledger()
    big = png_bytes((1200, 1200)) + b"\0" * (1024 * 1024)
    response = create_with(staff_client, world, upload("大照片.png", big))
    assert response.status_code == 400
    assert "超过 1 MB" in text_of(response)
    ledger.assert_unchanged()


def test_a_path_in_the_file_name_is_reduced_to_the_name(staff_client, world, settings):
    ledger = Ledger()
    response = create_with(staff_client, world, upload("../../../../etc/cron.d/现场照片.png", png_bytes()))
    assert response.status_code == 302
    ledger.assert_created(StudySession, also=["bureau.Attachment"])
    attachment = Attachment.objects.get()
    assert attachment.original_name == "现场照片.png"
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_a_windows_path_in_the_file_name_is_reduced_to_the_name(staff_client, session):
    response = staff_client.post(
        attach_url(session), {"files": [upload("C:\\Users\\张三\\Desktop\\签到表.png", png_bytes())], "kind": "sign_in"}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "签到表.png"


def test_nul_and_control_characters_in_a_file_name_are_not_stored(staff_client, session):
    response = staff_client.post(
        attach_url(session), {"files": [upload("现场\x00照片.png", png_bytes())], "kind": "photo"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert "\x00" not in attachment.original_name and "\x00" not in attachment.file.name


def test_a_right_to_left_override_cannot_disguise_the_stored_type(staff_client, session):
    """“照片\u202egnp.exe” would display as “照片exe.png”: the override is dropped (Django keeps only printable
    characters of upload names), and what is stored and served is a PNG."""
    response = staff_client.post(
        attach_url(session), {"files": [upload("照片\u202egnp.exe", png_bytes())], "kind": "photo"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "照片gnp.exe"
    assert attachment.file.name.endswith(".png") and attachment.mime_type == "image/png"
    served = staff_client.get(attachment.get_absolute_url())
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"


def test_a_very_long_file_name_is_cut_to_fit(staff_client, session):
    name = "长" * 400 + ".png"
    response = staff_client.post(attach_url(session), {"files": [upload(name, png_bytes())], "kind": "photo"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert len(attachment.original_name) <= 255 and len(Path(attachment.file.name).name) <= 100


def test_an_unknown_attachment_kind_is_refused(staff_client, session):
    ledger = Ledger()
    response = staff_client.post(attach_url(session), {"files": [upload("x.png", png_bytes())], "kind": "malware"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in text_of(response)
    ledger.assert_unchanged()


def test_upload_without_files_is_refused(staff_client, session):
    ledger = Ledger()
    response = staff_client.post(attach_url(session), {"kind": "photo"})
    assert response.status_code == 400
    assert "这个字段是必填项" in text_of(response)
    ledger.assert_unchanged()


def test_attaching_to_a_colleagues_record_is_forbidden(client, session, colleague):
    client.force_login(colleague)
    ledger = Ledger()
    response = client.post(attach_url(session), {"files": [upload("x.png", png_bytes())], "kind": "photo"})
    assert response.status_code == 403
    assert "您只能修改或删除自己录入的记录" in text_of(response)
    ledger.assert_unchanged()


def test_the_upload_endpoint_answers_only_post(staff_client, session):
    assert staff_client.get(attach_url(session)).status_code == 405
