"""The shared pages of every record type: attachments, the recycle bin, imports, the change log; notifications
and 我的待办.

Each record type's own pages (list, detail, form, history…) come from its registry entry.
"""

from django.urls import include, path

from bureau.ledger import import_views, notification_views, views

app_name = "ledger"

attachment_pages = [
    path("", views.attachment, name="attachment"),
    path("thumbnail/", views.attachment_thumbnail, name="attachment-thumbnail"),
]
bin_pages = [
    path("", views.recycle_bin, name="recycle-bin"),
    path("<slug:slug>/<int:pk>/restore/", views.recycle_bin_restore, name="recycle-bin-restore"),
    path("<slug:slug>/<int:pk>/purge/", views.recycle_bin_purge, name="recycle-bin-purge"),
]
import_pages = [
    path("", import_views.import_page, name="import"),
    path("<slug:kind>/template.xlsx", import_views.import_template, name="import-template"),
    path("jobs/<int:pk>/", import_views.import_job, name="import-job"),
    path("jobs/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("jobs/<int:pk>/undo/", import_views.import_undo, name="import-undo"),
    path("jobs/<int:pk>/file.xlsx", import_views.import_file, name="import-file"),
]

notification_pages = [
    path("", notification_views.notification_list, name="notifications"),
    path("<int:pk>/read/", notification_views.notification_read, name="notification-read"),
    path("read-all/", notification_views.notifications_read_all, name="notifications-read-all"),
]

urlpatterns = [
    path("attachments/<int:pk>/", include(attachment_pages)),
    path("recycle-bin/", include(bin_pages)),
    path("imports/", include(import_pages)),
    path("changes/", views.change_log, name="change-log"),
    path("notifications/", include(notification_pages)),
    path("my-work/", views.my_work, name="my-work"),
]
