"""The base every ledger record builds on: owner bureau, department, recorder, stamps, soft delete, version."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .access import RestrictedQuerySet
from .attachments import Attachment
from .fields import acting_user, person


def record_models() -> list[type]:
    """Every concrete ledger record model (subclasses of Record)."""
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Record) and not model._meta.abstract]


def gather_errors(errors: dict, check) -> dict:
    """Add to `errors` ({field: message(s)}) what `check()` raises, for fields not already in it.

    A clean() gathers its own and its parent's checks this way and raises them together, so a form (and an
    import row) shows every field at fault at once, not only the first one found.
    """
    try:
        check()
    except ValidationError as error:
        for name, messages in error.update_error_dict({}).items():
            errors.setdefault(name, messages)
    return errors


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

    bureau = models.ForeignKey("bureau.Bureau", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "bureau.Department", verbose_name=_("科室"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = person(_("录入人"))
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)
    deleted_by = acting_user(_("删除人"))
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

    def get_absolute_url(self):
        from bureau.ledger.registry import for_model

        return for_model(type(self)).url("detail", self.pk)

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

    def soft_delete(self, user, reason="删除"):
        self.deleted_at = timezone.now()
        self.deleted_by = user
        self._change_reason = reason
        self.save()

    def restore(self):
        self.deleted_at = None
        self.deleted_by = None
        self._change_reason = "恢复"
        self.save()


def move_to_bin(record, user, reason="删除"):
    """Deleting a record, wherever it is asked for (its page, an undone import): the user must be allowed
    to delete it and its months must be open; it goes to the recycle bin, its history says why."""
    from bureau.ledger.access import Action, require
    from bureau.ledger.period_locks import refuse_if_locked

    require(user, Action.DELETE, record)
    refuse_if_locked(record)
    record.soft_delete(user, reason=reason)
