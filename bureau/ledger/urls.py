"""The shared pages of every record type: attachments, the recycle bin, imports and the change log.

Each record type's own pages (list, detail, form, history…) come from its registry entry.
"""

from django.urls import path

from bureau.ledger import views

app_name = "ledger"
urlpatterns = [
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/thumbnail/", views.attachment_thumbnail, name="attachment-thumbnail"),
    path("recycle-bin/", views.recycle_bin, name="recycle-bin"),
    path("recycle-bin/<slug:slug>/<int:pk>/restore/", views.recycle_bin_restore, name="recycle-bin-restore"),
    path("recycle-bin/<slug:slug>/<int:pk>/purge/", views.recycle_bin_purge, name="recycle-bin-purge"),
    path("changes/", views.change_log, name="change-log"),
    path("imports/", views.import_page, name="import"),
    path("imports/<slug:kind>/template.xlsx", views.import_template, name="import-template"),
]
