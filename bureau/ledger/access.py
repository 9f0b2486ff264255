"""The access model (DESIGN §3): one rule, `restrict(user, action)`, decides every read and write.

Every model a user reaches has a QuerySet built on `RestrictedQuerySet`, which knows how a row
reaches its bureau (`bureau_path`) and who owns it (`owner_path`). Pages, counts, drill-downs,
exports, imports, form choices and the Django admin all ask the same method, NetBox-style:

    StudySession.objects.restrict(user, Action.VIEW)       # what the user may read
    Department.objects.restrict(user, Action.CHOOSE)       # what a form may offer
    allows(user, Action.CHANGE, record)                    # one object: the same rule, one query

The rules:
- view:    rows of the bureaus the user may see (their own; leaders and admins also those below it);
- choose:  rows of the user's own bureau (what a new record may point at);
- change, delete: admins any row of their own bureau; others only what they own there, and never
           what a leader closed off (销号) unless they may verify themselves;
- verify:  leaders and admins, own bureau;
- audit:   the change log's rows: auditors and admins, own bureau.
Auditors read only the audit trail and the change log: no ledger row is theirs to see. A parent
bureau's leader or admin reads the children's rows and never changes them.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _


class Action(models.TextChoices):
    VIEW = "view"
    CHOOSE = "choose"
    CHANGE = "change"
    DELETE = "delete"
    VERIFY = "verify"
    AUDIT = "audit"


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


class RestrictedQuerySet(models.QuerySet):
    """A QuerySet that answers `restrict(user, action)`; subclasses say how a row reaches its bureau."""

    bureau_path = "bureau"
    # Who owns a row; None for configuration that only a bureau's admin changes.
    owner_path: str | None = None

    @classmethod
    def via(cls, bureau_path: str, owner_path: str | None = None):
        """The QuerySet class of rows that reach their bureau through `bureau_path`, e.g. "campaign__bureau"."""
        return type(cls.__name__, (cls,), {"bureau_path": bureau_path, "owner_path": owner_path})

    def frozen(self) -> Q | None:
        """Rows a leader has closed: changed afterwards only by those who may verify (leaders, admins)."""
        return None

    def restrict(self, user, action: str = Action.VIEW):
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        if action == Action.VIEW:
            # visible_bureau_ids is this rule's one input: own bureau, and those below for leaders/admins.
            return self.filter(**{f"{self.bureau_path}__in": user.visible_bureau_ids})
        if user.bureau_id is None:
            return self.none()
        own = self.filter(**{self.bureau_path: user.bureau_id})
        if action == Action.AUDIT:
            return own if user.reads_change_log else self.none()
        if user.is_auditor:
            return self.none()
        if action == Action.CHOOSE:
            return own
        if action == Action.VERIFY:
            return own if user.can_verify else self.none()
        if action not in (Action.CHANGE, Action.DELETE):
            raise ValueError(f"unknown action {action!r}")
        if user.is_admin:
            return own
        if self.owner_path is None:
            return self.none()
        mine = own.filter(**{self.owner_path: user})
        frozen = self.frozen()
        if frozen is not None and not user.can_verify:
            mine = mine.exclude(frozen)
        return mine


def restricted_manager(model):
    """The manager that sees every row of `model` (records in the recycle bin too), to ask `restrict` on."""
    return getattr(model, "all_objects", None) or model._default_manager


def allows(user, action: str, obj) -> bool:
    """`restrict` for one object (one query): may `user` do `action` on `obj`?"""
    if obj is None or obj.pk is None:
        return False
    return restricted_manager(type(obj)).restrict(user, action).filter(pk=obj.pk).exists()


class Permissions:
    """What a user may do to one object, for templates: `{% if may.verify %}` asks `allows` once, when read."""

    def __init__(self, user, obj):
        self.user, self.obj, self.answers = user, obj, {}

    def __getitem__(self, action):
        if action not in Action.values:
            raise KeyError(action)
        if action not in self.answers:
            self.answers[action] = allows(self.user, action, self.obj)
        return self.answers[action]


def can_create(user) -> bool:
    """Recording needs a bureau to record into; auditors record nothing."""
    return _signed_in(user) and user.bureau_id is not None and not user.is_auditor


def get_record_for_user(queryset, user, pk, action: str = Action.VIEW):
    """The row if `restrict(user, action)` lets the user reach it; 404 otherwise, so ids reveal nothing."""
    try:
        return queryset.restrict(user, action).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(_("记录不存在")) from None


def require(user, action: str, obj, message: str | None = None):
    """403 with a reason when the user may see `obj` but not do `action` on it."""
    if not allows(user, action, obj):
        raise PermissionDenied(message or refusal_message(user, action, obj))


def refusal_message(user, action: str, obj) -> str:
    if action == Action.VERIFY:
        return _("只有本单位的局领导或管理员可以执行此操作。")
    if obj is not None and getattr(obj, "bureau_id", None) not in (None, user.bureau_id):
        return _("上级单位只能查看下级单位的记录，不能修改。")
    frozen = restricted_manager(type(obj)).none().frozen() if obj is not None else None
    if frozen is not None and restricted_manager(type(obj)).filter(frozen, pk=obj.pk).exists():
        return _("该事项已由局领导销号，只有局领导或管理员可以修改。")
    return _("您只能修改或删除自己录入的记录。")
