"""Attachment downloads: served only to users who may see the record."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Attachment


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
