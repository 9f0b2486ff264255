"""Files attached to records: a photo, a sign-in sheet or a document, readable and changed with their record."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bureau.ledger.fields import optional_reference

from ..choices import AttachmentKind
from .access import Action, restricted_manager
from .fields import person


class AttachmentQuerySet(models.QuerySet):
    def restrict(self, user, action=Action.VIEW):
        """An attachment goes with its record: readable with it (in the recycle bin too), changed with it."""
        condition = Q(pk__in=[])
        from .records import record_models

        for model in record_models():
            records = restricted_manager(model).restrict(user, action)
            if action != Action.VIEW:
                records = records.filter(deleted_at__isnull=True)
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
            condition |= Q(content_type=content_type, object_id__in=records.values("pk"))
        return self.filter(condition)


class Attachment(models.Model):
    """A file attached to any record: a photo, a sign-in sheet or a document."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("类别"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO)
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    thumbnail = models.FileField(_("缩略图"), upload_to="attachments/thumbs/%Y/%m/", blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    mime_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = person(_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # Evidence given with a step of the work loop (申请销号 with photos, say); None for a plain upload.
    event = optional_reference(
        "bureau.WorkEvent", _("办理记录"), on_delete=models.SET_NULL, related_name="evidence", editable=False
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("ledger:attachment", args=[self.pk])

    def get_thumbnail_url(self):
        return reverse("ledger:attachment-thumbnail", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")
