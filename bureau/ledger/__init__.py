"""The shared record machinery every app's records use: the ledger itself.

- records, attachments, jobs: the base model of every record, its files, and the record of imports
- access: `restrict(user, action)` — the one rule of who may see and do what, for pages, counts and the admin
- registry: one `RecordType` per record type, from which its URLs, pages, navigation and columns come
- record_views, views, urls, forms, filters, templatetags: the generic pages and what they share
- history, changelog, recycle_bin: nothing entered is lost — versions, revert, soft delete, restore
- period_locks: what a closed month freezes
- imports, import_jobs, excel, uploads, upload_limits: files in and out
- admin_site, admin: the Django admin, kept inside the access model

Nothing here imports an app (campaigns, surveys, enterprises, reports): they build on it.
"""
