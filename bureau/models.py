"""The organisation (bureaus, departments, users) and what every record shares."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .access import Action, RestrictedQuerySet, restricted_manager
from .choices import AttachmentKind, BureauLevel, Role


class BureauQuerySet(RestrictedQuerySet):
    # A bureau is its own bureau; only its admin (and superusers) change its profile.
    bureau_path = "pk"


class Bureau(models.Model):
    """An organisation unit: the county bureau, or the city/province bureau above it."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=BureauLevel.choices, default=BureauLevel.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = BureauQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def descendant_ids(self, tree: dict | None = None) -> set[int]:
        """This bureau and every bureau below it (bureaus are few, so one query for the whole tree)."""
        children = tree if tree is not None else bureau_tree()
        found, todo = set(), [self.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, []))
        return found


def bureau_tree() -> dict[int | None, list[int]]:
    """{parent id: [child ids]} for every bureau, in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Bureau.objects.order_by().values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


class Department(models.Model):
    """A section (科室) of a bureau; records and users belong to one."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("科室名称"), max_length=100)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["bureau", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="department_unique_name_per_bureau")]

    def __str__(self):
        return self.name


class UserQuerySet(RestrictedQuerySet):
    def restrict(self, user, action=Action.VIEW):
        allowed = super().restrict(user, action)
        if action in (Action.CHANGE, Action.DELETE) and not user.is_superuser:
            # A bureau admin never touches an account that is above every bureau.
            allowed = allowed.exclude(is_superuser=True)
        if action == Action.CHOOSE:
            allowed = allowed.filter(is_active=True)
        return allowed


class LedgerUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A bureau account. The role decides what the user may do; it is mirrored into a Django group."""

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("科室"), null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.STAFF)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False, help_text=_("管理员设置或重置密码后，本人首次登录时须修改。")
    )

    objects = LedgerUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names read family name first, with no space.
        return f"{self.last_name}{self.first_name}".strip()

    AUDITED_FIELDS = ("role", "bureau_id", "department_id", "is_active", "is_superuser", "is_staff")

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._loaded_rights = {name: getattr(user, name, None) for name in cls.AUDITED_FIELDS}
        return user

    def save(self, *args, **kwargs):
        # The Django admin is the bureau admins' (and superusers'): the flag follows the role both ways,
        # so an admin moved to another role loses the admin site with it.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        new_password = self._password is not None
        created = self.pk is None
        super().save(*args, **kwargs)
        if new_password:
            PasswordHistory.remember(self)
        self.sync_role_group()
        self._audit_changes(created, new_password)

    def _audit_changes(self, created: bool, new_password: bool):
        from .audit import AuditAction, current_request, record

        before = getattr(self, "_loaded_rights", {})
        after = {name: getattr(self, name) for name in self.AUDITED_FIELDS}
        changed = {name: (before.get(name), value) for name, value in after.items() if before.get(name) != value}
        self._loaded_rights = after
        request = current_request()
        actor = request.user if request is not None and request.user.is_authenticated else None
        target = f"{self.username}（{self}）"
        if created:
            record(AuditAction.ACCOUNT, user=actor, bureau_id=self.bureau_id, target=target, detail=f"创建账户 {after}")
        elif changed:
            detail = "；".join(f"{name}: {old} → {new}" for name, (old, new) in changed.items())
            record(AuditAction.ACCOUNT, user=actor, bureau_id=self.bureau_id, target=target, detail=detail)
        if new_password and not created:
            if actor is not None and actor.pk == self.pk:
                record(AuditAction.PASSWORD, user=actor, target=target)
            else:
                record(AuditAction.ACCOUNT, user=actor, bureau_id=self.bureau_id, target=target, detail="重置密码")

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def password_expired(self) -> bool:
        days = settings.PASSWORD_EXPIRY_DAYS
        changed = self.password_changed_at or self.date_joined
        return bool(days) and changed is not None and timezone.now() - changed > timezone.timedelta(days=days)

    def sync_role_group(self):
        from .roles import GROUP_NAMES

        role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
        wanted = role_groups.filter(name=GROUP_NAMES[self.role])
        # The role change itself is audited; the group that mirrors it is not a second event.
        self._syncing_role_group = True
        try:
            self.groups.remove(*role_groups.exclude(pk__in=wanted))
            self.groups.add(*wanted)
        finally:
            self._syncing_role_group = False

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR and not self.is_superuser

    @property
    def can_verify(self) -> bool:
        """Leaders and admins verify rectifications and lock months."""
        return self.is_admin or self.is_leader

    @property
    def reads_audit_trail(self) -> bool:
        """等保2.0 separation of duties: the audit trail is the auditor's (and the installation's superuser's)."""
        return self.is_auditor or self.is_superuser

    @property
    def reads_change_log(self) -> bool:
        return self.is_auditor or self.is_admin

    @cached_property
    def bureau_tree(self) -> dict[int | None, list[int]]:
        """The bureau tree as read once for this request (see bureau_tree())."""
        return bureau_tree()

    @cached_property
    def visible_bureau_ids(self) -> frozenset[int]:
        """Bureaus whose rows this user may read (`restrict`'s view rule): their own, plus those below it
        for leaders and admins; every bureau for a superuser."""
        if self.is_superuser:
            return frozenset(pk for children in self.bureau_tree.values() for pk in children)
        if self.bureau_id is None or self.is_auditor:
            return frozenset()
        if self.role in (Role.LEADER, Role.ADMIN):
            return frozenset(self.bureau.descendant_ids(self.bureau_tree))
        return frozenset({self.bureau_id})


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords: none of the last few may be chosen again (等保2.0)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @classmethod
    def remember(cls, user):
        cls.objects.create(user=user, password=user.password)
        keep = cls.objects.filter(user=user).values_list("pk", flat=True)[: settings.PASSWORD_HISTORY_COUNT]
        cls.objects.filter(user=user).exclude(pk__in=list(keep)).delete()


