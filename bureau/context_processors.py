"""Template context for every page: the navigation bar the user may follow."""

from bureau.ledger.navigation import navigation_for


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"navigation": navigation_for(request.user)}
