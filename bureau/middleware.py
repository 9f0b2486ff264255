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
