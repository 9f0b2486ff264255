"""Attachment downloads (only for users who may see the record) and the recycle bin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .models import Attachment
from .period_locks import refuse_if_locked
from .recycle_bin import can_restore, deleted_records_for, get_deleted_record, purge


def get_attachment_for_user(user, pk) -> Attachment:
    """The attachment if the user may see the record it belongs to (in the bin too); 404 otherwise."""
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = attachment.content_type.model_class()
    manager = getattr(model, "all_objects", None)
    if manager is None or not manager.for_user(user).filter(pk=attachment.object_id).exists():
        raise Http404("附件不存在")
    return attachment


def _serve(field, name: str, mime: str):
    if not field:
        raise Http404("附件不存在")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失") from None
    inline = mime.startswith("image/") or mime == "application/pdf"
    response = FileResponse(handle, content_type=mime, as_attachment=not inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def attachment(request, pk):
    item = get_attachment_for_user(request.user, pk)
    return _serve(item.file, item.original_name, item.mime_type)


@login_required
@require_GET
def attachment_thumbnail(request, pk):
    item = get_attachment_for_user(request.user, pk)
    return _serve(item.thumbnail, f"thumb-{item.original_name}.jpg", "image/jpeg")


@login_required
def recycle_bin(request):
    return render(request, "records/recycle_bin.html", {"entries": deleted_records_for(request.user)})


@login_required
@require_POST
def recycle_bin_restore(request, slug, pk):
    _record_type, record = get_deleted_record(request.user, slug, pk)
    if not can_restore(request.user, record):
        raise PermissionDenied(_("只有录入人或管理员可以恢复这条记录。"))
    refuse_if_locked(record)
    record.restore()
    messages.success(request, _("已恢复“%(record)s”。") % {"record": record})
    return redirect(record.get_absolute_url())


@login_required
def recycle_bin_purge(request, slug, pk):
    if not request.user.is_admin:
        raise PermissionDenied(_("只有管理员可以彻底删除。"))
    record_type, record = get_deleted_record(request.user, slug, pk)
    if request.method == "POST":
        purge(record)
        messages.success(request, _("已彻底删除“%(record)s”。") % {"record": record})
        return redirect("bureau:recycle-bin")
    return render(request, "records/confirm_purge.html", {"record": record, "record_type": record_type})
