"""Attachment downloads (only for users who may see the record), the recycle bin, imports, the change log
and 我的待办."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau.error_views import stored_file_missing
from bureau.ledger.access import Action, allows, require
from bureau.ledger.attachments import Attachment
from bureau.ledger.changelog import changes_for
from bureau.ledger.forms import ChangeLogFilterForm
from bureau.ledger.period_locks import refuse_if_locked
from bureau.ledger.record_views import Confirmation
from bureau.ledger.recycle_bin import deleted_records_for, get_deleted_record, purge
from bureau.ledger.registry import REGISTRY
from bureau.ledger.work_items import my_work_page


def get_attachment_for_user(user, pk) -> Attachment:
    """The attachment if the user may see the record it belongs to (in the bin too); 404 otherwise."""
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = attachment.content_type.model_class()
    record = model.all_objects.filter(pk=attachment.object_id).first() if hasattr(model, "all_objects") else None
    if record is None or not allows(user, Action.VIEW, record):
        raise Http404("附件不存在")
    return attachment


def _serve(request, field, name: str, mime: str):
    if not field:
        raise Http404("附件不存在")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        return stored_file_missing(
            request, field.name, _("附件文件已丢失：服务器上找不到这个文件。请联系管理员从备份恢复。")
        )
    inline = mime.startswith("image/") or mime == "application/pdf"
    response = FileResponse(handle, content_type=mime, as_attachment=not inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def attachment(request, pk):
    item = get_attachment_for_user(request.user, pk)
    return _serve(request, item.file, item.original_name, item.mime_type)


@login_required
@require_GET
def attachment_thumbnail(request, pk):
    item = get_attachment_for_user(request.user, pk)
    return _serve(request, item.thumbnail, f"thumb-{item.original_name}.jpg", "image/jpeg")


@login_required
@require_GET
def recycle_bin(request):
    return render(request, "ledger/recycle_bin.html", {"entries": deleted_records_for(request.user)})


@login_required
@require_POST
def recycle_bin_restore(request, slug, pk):
    _record_type, record = get_deleted_record(request.user, slug, pk)
    require(request.user, Action.DELETE, record, _("只有录入人或管理员可以恢复这条记录。"))
    refuse_if_locked(record)
    record.restore()
    messages.success(request, _("已恢复“%(record)s”。") % {"record": record})
    return redirect(record.get_absolute_url())


@login_required
def recycle_bin_purge(request, slug, pk):
    if not request.user.is_admin:
        raise PermissionDenied(_("只有管理员可以彻底删除。"))
    record_type, record = get_deleted_record(request.user, slug, pk)
    require(request.user, Action.DELETE, record)
    context = {
        "record": record,
        "confirm": Confirmation(
            action=_("彻底删除"),
            question=_("确定要彻底删除%(kind)s“%(record)s”及其附件吗？此操作不可撤销，修改历史中会保留删除记录。")
            % {"kind": record_type.opts.verbose_name, "record": record},
            cancel_url=reverse("ledger:recycle-bin"),
            irreversible=True,
        ),
    }
    if request.method == "POST":
        try:
            purge(record)
        except ProtectedError:
            message = _("“%(record)s”仍被其他记录引用（包括回收站中的记录），不能彻底删除。请先处理引用它的记录。")
            return render(
                request, "ledger/confirm.html", {**context, "error": message % {"record": record}}, status=409
            )
        messages.success(request, _("已彻底删除“%(record)s”。") % {"record": record})
        return redirect("ledger:recycle-bin")
    return render(request, "ledger/confirm.html", context)


@login_required
@require_GET
def change_log(request):
    if not request.user.reads_change_log:
        raise PermissionDenied(_("只有管理员和审计员可以查看全站修改记录。"))
    form = ChangeLogFilterForm(request.GET or None, user=request.user, kinds=_importable_kinds_all())
    filters = form.cleaned_data if form.is_valid() else {}
    changes = changes_for(
        request.user,
        kind=filters.get("kind") or None,
        user_id=filters["user"].pk if filters.get("user") else None,
        start=filters.get("date_from"),
        end=filters.get("date_to"),
        limit=200,
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "ledger/change_log.html", {"form": form, "changes": changes}, status=status)


def _importable_kinds_all():
    return [(slug, rt.model._meta.verbose_name_plural) for slug, rt in REGISTRY.items()]


@login_required
@require_GET
def my_work(request):
    """我的待办: what waits for the user's review, what was returned to them, their open items by colour
    (most urgent first) and what they applied to close off."""
    page = my_work_page(request.user)
    context = {
        "to_review": page.to_review,
        "returned": page.returned,
        "groups": page.groups,
        "applied": page.applied,
        "count": page.count,
    }
    return render(request, "ledger/my_work.html", context)
