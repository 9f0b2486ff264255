"""The site's root URLs (this package is also the project)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from reports.views import home

from . import auth_views as ledger_auth_views
from . import views

bureau_patterns = (
    [
        path("attachments/<int:pk>/", views.attachment, name="attachment"),
        path("attachments/<int:pk>/thumbnail/", views.attachment_thumbnail, name="attachment-thumbnail"),
        path("recycle-bin/", views.recycle_bin, name="recycle-bin"),
        path("changes/", views.change_log, name="change-log"),
        path("audit/", views.audit_trail, name="audit-trail"),
        path("audit/export.xlsx", views.audit_export, name="audit-export"),
        path("imports/", views.import_page, name="import"),
        path("imports/<slug:kind>/template.xlsx", views.import_template, name="import-template"),
        path("recycle-bin/<slug:slug>/<int:pk>/restore/", views.recycle_bin_restore, name="recycle-bin-restore"),
        path("recycle-bin/<slug:slug>/<int:pk>/purge/", views.recycle_bin_purge, name="recycle-bin-purge"),
    ],
    "bureau",
)

urlpatterns = [
    path("", home, name="home"),
    path("", include("campaigns.urls")),
    path("", include("surveys.urls")),
    path("", include("enterprises.urls")),
    path("reports/", include("reports.urls")),
    path("", include(bureau_patterns)),
    path("accounts/login/", ledger_auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
