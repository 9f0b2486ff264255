"""Checking and storing uploaded attachments.

The type is read from the file's bytes, never from its name or the browser's claim:
an executable renamed `.jpg` is refused.
"""

import io
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .models import Attachment

ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
THUMBNAIL_SIZE = (320, 320)
SNIFF_BYTES = 64 * 1024


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
        try:
            with Image.open(upload) as image:
                image.verify()
        except Image.DecompressionBombError:
            # A few hundred bytes can claim billions of pixels; Pillow refuses to open such an image.
            raise ValidationError(_("图片“%(name)s”的尺寸过大，请缩小后再上传。") % {"name": upload.name}) from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError(_("图片“%(name)s”已损坏，无法打开。") % {"name": upload.name}) from None
        finally:
            upload.seek(0)
    return mime


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


def _thumbnail(upload) -> ContentFile | None:
    try:
        with Image.open(upload) as image:
            image.thumbnail(THUMBNAIL_SIZE)
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
