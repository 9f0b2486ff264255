"""Checking and storing uploaded attachments.

The type is read from the file's bytes, never from its name or the browser's claim:
an executable renamed `.jpg` is refused.
"""

import io
import warnings
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from bureau.ledger.attachments import Attachment

ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
THUMBNAIL_SIZE = (320, 320)
SNIFF_BYTES = 64 * 1024
# A PNG cannot be decoded at a reduced scale, so making its thumbnail holds every pixel at once
# (4 bytes each for colour). Past this the image is kept without a thumbnail rather than risk the worker.
THUMBNAIL_DECODE_MAX_BYTES = 64 * 1024 * 1024


def sniff_mime_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(upload) -> str:
    """Return the sniffed MIME type, or raise ValidationError with a message the user can act on."""
    limit_mb = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过 %(limit)s MB，请压缩后再上传。") % {"name": upload.name, "limit": limit_mb}
        )
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": upload.name})
    mime = sniff_mime_type(upload)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("文件“%(name)s”的内容不是允许的类型，只能上传 JPG、PNG、PDF、DOCX、XLSX 文件。") % {"name": upload.name}
        )
    if mime.startswith("image/"):
        _check_image(upload)
    return mime


def _too_large(upload, size=None):
    if size is None:
        return ValidationError(_("图片“%(name)s”的尺寸过大，请缩小后再上传。") % {"name": upload.name})
    return ValidationError(
        _("图片“%(name)s”的尺寸过大（%(width)s×%(height)s 像素，最多 %(limit)s 万像素），请缩小后再上传。")
        % {"name": upload.name, "width": size[0], "height": size[1], "limit": settings.ATTACHMENT_MAX_PIXELS // 10000}
    )


def _check_image(upload) -> None:
    """Refuse an image past ATTACHMENT_MAX_PIXELS from its header alone, then check it is not damaged.

    A few hundred KB of PNG can claim 169 million pixels (676 MB once decoded): the size is read from the
    header, which Image.open parses without decoding anything, and verify() checks the data without
    decoding it either.
    """
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; the lower limit below refuses those, with their size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > settings.ATTACHMENT_MAX_PIXELS:
                    raise _too_large(upload, image.size)
                image.verify()
    except Image.DecompressionBombError:
        raise _too_large(upload) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(_("图片“%(name)s”已损坏，无法打开。") % {"name": upload.name}) from None
    finally:
        upload.seek(0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked as an attachment."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx,.xlsx"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        checked = []
        errors = []
        for upload in files:
            super().clean(upload, initial)
            try:
                checked.append((upload, validate_upload(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


def check_record_quota(record, checked) -> None:
    """Refuse uploads that would take one record past ATTACHMENT_MAX_FILES_PER_RECORD files or
    ATTACHMENT_MAX_BYTES_PER_RECORD bytes in all (`record` is None for a record not saved yet)."""
    if not checked:
        return
    have = {"n": 0, "size": 0}
    if record is not None and record.pk:
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
        totals = Attachment.objects.filter(content_type=content_type, object_id=record.pk).aggregate(
            n=Count("pk"), size=Sum("size")
        )
        have = {"n": totals["n"] or 0, "size": totals["size"] or 0}
    max_files = settings.ATTACHMENT_MAX_FILES_PER_RECORD
    if have["n"] + len(checked) > max_files:
        raise ValidationError(
            _("每条记录最多 %(max)s 个附件：这条记录已有 %(have)s 个，本次最多还能上传 %(left)s 个。")
            % {"max": max_files, "have": have["n"], "left": max(max_files - have["n"], 0)}
        )
    max_bytes = settings.ATTACHMENT_MAX_BYTES_PER_RECORD
    if have["size"] + sum(upload.size for upload, _mime in checked) > max_bytes:
        mb = 1024 * 1024
        raise ValidationError(
            _("每条记录的附件合计不超过 %(max)s MB：这条记录已有 %(have)s MB，本次上传的文件放不下。")
            % {"max": max_bytes // mb, "have": round(have["size"] / mb, 1)}
        )


def _thumbnail(upload) -> ContentFile | None:
    try:
        with Image.open(upload) as image:
            # A JPEG is decoded straight at 1/2, 1/4 or 1/8 of its size, so a 40-megapixel photo never
            # exists in memory at full size; other formats decode whole, hence the budget.
            image.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))
            bytes_per_pixel = 1 if image.mode in ("1", "L", "P") else 4
            if image.width * image.height * bytes_per_pixel > THUMBNAIL_DECODE_MAX_BYTES:
                return None
            # reducing_gap: shrink by whole factors (reduce) before the fine resize, on a smaller copy.
            image.thumbnail(THUMBNAIL_SIZE, reducing_gap=2.0)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
    except (UnidentifiedImageError, OSError):
        return None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue())


def store_attachment(record, upload, mime: str, user, kind: str) -> Attachment:
    """Save one checked upload against a record, with a thumbnail when it is an image."""
    # Keep only the last path component of the browser's name: it is shown, never used as a path.
    original_name = PurePath(upload.name.replace("\\", "/")).name[:255] or "file"
    stored_name = f"{PurePath(original_name).stem[:80]}.{ALLOWED_TYPES[mime]}"
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        object_id=record.pk,
        kind=kind,
        original_name=original_name,
        mime_type=mime,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save(stored_name, upload, save=False)
    if mime.startswith("image/"):
        thumb = _thumbnail(upload)
        if thumb is not None:
            attachment.thumbnail.save(f"{PurePath(stored_name).stem}.jpg", thumb, save=False)
    attachment.save()
    return attachment
