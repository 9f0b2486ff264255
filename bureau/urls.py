"""The site's root URLs (this package is also the project)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from bureau import auth_views as ledger_auth_views
from bureau import views
from reports.views import home

bureau_patterns = (
    [
        path("audit/", views.audit_trail, name="audit-trail"),
        path("audit/export.xlsx", views.audit_export, name="audit-export"),
    ],
    "bureau",
)

urlpatterns = [
    path("", home, name="home"),
    path("", include("campaigns.urls")),
    path("", include("surveys.urls")),
    path("", include("enterprises.urls")),
    path("reports/", include("reports.urls")),
    path("help/", include("bureau.help_urls")),
    path("setup/", include("bureau.setup.urls")),
    path("", include(bureau_patterns)),
    path("", include("bureau.ledger.urls")),
    path("accounts/login/", ledger_auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", ledger_auth_views.profile, name="profile"),
    path("accounts/password/", ledger_auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "bureau.error_views.bad_request"
handler403 = "bureau.error_views.permission_denied"
handler404 = "bureau.error_views.page_not_found"
handler500 = "bureau.error_views.server_error"
