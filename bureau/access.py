"""Who may do what with a record (DESIGN §3). Views ask these; templates read the answers."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def can_create(user) -> bool:
    return user.is_authenticated and user.bureau_id is not None


def can_change(user, record) -> bool:
    """Admins change any record of their own bureau; everyone else only what they recorded.

    A parent bureau's leader reads the children's records but never changes them.
    """
    if not user.is_authenticated or record.bureau_id != user.bureau_id:
        return False
    return user.is_admin or record.recorded_by_id == user.pk


def can_verify(user, record) -> bool:
    return user.is_authenticated and user.can_verify and record.bureau_id == user.bureau_id


def get_record_for_user(queryset, user, pk):
    """The record if the user's bureaus own it; 404 otherwise, so another bureau's ids reveal nothing."""
    try:
        return queryset.for_user(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在") from None


def require_change(user, record):
    if not can_change(user, record):
        raise PermissionDenied("您只能修改或删除自己录入的记录。")
