"""Running an import as a recorded job, and the empty template of each KIND."""

import io
import os

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import audit
from bureau.ledger.excel import add_table, new_workbook
from bureau.ledger.imports import ImportRefused, ImportTimedOut, import_fields, run_import
from bureau.ledger.jobs import ImportJob
from bureau.models import AuditAction

MAX_LISTED_OPTIONS = 60


def import_with_job(record_type, upload, user, *, filename: str, campaign=None, dry_run=False, time_budget=None):
    """Run the import and keep a record of it. Returns (job, result or None when the file was refused).

    Past `time_budget` seconds the import stops, nothing saved, and the job is marked failed.
    """
    ImportJob.objects.mark_abandoned()
    # Created (and, outside a request transaction, committed) before the rows: a killed process leaves
    # a running job behind, which the next import marks failed.
    job = ImportJob.objects.create(
        bureau_id=user.bureau_id, user=user, kind=record_type.slug, filename=filename[:255], pid=os.getpid()
    )
    result = None
    try:
        result = run_import(record_type, upload, user, campaign=campaign, dry_run=dry_run, time_budget=time_budget)
    except ImportRefused as refusal:
        job.status, job.message = ImportJob.Status.REFUSED, str(refusal)
    except ImportTimedOut as stopped:
        job.status, job.message = ImportJob.Status.FAILED, str(stopped)
    else:
        job.rows, job.saved = result.rows, result.saved
        if result.errors:
            job.status = ImportJob.Status.REFUSED
            job.message = "\n".join(str(e) for e in result.errors[:200])
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
    return job, result


def _describe(f: forms.Field) -> tuple[str, str]:
    """What a column takes, and its allowed values."""
    if isinstance(f, forms.ModelMultipleChoiceField):
        names = [str(o) for o in f.queryset[:MAX_LISTED_OPTIONS]]
        return _("多选，用“、”分隔"), "、".join(names)
    if isinstance(f, forms.ModelChoiceField):
        names = [str(o) for o in f.queryset[:MAX_LISTED_OPTIONS]]
        return _("从已登记的名称中选一个"), "、".join(names)
    if isinstance(f, forms.MultipleChoiceField):
        return _("多选，用“、”分隔"), "、".join(str(label) for value, label in f.choices if value)
    if isinstance(f, forms.ChoiceField):
        return _("选一个"), "、".join(str(label) for value, label in f.choices if value)
    if isinstance(f, forms.BooleanField):
        return _("是 / 否"), _("是、否")
    if isinstance(f, forms.DateField):
        return _("日期"), _("Excel 日期，或 2019-10-15 这样的文字")
    if isinstance(f, forms.IntegerField):
        low = f.min_value if f.min_value is not None else ""
        return _("整数"), (_("不小于 %(n)s") % {"n": low}) if low != "" else ""
    if isinstance(f, forms.CharField) and f.max_length:
        return _("文字"), _("最多 %(n)s 字") % {"n": f.max_length}
    return _("文字"), ""


def _identity_note(record_type) -> list[str]:
    """The explanation row naming the columns that tell one record from another (see Duplicates)."""
    names = "、".join(str(record_type.model._meta.get_field(name).verbose_name) for name in record_type.identity)
    note = _(
        "%(fields)s都相同的行视为同一条记录：与本单位已有的记录（回收站中的除外）或文件中的其他行重复时，"
        "整个文件都不导入。"
    )
    return [_("判断重复"), "", "", "", note % {"fields": names}]


def template_workbook(record_type, user) -> bytes:
    """The empty import template: Chinese headers, and a second sheet explaining every column."""
    fields = import_fields(record_type, user)
    workbook = new_workbook()
    sheet = add_table(workbook, str(record_type.model._meta.verbose_name_plural), [str(f.label) for _, f in fields], [])
    sheet.auto_filter.ref = None
    rows = []
    for name, f in fields:
        kind, allowed = _describe(f)
        required = _("必填") if f.required and name != "campaign" else _("选填")
        note = str(f.help_text or "")
        if name == "campaign":
            note = _("不填则为本单位进行中的主题教育。")
        rows.append([str(f.label), required, kind, allowed, note])
    if record_type.identity:
        rows += [[], _identity_note(record_type)]
    add_table(workbook, _("填写说明"), [_("列名"), _("是否必填"), _("类型"), _("可填的值"), _("说明")], rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
