"""The organisation (bureaus, departments, users) and what every record shares."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import AttachmentKind, BureauLevel, Role


class Bureau(models.Model):
    """An organisation unit: the county bureau, or the city/province bureau above it."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=BureauLevel.choices, default=BureauLevel.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def descendant_ids(self) -> set[int]:
        """This bureau and every bureau below it (bureaus are few, so one query for the whole tree)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Bureau.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, todo = set(), [self.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, []))
        return found


class Department(models.Model):
    """A section (科室) of a bureau; records and users belong to one."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("科室名称"), max_length=100)

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["bureau", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="department_unique_name_per_bureau")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A bureau account. The role decides what the user may do; it is mirrored into a Django group."""

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("科室"), null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.STAFF)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names read family name first, with no space.
        return f"{self.last_name}{self.first_name}".strip()

    def save(self, *args, **kwargs):
        # Admins manage the bureau through the Django admin as well as the app.
        if self.role == Role.ADMIN:
            self.is_staff = True
        super().save(*args, **kwargs)
        self.sync_role_group()

    def sync_role_group(self):
        from .roles import GROUP_NAMES

        role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
        wanted = role_groups.filter(name=GROUP_NAMES[self.role])
        self.groups.remove(*role_groups.exclude(pk__in=wanted))
        self.groups.add(*wanted)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def can_verify(self) -> bool:
        """Leaders and admins verify rectifications and lock months."""
        return self.is_admin or self.is_leader

    @cached_property
    def visible_bureau_ids(self) -> frozenset[int]:
        """Bureaus whose records this user may read: their own, plus those below it for leaders and admins."""
        if self.bureau_id is None:
            return frozenset()
        if self.role in (Role.LEADER, Role.ADMIN) or self.is_superuser:
            return frozenset(self.bureau.descendant_ids())
        return frozenset({self.bureau_id})


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
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("bureau:attachment", args=[self.pk])

    def get_thumbnail_url(self):
        return reverse("bureau:attachment-thumbnail", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


class RecordQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only what the user's bureaus own: another bureau's records simply do not exist for them."""
        return self.filter(bureau_id__in=user.visible_bureau_ids)

    def with_list_relations(self):
        return self.select_related("department", "recorded_by")

    @classmethod
    def as_live_manager(cls):
        """A manager that hides records in the recycle bin: what every page, count and export sees."""

        class LiveRecordManager(models.Manager.from_queryset(cls)):
            def get_queryset(self):
                return super().get_queryset().filter(deleted_at__isnull=True)

        return LiveRecordManager()


class Record(models.Model):
    """What every ledger record carries: owner bureau, department, who recorded it, stamps, notes, history.

    Deleting only moves a record to the recycle bin (deleted_at); `objects` hides it, `all_objects` does not.
    `version` grows by one on every save so that a stale edit form can be detected.
    """

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("科室"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("删除人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    attachments = GenericRelation(Attachment)
    history = HistoricalRecords(inherit=True)

    # Subclasses with their own QuerySet redeclare both, in this order.
    objects = RecordQuerySet.as_live_manager()
    all_objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def lock_dates(self):
        """Dates whose month, once closed, freezes this record (campaign records have one)."""
        return set()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self, user):
        self.deleted_at = timezone.now()
        self.deleted_by = user
        self._change_reason = "删除"
        self.save()

    def restore(self):
        self.deleted_at = None
        self.deleted_by = None
        self._change_reason = "恢复"
        self.save()


class ImportJobQuerySet(models.QuerySet):
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
        SUCCEEDED = "succeeded", _("已导入")
        REFUSED = "refused", _("有错误，未导入")
        FAILED = "failed", _("中断，未导入")
        DRY_RUN = "dry_run", _("试导入（未保存）")

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT)
    kind = models.CharField(_("类型"), max_length=40)
    filename = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    saved = models.PositiveIntegerField(_("保存条数"), default=0)
    message = models.TextField(_("结果"), blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.filename}"
