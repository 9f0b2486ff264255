"""Upload bombs and oversized requests: a 492 KB PNG of 13000 × 13000 pixels, fifteen of them in one
POST, a 59 MB request of six files, a 300 MB body, a record collecting files without end.

Each is refused with a Chinese message (a form error, or the 413 page in the site's layout), quickly,
in bounded memory, and nothing of the request is saved."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.ledger.attachments import Attachment
from bureau.ledger.uploads import store_attachment
from campaigns.models import StudySession
from tests.helpers import Ledger, create_url, form_errors, png_bytes, text_of
from tests.world import StudySessionFactory, valid_data

from .bombs import png_of_size
from .memory_probe import MEMORY_BOUND_MB, measure

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - 9)


def create_with(client, world, files):
    return client.post(create_url("study-sessions"), {**valid_data("study-sessions", world), "attachment_files": files})


@pytest.fixture
def session(world):
    return StudySessionFactory(campaign=world.campaign, recorded_by=world.user, department=world.department)


def attach_url(record):
    return reverse("campaigns:studysession-attach", args=[record.pk])


# --- images past the pixel limit -------------------------------------------------------------------


def test_a_13000_by_13000_png_is_refused_from_its_header(staff_client, world):
    bomb = png_of_size(13000, 13000)
    assert len(bomb) < 500 * 1024
    ledger = Ledger()
    started = time.monotonic()
    response = create_with(staff_client, world, [upload("现场照片.png", bomb)])
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    message = " ".join(form_errors(response)["attachment_files"])
    assert "尺寸过大（13000×13000 像素，最多 4000 万像素）" in message
    assert "尺寸过大" in text_of(response)
    # Decoding it took 2.4 s and 660 MB; reading its header takes milliseconds.
    assert elapsed < 2
    ledger.assert_unchanged()


def test_the_pixel_limit_is_a_setting(staff_client, world, settings):
    settings.ATTACHMENT_MAX_PIXELS = 100_000
    ledger = Ledger()
    response = create_with(staff_client, world, [upload("照片.png", png_bytes((400, 300)))])
    assert response.status_code == 400
    assert "尺寸过大（400×300 像素，最多 10 万像素）" in text_of(response)
    ledger.assert_unchanged()


def test_an_image_at_the_pixel_limit_is_kept(staff_client, session, settings):
    settings.ATTACHMENT_MAX_PIXELS = 1200
    response = staff_client.post(
        attach_url(session), {"files": [upload("照片.png", png_bytes((40, 30)))], "kind": "photo"}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().thumbnail


def test_a_large_jpeg_gets_its_thumbnail_at_a_reduced_scale(session, world, tmp_path):
    from PIL import Image

    source = tmp_path / "photo.jpg"
    Image.new("RGB", (4000, 3000), (120, 200, 30)).save(source, quality=80)
    with source.open("rb") as handle:
        attachment = store_attachment(session, upload("photo.jpg", handle.read()), "image/jpeg", world.user, "photo")
    with Image.open(attachment.thumbnail.path) as thumb:
        assert max(thumb.size) == 320


# --- too many files, too many bytes ----------------------------------------------------------------


def test_fifteen_files_in_one_post_are_refused_with_the_413_page(staff_client, world, settings):
    ledger = Ledger()
    files = [upload(f"照片{n}.png", png_bytes()) for n in range(15)]
    response = create_with(staff_client, world, files)
    assert response.status_code == 413
    page = text_of(response)
    assert "上传内容过大" in page
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response
    assert f"一次最多上传 {settings.ATTACHMENT_MAX_FILES_PER_REQUEST} 个文件" in page
    assert '<html lang="zh-CN"' in page and "主题教育工作台账" in page  # the site's layout
    ledger.assert_unchanged()


def test_a_59_mb_request_of_six_files_is_refused_and_nothing_is_stored(staff_client, world, settings):
    assert settings.REQUEST_MAX_BYTES == 50 * MB  # the documented default
    ledger = Ledger()
    files = [upload(f"材料{n}.pdf", pdf(int(9.8 * MB)), "application/pdf") for n in range(6)]
    response = create_with(staff_client, world, files)
    assert response.status_code == 413
    assert "一次提交的内容超过 50 MB，未保存任何内容" in text_of(response)
    ledger.assert_unchanged()
    assert not (Path(settings.MEDIA_ROOT) / "attachments").exists()


def test_the_request_cap_applies_to_adding_files_to_a_record(staff_client, session, settings):
    settings.REQUEST_MAX_BYTES = 2 * MB
    ledger = Ledger()
    files = [upload(f"材料{n}.pdf", pdf(MB), "application/pdf") for n in range(3)]
    response = staff_client.post(attach_url(session), {"files": files, "kind": "document"})
    assert response.status_code == 413
    assert "一次提交的内容超过 2 MB" in text_of(response)
    ledger.assert_unchanged()


def test_a_record_cannot_collect_files_past_its_quota(staff_client, session, settings):
    settings.ATTACHMENT_MAX_FILES_PER_RECORD = 3
    for n in range(2):
        staff_client.post(attach_url(session), {"files": [upload(f"旧{n}.png", png_bytes())], "kind": "photo"})
    assert Attachment.objects.count() == 2
    ledger = Ledger()
    files = [upload("新一.png", png_bytes()), upload("新二.png", png_bytes())]
    response = staff_client.post(attach_url(session), {"files": files, "kind": "photo"})
    assert response.status_code == 400
    assert "每条记录最多 3 个附件：这条记录已有 2 个，本次最多还能上传 1 个" in text_of(response)
    ledger.assert_unchanged()


def test_the_byte_quota_per_record_counts_what_it_already_holds(staff_client, session, settings):
    settings.ATTACHMENT_MAX_BYTES_PER_RECORD = 3 * MB
    first = upload("一.pdf", pdf(2 * MB), "application/pdf")
    staff_client.post(attach_url(session), {"files": [first], "kind": "document"})
    ledger = Ledger()
    response = staff_client.post(
        attach_url(session), {"files": [upload("二.pdf", pdf(2 * MB), "application/pdf")], "kind": "document"}
    )
    assert response.status_code == 400
    assert "每条记录的附件合计不超过 3 MB" in text_of(response)
    ledger.assert_unchanged()


def test_a_new_record_with_files_past_the_record_quota_saves_nothing(staff_client, world, settings):
    settings.ATTACHMENT_MAX_FILES_PER_RECORD = 2
    ledger = Ledger()
    response = create_with(staff_client, world, [upload(f"照片{n}.png", png_bytes()) for n in range(3)])
    assert response.status_code == 400
    assert "每条记录最多 2 个附件" in text_of(response)
    assert response.context["form"].data["topic"] == "学习党章"  # what was typed stays in the form
    ledger.assert_unchanged()


def test_an_edit_adding_files_past_the_quota_changes_nothing(staff_client, world, session, settings):
    settings.ATTACHMENT_MAX_FILES_PER_RECORD = 1
    staff_client.post(attach_url(session), {"files": [upload("旧.png", png_bytes())], "kind": "photo"})
    ledger = Ledger()
    data = {
        **valid_data("study-sessions", world),
        "topic": "改过的主题",
        "opened_version": session.version,
        "attachment_files": [upload("新.png", png_bytes())],
    }
    response = staff_client.post(reverse("campaigns:studysession-edit", args=[session.pk]), data)
    assert response.status_code == 400
    assert "每条记录最多 1 个附件" in text_of(response)
    ledger.assert_unchanged()
    session.refresh_from_db()
    assert session.topic != "改过的主题"


# --- a 300 MB body, over a real socket --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_300_mb_upload_is_refused_before_its_body_is_read(live_server, staff, settings):
    """The answer comes after 64 KB of the declared 300 MB have been sent: the body is not streamed to
    disk first. The client logs in for real so the request is one a user could make."""
    from .servers import Visitor

    visitor = Visitor(live_server.url)
    assert visitor.post_form("/accounts/login/", {"username": "owner", "password": "correct horse battery"})[0] == 302
    _status, page = visitor.get("/study-sessions/new/")
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    boundary = "----ledgerbomb"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachment_files"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    declared = 300 * MB
    cookies = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())
    request = (
        f"POST /study-sessions/new/ HTTP/1.1\r\nHost: {visitor.host}:{visitor.port}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {declared}\r\n"
        f"Cookie: {cookies}\r\n\r\n"
    ).encode()
    with socket.create_connection((visitor.host, visitor.port), timeout=20) as sock:
        sock.sendall(request + head + b"0" * (64 * 1024))
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer) < 2000:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line
    assert "一次提交的内容超过 50 MB" in rest.decode(errors="replace")
    assert not StudySession.objects.exists() and not Attachment.objects.exists()


# --- peak memory, measured in a fresh process ------------------------------------------------------


def test_fifteen_13000_by_13000_pngs_in_one_post_stay_under_200_mb(migrated_sqlite, tmp_path):
    result = measure("png-bombs-15", migrated_sqlite, tmp_path)
    assert result["status"] == 413
    assert "一次最多上传 10 个文件" in result["text"]
    assert result["attachments"] == []
    assert result["peak_mb"] < MEMORY_BOUND_MB, result


def test_ten_13000_by_13000_pngs_in_one_post_stay_under_200_mb(migrated_sqlite, tmp_path):
    """Ten pass the count: each is refused by its header, none decoded (before: 737 MB and 19 s)."""
    result = measure("png-bombs-10", migrated_sqlite, tmp_path)
    assert result["status"] == 400
    assert all(f"图片“炸弹{n}.png”的尺寸过大（13000×13000 像素" in result["text"] for n in range(10))
    assert result["attachments"] == []
    assert result["peak_mb"] < MEMORY_BOUND_MB, result


def test_the_largest_accepted_photo_makes_its_thumbnail_under_200_mb(migrated_sqlite, tmp_path):
    """A 40-megapixel JPEG (just under the limit) is decoded at 1/8 scale for its thumbnail."""
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from PIL import Image; Image.new('RGB', (7000, 5700), (120, 200, 30)).save(sys.argv[1])",
            str(tmp_path / "big.jpg"),
        ],
        check=True,
    )
    assert made.returncode == 0
    result = measure(f"image:{tmp_path / 'big.jpg'}", migrated_sqlite, tmp_path)
    assert result["status"] == 302
    [(name, thumbnail)] = result["attachments"]
    assert name == "big.jpg" and thumbnail
    assert result["peak_mb"] < MEMORY_BOUND_MB, result


def test_the_largest_accepted_png_is_kept_under_200_mb(migrated_sqlite, tmp_path):
    """A PNG cannot be decoded at a reduced scale: at 40 megapixels it is kept without a thumbnail."""
    (tmp_path / "big.png").write_bytes(png_of_size(6300, 6300))
    result = measure(f"image:{tmp_path / 'big.png'}", migrated_sqlite, tmp_path)
    assert result["status"] == 302
    [(name, thumbnail)] = result["attachments"]
    assert name == "big.png" and not thumbnail
    assert result["peak_mb"] < MEMORY_BOUND_MB, result
