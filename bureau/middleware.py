"""Request clean-up before anything stores request data."""

from django.conf import settings


class DropNulFromHeadersMiddleware:
    """NUL never belongs in an HTTP header, and PostgreSQL refuses it in text: django-axes stores the
    user agent of every login attempt, so a forged header would turn a login into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, value in list(request.META.items()):
            if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
                request.META[key] = value.replace("\x00", "")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Answers 413 (the site's own page) for a body past REQUEST_MAX_BYTES or with too many files.

    A declared Content-Length past the cap is refused without reading the body. A multipart body is
    parsed here, before CSRF or any view reads it, so the upload handler's refusal stops the request
    before anything is saved; a partly parsed request never reaches a view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .error_views import request_too_large
        from .upload_limits import UploadTooLarge, request_too_large_message

        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            return request_too_large(request, request_too_large_message())
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.FILES  # noqa: B018 - parsing is the point: the handler refuses while reading
            except UploadTooLarge as refusal:
                return request_too_large(request, str(refusal))
        return self.get_response(request)
