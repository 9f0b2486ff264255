"""The signed-in user's own notifications: the list, mark one read, mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau.ledger.notifications import Notification

PAGE_SIZE = 20


def get_notification_for_user(user, pk) -> Notification:
    """The user's own notification; anyone else's answers 404, as if it did not exist."""
    return get_object_or_404(Notification.objects.for_recipient(user), pk=pk)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("ledger:notifications")


@login_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.for_recipient(request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "notifications": list(page.object_list),
    }
    return render(request, "ledger/notifications.html", context)


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_notification_for_user(request.user, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return _back(request)


@login_required
@require_POST
def notifications_read_all(request):
    marked = Notification.objects.for_recipient(request.user).mark_read()
    if marked:
        messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": marked})
    return _back(request)
