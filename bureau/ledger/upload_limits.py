"""Caps on what one request may upload, enforced while the body arrives.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE covers form fields only; files stream to disk whatever their size.
The handler below sits first among FILE_UPLOAD_HANDLERS: it refuses a body declared larger than
REQUEST_MAX_BYTES before reading any of it, counts the bytes it is actually given (should the declared
length lie), and refuses the file past ATTACHMENT_MAX_FILES_PER_REQUEST as soon as its part begins.
RequestSizeLimitMiddleware turns the refusal into the 413 page, before any view could save anything.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _


class UploadTooLarge(Exception):
    """The request carries more than the caps allow; the message tells the user which cap and what to do."""


def request_too_large_message() -> str:
    return _("一次提交的内容超过 %(limit)s MB，未保存任何内容。请减少附件或分几次上传。") % {
        "limit": settings.REQUEST_MAX_BYTES // (1024 * 1024)
    }


def too_many_files_message() -> str:
    return _("一次最多上传 %(n)s 个文件，未保存任何内容。请分几次上传。") % {
        "n": settings.ATTACHMENT_MAX_FILES_PER_REQUEST
    }


class RequestLimitUploadHandler(FileUploadHandler):
    """Counts files and bytes of a multipart body; passes every chunk on to the next handler unchanged."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.files = 0
        self.received = 0
        if content_length > settings.REQUEST_MAX_BYTES:
            raise UploadTooLarge(request_too_large_message())

    def new_file(self, *args, **kwargs):
        self.files += 1
        if self.files > settings.ATTACHMENT_MAX_FILES_PER_REQUEST:
            raise UploadTooLarge(too_many_files_message())

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_MAX_BYTES:
            raise UploadTooLarge(request_too_large_message())
        return raw_data

    def file_complete(self, file_size):
        return None
