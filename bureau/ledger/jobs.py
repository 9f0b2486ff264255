"""The record of each import run: who imported what, and how it ended."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import RestrictedQuerySet


class ImportJobQuerySet(RestrictedQuerySet):
    owner_path = "user"

    def mark_abandoned(self):
        """Imports whose process died (killed, server restarted) are failed: their transaction never
        committed, so nothing of them was saved and they may simply be run again."""
        import os

        stale = timezone.now() - timezone.timedelta(hours=1)
        for job in self.filter(status=ImportJob.Status.RUNNING):
            alive = job.pid and job.started_at > stale and _process_alive(job.pid) and job.pid != os.getpid()
            if not alive:
                job.status = ImportJob.Status.FAILED
                job.message = "导入进程中断，未保存任何数据，可重新导入。"
                job.finished_at = timezone.now()
                job.save(update_fields=["status", "message", "finished_at"])


def _process_alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


class ImportJob(models.Model):
    """One run of an Excel import: who imported what, and how it ended."""

    class Status(models.TextChoices):
        RUNNING = "running", _("进行中")
        PREVIEW = "preview", _("已检查，待确认")
        SUCCEEDED = "succeeded", _("已导入")
        REFUSED = "refused", _("有错误，未导入")
        FAILED = "failed", _("中断，未导入")
        DRY_RUN = "dry_run", _("试导入（未保存）")
        UNDONE = "undone", _("已撤销")

    bureau = models.ForeignKey("bureau.Bureau", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT)
    kind = models.CharField(_("类型"), max_length=40)
    filename = models.CharField(_("文件名"), max_length=255)
    # The file as uploaded: confirmed from the preview, and kept so the import can be looked back on.
    file = models.FileField(_("导入文件"), upload_to="imports/%Y/%m/", blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("主题教育"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The ids of the records it saved, in the kind's model: what 撤销导入 moves to the recycle bin.
    saved_ids = models.JSONField(default=list, blank=True, editable=False)
    undone_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    saved = models.PositiveIntegerField(_("保存条数"), default=0)
    message = models.TextField(_("结果"), blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("导入记录")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.filename}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("ledger:import-job", kwargs={"pk": self.pk})

    @property
    def record_type(self):
        from .registry import REGISTRY

        return REGISTRY.get(self.kind)

    @property
    def awaits_confirmation(self) -> bool:
        return self.status == self.Status.PREVIEW and bool(self.file)

    @property
    def may_be_undone(self) -> bool:
        return self.status == self.Status.SUCCEEDED and bool(self.saved_ids)

    @property
    def kind_label(self) -> str:
        """The record type's Chinese name, as the import page's type choices spell it (not the KIND slug)."""
        from .registry import REGISTRY

        record_type = REGISTRY.get(self.kind)
        return str(record_type.opts.verbose_name_plural) if record_type else self.kind
