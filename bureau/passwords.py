"""Password rules of 等保2.0 level 2: length, character classes, no reuse of recent passwords, expiry.

The validators are Django password validators (AUTH_PASSWORD_VALIDATORS), so every place that sets a
password through a form (password change, the admin's add and reset pages) applies them.
"""

import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

CLASSES = (
    ("lower", lambda c: c in string.ascii_lowercase),
    ("upper", lambda c: c in string.ascii_uppercase),
    ("digit", lambda c: c.isdigit()),
    ("symbol", lambda c: not c.isalnum()),
)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for _name, belongs in CLASSES if any(belongs(c) for c in password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)s 类。") % {"n": self.min_classes}


class PasswordHistoryValidator:
    """None of the account's last `count` passwords (the current one included) may be chosen again."""

    def __init__(self, count=5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        # The history holds the current password too (it is remembered when saved), newest first.
        recent = list(user.password_history.values_list("password", flat=True)[: self.count])
        if user.password and user.password not in recent:
            recent = [user.password, *recent[: self.count - 1]]
        if any(encoded and check_password(password, encoded) for encoded in recent):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return _("不能使用最近 %(n)s 次用过的密码。") % {"n": self.count}


# Where a user who must change their password may still go.
OPEN_WHILE_CHANGING = {
    "password_change",
    "password_change_done",
    "logout",
    "login",
    "set_language",
    "javascript-catalog",
}


class PasswordPolicyMiddleware:
    """Sends a user whose password was set by an admin, or has expired, to the password page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.must_change_password or user.password_expired):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN_WHILE_CHANGING and not request.path_info.startswith(f"/{settings.STATIC_URL}"):
                return redirect("password_change")
        return self.get_response(request)
