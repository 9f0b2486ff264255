"""Attachments are served only to users who may see their record, with the sniffed type."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bureau.ledger.attachments import Attachment
from bureau.ledger.uploads import store_attachment
from tests.helpers import png_bytes
from tests.world import StudySessionFactory

# Who may fetch an attachment (those who may see its record) is in tests/test_access_matrix.py.


@pytest.fixture
def photo(staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    upload = SimpleUploadedFile("签到表.png", png_bytes((800, 600)), content_type="image/png")
    return store_attachment(session, upload, "image/png", staff, "sign_in")


@pytest.mark.parametrize(
    ("view", "content_type"), [("ledger:attachment", "image/png"), ("ledger:attachment-thumbnail", "image/jpeg")]
)
def test_an_attachment_is_served_with_its_sniffed_type_and_nosniff(client, staff, photo, view, content_type):
    client.force_login(staff)
    response = client.get(reverse(view, args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"


def test_thumbnail_is_small(client, staff, photo):
    from PIL import Image

    client.force_login(staff)
    response = client.get(reverse("ledger:attachment-thumbnail", args=[photo.pk]))
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert max(image.size) <= 320


def test_attachment_of_a_deleted_record_stays_with_it(client, staff, photo):
    photo.record.soft_delete(staff)
    client.force_login(staff)
    assert client.get(reverse("ledger:attachment", args=[photo.pk])).status_code == 200


def test_unknown_attachment_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("ledger:attachment", args=[424242])).status_code == 404


def test_documents_download_instead_of_opening(client, staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    out = io.BytesIO()
    Workbook().save(out)
    upload = SimpleUploadedFile("名单.xlsx", out.getvalue())
    client.force_login(staff)
    response = client.post(
        reverse("campaigns:studysession-attach", args=[session.pk]), {"files": upload, "kind": "document"}
    )
    assert response.status_code == 302
    item = Attachment.objects.get()
    assert item.mime_type.endswith("spreadsheetml.sheet")
    download = client.get(item.get_absolute_url())
    assert download["Content-Disposition"].startswith("attachment")


def test_colleague_cannot_attach_to_my_record(client, staff, colleague):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    client.force_login(colleague)
    upload = SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("campaigns:studysession-attach", args=[session.pk]), {"files": upload})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_bad_upload_on_detail_page_shows_message(client, staff):
    session = StudySessionFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    client.force_login(staff)
    upload = SimpleUploadedFile("run.jpg", b"#!/bin/sh\nrm -rf /\n" * 10)
    response = client.post(
        reverse("campaigns:studysession-attach", args=[session.pk]), {"files": upload, "kind": "photo"}
    )
    assert response.status_code == 400
    assert "不是允许的类型" in response.content.decode()
    assert not Attachment.objects.exists()
