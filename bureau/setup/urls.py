"""系统设置 (/setup/): the pages where a bureau's admin sets up the bureau."""

from django.urls import path

from . import views
from .sections import ACCOUNTS, APP, CAMPAIGNS, DEPARTMENTS, POLICIES, SUBJECTS, Section

app_name = APP

# The routes of a section's common pages, served by the generic views for whichever section they are given.
_COMMON = {
    "list": ("", views.section_list),
    "create": ("new/", views.section_create),
    "edit": ("<int:pk>/", views.section_edit),
    "history": ("<int:pk>/history/", views.section_history),
}


def _common(section: Section, *actions: str) -> list:
    """The paths of `section`'s pages named in `actions` ("list", "create", "edit", "history")."""
    paths = []
    for action in actions:
        route, view = _COMMON[action]
        paths.append(path(f"{section.path}/{route}", view, {"section": section}, name=section.url_name(action)))
    return paths


urlpatterns = [
    path("", views.guide, name="guide"),
    path("bureau/", views.profile, name="profile"),
    path("bureau/history/", views.profile_history, name="profile-history"),
    *_common(DEPARTMENTS, "list", "create", "edit", "history"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department-delete"),
    *_common(CAMPAIGNS, "list", "history"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/activate/", views.campaign_activate, name="campaign-activate"),
    path("campaigns/<int:pk>/group/", views.campaign_group, name="campaign-group"),
    path(
        "campaigns/<int:pk>/group/<int:member_pk>/remove/",
        views.campaign_group_remove,
        name="campaign-group-remove",
    ),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/", views.account_edit, name="account-edit"),
    path("accounts/<int:pk>/reset-password/", views.account_reset_password, name="account-reset-password"),
    path("accounts/<int:pk>/active/", views.account_active, name="account-active"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="account-unlock"),
    *_common(ACCOUNTS, "history"),
    *_common(SUBJECTS, "list", "create", "edit", "history"),
    *_common(POLICIES, "list", "create", "edit", "history"),
]
