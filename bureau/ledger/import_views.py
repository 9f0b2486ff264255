"""The Excel import in the browser: upload → a preview of every row, nothing saved → confirm → saved in one
transaction; each import's page, its kept file, and 撤销导入."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau.error_views import conflict, stored_file_missing
from bureau.ledger.access import Action, can_create
from bureau.ledger.excel import XLSX_CONTENT_TYPE
from bureau.ledger.forms import ImportForm
from bureau.ledger.import_jobs import (
    NotConfirmable,
    NotUndoable,
    confirm_import,
    preview_import,
    undo_import,
)
from bureau.ledger.import_templates import template_workbook
from bureau.ledger.jobs import ImportJob
from bureau.ledger.record_views import Confirmation
from bureau.ledger.registry import REGISTRY

RECENT_JOBS = 10


def _importable_kinds():
    return [(slug, rt.model._meta.verbose_name_plural) for slug, rt in REGISTRY.items() if rt.importable]


def _refuse_without_bureau(user):
    if not can_create(user):
        raise PermissionDenied(_("您的账户尚未分配单位，不能导入。"))


def _own_job(user, pk) -> ImportJob:
    """An import its uploader (or the bureau's admin) may look at and undo; anybody else's is not found."""
    return get_object_or_404(ImportJob.objects.restrict(user, Action.CHANGE).select_related("user"), pk=pk)


# The job row must be committed before the rows are tried (see import_jobs._start_job), so no request
# transaction.
@transaction.non_atomic_requests
@login_required
def import_page(request):
    _refuse_without_bureau(request.user)
    # The list below shows the user's last jobs: one whose process died must not stay "running".
    ImportJob.objects.mark_abandoned()
    kinds = _importable_kinds()
    form = ImportForm(
        request.POST or None, request.FILES or None, kinds=kinds, initial={"kind": request.GET.get("kind")}
    )
    context = {"form": form, "kinds": kinds, "jobs": ImportJob.objects.filter(user=request.user)[:RECENT_JOBS]}
    if request.method != "POST":
        return render(request, "ledger/import.html", context)
    if not form.is_valid():
        return render(request, "ledger/import.html", context, status=400)
    record_type = REGISTRY[form.cleaned_data["kind"]]
    upload = form.cleaned_data["file"]
    # A web import must end before gunicorn kills the worker; the command-line import has no such limit.
    job, result = preview_import(
        record_type, upload, request.user, filename=upload.name, time_budget=settings.IMPORT_TIME_BUDGET_SECONDS
    )
    context.update(job=job, result=result, record_type=record_type)
    return render(request, "ledger/import.html", context, status=200 if job.awaits_confirmation else 400)


@transaction.non_atomic_requests
@login_required
@require_POST
def import_confirm(request, pk):
    job = _own_job(request.user, pk)
    if job.user_id != request.user.pk:
        raise PermissionDenied(_("只有上传文件的人可以确认导入。"))
    try:
        job, result = confirm_import(job, request.user, time_budget=settings.IMPORT_TIME_BUDGET_SECONDS)
    except NotConfirmable as refusal:
        return conflict(request, str(refusal))
    except FileNotFoundError:
        return stored_file_missing(request, job.file.name, _("导入文件已丢失，请重新上传。"))
    if job.status == ImportJob.Status.SUCCEEDED:
        messages.success(request, _("已导入 %(n)s 条%(kind)s。") % {"n": job.saved, "kind": job.kind_label})
        return redirect(job)
    context = {"job": job, "result": result, "record_type": job.record_type}
    return render(request, "ledger/import_job.html", context, status=400)


@login_required
@require_GET
def import_job(request, pk):
    job = _own_job(request.user, pk)
    return render(request, "ledger/import_job.html", {"job": job, "record_type": job.record_type})


@login_required
@require_GET
def import_file(request, pk):
    job = _own_job(request.user, pk)
    if not job.file:
        raise Http404(_("这次导入没有保存文件。"))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        return stored_file_missing(request, job.file.name, _("导入文件已丢失：服务器上找不到这个文件。"))
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_undo(request, pk):
    job = _own_job(request.user, pk)
    confirm = Confirmation(
        action=_("撤销导入"),
        question=_("确定要撤销这次导入（%(file)s，%(n)s 条%(kind)s）吗？")
        % {"file": job.filename, "n": len(job.saved_ids), "kind": job.kind_label},
        consequence=_("导入的记录会移入回收站，可在回收站中逐条恢复；已报送月份中的记录不能撤销。"),
        cancel_url=job.get_absolute_url(),
    )
    if request.method != "POST":
        if not job.may_be_undone:
            return conflict(request, _("这次导入没有可撤销的记录（可能已撤销）。"))
        return render(request, "ledger/confirm.html", {"confirm": confirm})
    try:
        job, moved = undo_import(job, request.user)
    except NotUndoable as refusal:
        return conflict(request, str(refusal))
    except PermissionDenied as refusal:
        return render(request, "ledger/confirm.html", {"confirm": confirm, "error": str(refusal)}, status=403)
    messages.success(request, _("已撤销导入：%(n)s 条记录移入回收站。") % {"n": moved})
    return redirect(job)


@login_required
@require_GET
def import_template(request, kind):
    record_type = REGISTRY.get(kind)
    if record_type is None or not record_type.importable:
        raise Http404(_("没有这种导入类型。"))
    _refuse_without_bureau(request.user)
    content = template_workbook(record_type, request.user)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{record_type.model._meta.verbose_name_plural}导入模板.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
