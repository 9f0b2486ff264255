"""Reading and restoring a record's versions (kept by django-simple-history)."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bureau.ledger import display

# The reasons the app writes with special saves (stored in Chinese, shown in the reader's language).
REASONS = {
    "删除": _lazy("删除（移入回收站）"),
    "撤销导入": _lazy("撤销导入（移入回收站）"),
    "恢复": _lazy("从回收站恢复"),
    "验收": _lazy("验收"),
    "回退": _lazy("恢复到历史版本"),
}

# Bookkeeping fields that change on every save and say nothing to a reader.
HIDDEN_FIELDS = {"updated_at", "version", "created_at"}
# What a revert never brings back: the form has no field for them, but say so where it matters.
NOT_REVERTED = {"attachment_files", "attachment_kind", "opened_version", "submission_token"}


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


class _Names:
    """The names of the related rows a set of versions mentions, fetched with one query per related model."""

    def __init__(self, record, deltas):
        wanted = defaultdict(set)
        for delta in deltas:
            for change in delta.changes:
                field = record._meta.get_field(change.field)
                if field.is_relation and field.many_to_one:
                    wanted[field.related_model] |= {v for v in (change.old, change.new) if v is not None}
        self.names = {
            model: {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=pks)} for model, pks in wanted.items()
        }

    def display(self, field, value) -> str:
        # A version holds a related row's id; the name comes from the rows fetched above.
        if field.is_relation and field.many_to_one and value not in (None, ""):
            return self.names.get(field.related_model, {}).get(value, str(value))
        return display.text(field, value)


def _changes(record, delta, names: _Names) -> list[FieldChange]:
    changes = []
    for change in delta.changes:
        field = record._meta.get_field(change.field)
        changes.append(
            FieldChange(str(field.verbose_name), names.display(field, change.old), names.display(field, change.new))
        )
    return changes


def describe_history(record) -> list[Version]:
    """Versions newest first; each lists the fields that differ from the version before it.

    A fixed number of queries whatever the number of versions: the versions, then one per related model.
    """
    versions = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    kinds = {"+": _("新建"), "~": _("修改"), "-": _("删除")}
    # Each version with the one before it (none for the oldest); no pairs for a row without versions
    # (rows bulk-created, e.g. a bureau's default policies, have none).
    pairs = list(zip(versions, [*versions[1:], None], strict=False))
    deltas = {
        newer.history_id: newer.diff_against(older, excluded_fields=HIDDEN_FIELDS)
        for newer, older in pairs
        if older is not None
    }
    names = _Names(record, deltas.values())
    described = []
    for newer, _older in pairs:
        delta = deltas.get(newer.history_id)
        kind = REASONS.get(newer.history_change_reason) or kinds.get(newer.history_type, newer.history_type)
        described.append(
            Version(
                newer.history_id,
                newer.history_date,
                newer.history_user,
                kind,
                newer.history_change_reason or "",
                _changes(record, delta, names) if delta is not None else [],
            )
        )
    return described


def revert_to_version(record, version, user):
    """Bring back an old version's values as if `user` typed them into the record's own form.

    The form decides what may change, so every rule of an edit holds for a revert too: the fields the
    user may set (never the workflow's verification or close-off fields, which the form does not have),
    the statuses the user's role may choose, the choices of the user's bureau, closed months. Raises
    ValidationError with the form's messages when the old values may not be saved today.
    """
    from bureau.ledger.registry import for_model

    form_class = for_model(record).form_class
    old = version.instance
    old._state.adding = False
    shown = form_class(instance=old, user=user)
    data = {}
    for name, field in shown.fields.items():
        if name in NOT_REVERTED or field.disabled:
            continue
        value = field.prepare_value(shown[name].value())
        if value is not None:
            data[name] = value
    data["opened_version"] = record.version
    form = form_class(data=data, instance=record, user=user)
    if not form.is_valid():
        messages = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages += [f"{label}：{error}" if label else str(error) for error in errors]
        raise ValidationError(messages)
    from bureau.ledger.records import StaleEdit

    try:
        with transaction.atomic():  # the revert and its history row are one change
            form.instance._change_reason = "回退"
            return form.save()
    except StaleEdit:
        raise ValidationError(_("这条记录刚被他人修改，请刷新页面后再恢复。")) from None


def changes_since(record, opened_version: int) -> list[FieldChange]:
    """What others changed between the version a user opened and the record as it is now."""
    opened = record.history.filter(version=opened_version).order_by("-history_date").first()
    current = record.history.order_by("-history_date", "-history_id").first()
    if opened is None or current is None:
        return []
    delta = current.diff_against(opened, excluded_fields=HIDDEN_FIELDS)
    return _changes(record, delta, _Names(record, [delta]))