def record_models() -> list[type]:
    """Every concrete ledger record model (subclasses of Record)."""
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Record) and not model._meta.abstract]


class AttachmentQuerySet(models.QuerySet):
    def restrict(self, user, action=Action.VIEW):
        """An attachment goes with its record: readable with it (in the recycle bin too), changed with it."""
        condition = Q(pk__in=[])
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
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

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


class RecordQuerySet(RestrictedQuerySet):
    owner_path = "recorded_by"

    @classmethod
    def as_live_manager(cls):
        """A manager that hides records in the recycle bin: what every page, count and export sees."""

        class LiveRecordManager(models.Manager.from_queryset(cls)):
            def get_queryset(self):
                return super().get_queryset().filter(deleted_at__isnull=True)

        return LiveRecordManager()


class StaleEdit(Exception):
    """Someone else saved the record between the version a user opened and their save."""


class Record(models.Model):
    """What every ledger record carries: owner bureau, department, who recorded it, stamps, notes, history.

    Deleting only moves a record to the recycle bin (deleted_at); `objects` hides it, `all_objects` does not.
    `version` grows by one on every save so that a stale edit form can be detected; set `expected_version`
    before saving and the save happens only if the stored version is still that one (StaleEdit otherwise).
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

    expected_version = None

    def save(self, *args, **kwargs):
        if self.pk is not None:
            expected, self.expected_version = self.expected_version, None
            if expected is not None:
                # The version check and the write are one statement: of two simultaneous saves from the
                # same version, the database lets exactly one through (the other waits, then matches no row).
                claimed = type(self).all_objects.filter(pk=self.pk, version=expected).update(version=expected + 1)
                if not claimed:
                    raise StaleEdit
                self.version = expected + 1
            else:
                self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)
        self._loaded_values = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # What the record held when read: a close locks values, so a save must know which ones it changes.
        record._loaded_values = dict(zip(field_names, values, strict=True))
        return record

    def loaded_value(self, name: str):
        field = self._meta.get_field(name)
        return getattr(self, "_loaded_values", {}).get(field.attname)

    def changed_fields(self) -> set[str]:
        """Concrete fields whose value differs from what was read from the database (all of them when new)."""
        loaded = getattr(self, "_loaded_values", None)
        fields = [f for f in self._meta.concrete_fields if f.name not in ("updated_at", "version")]
        if self.pk is None or loaded is None:
            return {f.name for f in fields}
        return {f.name for f in fields if f.attname in loaded and loaded[f.attname] != getattr(self, f.attname)}

    def lock_dates(self):
        """Dates whose month, once closed, freezes this record (campaign records have them)."""
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


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账户被锁定")
    REFUSED = "refused", _("拒绝访问")
    ACCOUNT = "account", _("账户与权限变更")
    PASSWORD = "password", _("修改密码")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    MONTH_CLOSE = "month_close", _("月报报送")
    MONTH_REOPEN = "month_reopen", _("重新打开月份")


class AppendOnlyQuerySet(models.QuerySet):
    def restrict(self, user, action=Action.VIEW):
        """The trail is read by the bureau's auditor (and the installation's superuser), by nobody else."""
        if action != Action.VIEW or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(bureau_id=user.bureau_id) if user.is_auditor and user.bureau_id else self.none()

    def update(self, **kwargs):
        raise PermissionError("the audit trail is append-only")

    def delete(self):
        raise PermissionError("the audit trail is append-only")


class AuditEvent(models.Model):
    """One entry of the audit trail (审计日志): who did what, when, from where.

    Append-only: entries are only ever added (no page, admin action or QuerySet method changes or
    deletes one). Each entry carries the keyed hash of the one before it, so `verify_audit` finds any
    entry changed or removed directly in the database (see bureau.audit).
    """

    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # an entry outlives anything it names
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    address = models.CharField(_("地址"), max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    target = models.CharField(_("对象"), max_length=300, blank=True)
    detail = models.TextField(_("详情"), blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["bureau", "at"], name="audit_by_bureau_time")]

    def __str__(self):
        return f"{self.seq} {self.action} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit trail is append-only")


class AuditChain(models.Model):
    """The head of the audit trail's hash chain: the last entry's number and hash.

    Appending updates this one row first, which serialises appends on every database; a missing last
    entry shows as a head that no entry matches."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计日志链")
        verbose_name_plural = _("审计日志链")

    def __str__(self):
        return f"{self.seq} {self.hash[:12]}"
