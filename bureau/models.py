"""The organisation (bureaus, departments, users) and what every record shares."""

import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bureau.choices import BureauLevel, Role
from bureau.ledger.access import Action, RestrictedQuerySet


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
    # Set by a parent bureau for the bureaus below it: the day of the next month a month's report is due.
    report_deadline_day = models.PositiveSmallIntegerField(
        _("月报报送截止日"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("下级单位每月报送上月月报的截止日（1–28 日）。"),
    )
    # The workbook's signature block (填报人 / 联系电话) and whom the bureau above calls about a report.
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True, help_text=_("月报的填报人。"))
    contact_phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, help_text=_("联系人的办公电话或手机号码。")
    )
    history = HistoricalRecords()

    objects = BureauQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("单位")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def report_deadline(self, month) -> datetime.date:
        """When the reports of `month` from the bureaus below this one are due."""
        return month.next().first.replace(day=self.report_deadline_day)

    def descendant_ids(self, tree: dict | None = None) -> set[int]:
        """This bureau and every bureau below it (bureaus are few, so one query for the whole tree)."""
        return subtree_ids(tree if tree is not None else bureau_tree(), self.pk)


def subtree_ids(tree: dict, pk: int) -> set[int]:
    """`pk` and every bureau below it in `tree` ({parent id: [child ids]})."""
    found, todo = set(), [pk]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(tree.get(current, []))
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
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("科室")
        ordering = ["bureau", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="department_unique_name_per_bureau")]

    def __str__(self):
        return self.name


class UserQuerySet(RestrictedQuerySet):
    def deciding_for(self, bureau_id):
        """The bureau's active leaders and admins: who reviews, verifies and is told of what needs deciding."""
        return self.filter(bureau_id=bureau_id, role__in=(Role.LEADER, Role.ADMIN), is_active=True)

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
    email_reminders = models.BooleanField(
        _("接收邮件提醒"), default=True, help_text=_("每天有临期或逾期的督办事项时，把提醒发到我的电子邮箱。")
    )
    # Every change of an account is kept (the 系统设置 pages show it); never its password hash, and not the
    # bookkeeping of each login.
    history = HistoricalRecords(excluded_fields=["password", "last_login", "password_changed_at"])

    objects = LedgerUserManager()

    class Meta:
        verbose_name = verbose_name_plural = _("用户")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names read family name first, with no space.
        return f"{self.last_name}{self.first_name}".strip()

    AUDITED_FIELDS = (
        "role",
        "bureau_id",
        "department_id",
        "is_active",
        "is_superuser",
        "is_staff",
        "email_reminders",
    )

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
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            # A login is in the audit trail already; it is no version of the account.
            self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
        finally:
            self.__dict__.pop("skip_history_when_saving", None)
        if new_password:
            PasswordHistory.remember(self)
        self.sync_role_group()
        self._audit_changes(created, new_password)

    def _audit_changes(self, created: bool, new_password: bool):
        from bureau.audit import AuditAction, current_request, record

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
        from bureau.roles import GROUP_NAMES

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
        verbose_name = verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @classmethod
    def remember(cls, user):
        cls.objects.create(user=user, password=user.password)
        keep = cls.objects.filter(user=user).values_list("pk", flat=True)[: settings.PASSWORD_HISTORY_COUNT]
        cls.objects.filter(user=user).exclude(pk__in=list(keep)).delete()


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
    REPORT_REVIEW = "report_review", _("月报审核")


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
        verbose_name = verbose_name_plural = _("审计日志")
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
        verbose_name = verbose_name_plural = _("审计日志链")

    def __str__(self):
        return f"{self.seq} {self.hash[:12]}"


# The shared record machinery keeps its models in bureau.ledger; importing them here registers them with this app.
from bureau.ledger.attachments import Attachment  # noqa: E402, F401
from bureau.ledger.jobs import ImportJob  # noqa: E402, F401
from bureau.ledger.lifecycle import WorkEvent  # noqa: E402, F401
from bureau.ledger.notifications import Notification  # noqa: E402, F401
from bureau.ledger.reminders import SentDigest  # noqa: E402, F401
