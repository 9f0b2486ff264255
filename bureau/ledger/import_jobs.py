"""Running an import as a recorded job: the command line's at once, the browser's as preview → confirm,
and its undo."""

import os
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import audit
from bureau.ledger.imports import ImportRefused, ImportTimedOut, run_import
from bureau.ledger.jobs import ImportJob
from bureau.models import AuditAction


def import_with_job(record_type, upload, user, *, filename: str, campaign=None, dry_run=False, time_budget=None):
    """Run the import and keep a record of it. Returns (job, result or None when the file was refused).

    Past `time_budget` seconds the import stops, nothing saved, and the job is marked failed.
    """
    job = _start_job(record_type, user, filename=filename, campaign=campaign)
    return job, _run(job, record_type, upload, user, dry_run=dry_run, time_budget=time_budget)


def preview_import(record_type, upload, user, *, filename: str, campaign=None, time_budget=None):
    """The browser's first phase: keep the file, check every row, save nothing. Returns (job, result).

    A file without errors leaves the job 已检查，待确认 until its uploader confirms it (`confirm_import`)."""
    job = _start_job(record_type, user, filename=filename, campaign=campaign)
    upload.seek(0)
    # Stored under a name of its own: the uploader's name is kept in `filename`, never trusted as a path.
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save(update_fields=["file"])
    upload.seek(0)
    return job, _run(job, record_type, upload, user, dry_run=True, time_budget=time_budget, preview=True)


class NotConfirmable(Exception):
    """The job is not a checked import waiting for its uploader's confirmation (any more)."""


def confirm_import(job, user, *, time_budget=None):
    """The second phase: the kept file is imported again, for real, in one transaction. Rows are checked
    again, since records may have been added (a duplicate) or a month closed since the preview."""
    claimed = ImportJob.objects.filter(pk=job.pk, user=user, status=ImportJob.Status.PREVIEW).update(
        status=ImportJob.Status.RUNNING, pid=os.getpid(), started_at=timezone.now()
    )
    if not claimed or not job.file:
        raise NotConfirmable(_("这次导入已确认、已撤销或已过期，不能再确认。请重新上传文件。"))
    job.refresh_from_db()
    record_type = job.record_type
    with job.file.open("rb") as upload:
        result = _run(job, record_type, upload, user, time_budget=time_budget)
    return job, result


class NotUndoable(Exception):
    pass


def undo_import(job, user):
    """撤销导入: every record the job saved goes to the recycle bin, all or none (a record dated in a closed
    month, or one the user may not delete, refuses the whole undo). Returns how many were moved."""
    from django.db import transaction

    from bureau.ledger.records import move_to_bin

    record_type = job.record_type
    with transaction.atomic():
        current = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not current.may_be_undone:
            raise NotUndoable(_("这次导入没有可撤销的记录（可能已撤销）。"))
        records = record_type.model._base_manager.filter(pk__in=current.saved_ids, deleted_at__isnull=True)
        moved = 0
        for record in records.order_by("pk"):
            move_to_bin(record, user, reason="撤销导入")
            moved += 1
        current.status, current.undone_at, current.undone_by = ImportJob.Status.UNDONE, timezone.now(), user
        current.message = _("已撤销：%(n)s 条记录移入回收站。") % {"n": moved}
        current.save(update_fields=["status", "undone_at", "undone_by", "message"])
    audit.record(
        AuditAction.IMPORT,
        user=user,
        target=f"{record_type.slug} {current.filename}",
        detail=f"撤销导入，{moved} 条移入回收站",
    )
    return current, moved


def _start_job(record_type, user, *, filename, campaign=None):
    ImportJob.objects.mark_abandoned()
    # Created (and, outside a request transaction, committed) before the rows: a killed process leaves
    # a running job behind, which the next import marks failed.
    return ImportJob.objects.create(
        bureau_id=user.bureau_id,
        user=user,
        kind=record_type.slug,
        filename=filename[:255],
        pid=os.getpid(),
        campaign=campaign,
    )


def _run(job, record_type, upload, user, *, dry_run=False, time_budget=None, preview=False):
    result = None
    try:
        result = run_import(record_type, upload, user, campaign=job.campaign, dry_run=dry_run, time_budget=time_budget)
    except ImportRefused as refusal:
        job.status, job.message = ImportJob.Status.REFUSED, str(refusal)
    except ImportTimedOut as stopped:
        job.status, job.message = ImportJob.Status.FAILED, str(stopped)
    else:
        job.rows, job.saved_ids = result.rows, result.saved_ids
        job.saved = 0 if dry_run else result.saved
        if result.errors:
            job.status = ImportJob.Status.REFUSED
            job.message = "\n".join(str(e) for e in result.errors[:200])
        elif preview:
            job.status = ImportJob.Status.PREVIEW
            job.message = _("检查通过，共 %(n)s 行，确认后导入。") % {"n": result.rows}
        elif dry_run:
            job.status = ImportJob.Status.DRY_RUN
            job.message = _("检查通过，共 %(n)s 行，可以正式导入。") % {"n": result.rows}
        else:
            job.status = ImportJob.Status.SUCCEEDED
            job.message = _("已导入 %(n)s 条。") % {"n": result.saved}
    job.finished_at = timezone.now()
    job.save()
    audit.record(
        AuditAction.IMPORT,
        user=user,
        target=f"{record_type.slug} {job.filename}",
        detail=f"{job.get_status_display()}；{job.rows} 行，保存 {job.saved} 条",
    )
    return result
