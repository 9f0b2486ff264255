"""Request clean-up before anything stores request data."""


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
    "set_language",
    "javascript-catalog",
    "bureau:audit-trail",
    "bureau:audit-export",
    "bureau:change-log",
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
