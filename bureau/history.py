"""Reading and restoring a record's versions (kept by django-simple-history)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

# The reasons the app writes with special saves (stored in Chinese, shown in the reader's language).
REASONS = {
    "删除": _lazy("删除（移入回收站）"),
    "恢复": _lazy("从回收站恢复"),
    "验收": _lazy("验收"),
    "回退": _lazy("恢复到历史版本"),
}

# Bookkeeping fields that change on every save and say nothing to a reader.
HIDDEN_FIELDS = {"updated_at", "version", "created_at"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Version:
    history_id: int
    when: object
    who: object
    kind: str
    reason: str
    changes: list[FieldChange]


def _display(record, field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def describe_history(record) -> list[Version]:
    """Versions newest first; each lists the fields that differ from the version before it."""
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    kinds = {"+": _("新建"), "~": _("修改"), "-": _("删除")}
    described = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=HIDDEN_FIELDS)
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        str(field.verbose_name),
                        _display(record, field, change.old),
                        _display(record, field, change.new),
                    )
                )
        kind = REASONS.get(newer.history_change_reason) or kinds.get(newer.history_type, newer.history_type)
        described.append(
            Version(
                newer.history_id,
                newer.history_date,
                newer.history_user,
                kind,
                newer.history_change_reason or "",
                changes,
            )
        )
    return described


def revert_to_version(record, version):
    """Copy an old version's values onto the record. The record's identity, owner and bin state stay."""
    keep = {"id", "bureau", "recorded_by", "created_at", "deleted_at", "deleted_by", "version"}
    with transaction.atomic():  # the revert and its history row are one change
        for field in record._meta.concrete_fields:
            if field.name not in keep and field.editable:
                setattr(record, field.attname, getattr(version, field.attname))
        # The old values must still hold today (a credit code since taken by another enterprise…).
        record.full_clean(exclude=["bureau", "recorded_by"])
        record._change_reason = "回退"
        record.save()
    return record


def changes_since(record, opened_version: int) -> list[FieldChange]:
    """What others changed between the version a user opened and the record as it is now."""
    opened = record.history.filter(version=opened_version).order_by("-history_date").first()
    current = record.history.order_by("-history_date", "-history_id").first()
    if opened is None or current is None:
        return []
    delta = current.diff_against(opened, excluded_fields=HIDDEN_FIELDS)
    changes = []
    for change in delta.changes:
        field = record._meta.get_field(change.field)
        changes.append(
            FieldChange(
                str(field.verbose_name), _display(record, field, change.old), _display(record, field, change.new)
            )
        )
    return changes
