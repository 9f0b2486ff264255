"""Template context for every page: the navigation bar the user may follow, the bell's unread count and
the badge of 我的待办."""

from bureau.ledger.navigation import navigation_for
from bureau.ledger.notifications import unread_count
from bureau.ledger.work_items import MyWork


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    context = {"navigation": navigation_for(request.user), "unread_notifications": unread_count(request.user)}
    if not request.user.is_auditor:
        # The badge of 我的待办: one query, made when the page's navigation is drawn.
        context["my_work"] = MyWork(request.user)
    return context
