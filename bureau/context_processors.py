"""Template context for every page: the navigation bar the user may follow and the bell's unread count."""

from bureau.ledger.navigation import navigation_for
from bureau.ledger.notifications import unread_count


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"navigation": navigation_for(request.user), "unread_notifications": unread_count(request.user)}
