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


# What an auditor may open: the audit trail, the change log and their own account (等保2.0 separation of
# duties: the auditor reads the trail of what others did and nothing of the ledger itself).
AUDITOR_PAGES = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "profile",
    "ledger:notifications",
    "ledger:notification-read",
    "ledger:notifications-read-all",
    "set_language",
    "javascript-catalog",
    "bureau:audit-trail",
    "bureau:audit-export",
    "ledger:change-log",
    "help:index",
    "help:page",
    # The public answer pages are everyone's, signed in or not.
    "surveys:answer",
    "surveys:answer-thanks",
}


class AuditorConfinementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_auditor:
            from django.core.exceptions import PermissionDenied
            from django.urls import Resolver404, resolve
            from django.utils.translation import gettext as _

            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in AUDITOR_PAGES and not request.path_info.startswith("/static/"):
                raise PermissionDenied(_("审计员只能查看审计日志和修改记录。"))
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
        from bureau.error_views import request_too_large
        from bureau.ledger.upload_limits import UploadTooLarge, request_too_large_message

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
