"""The recycle bin (回收站): deleted records wait here until their owner or an admin restores them,
or an admin purges them for good."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from .record_types import REGISTRY, RecordType


@dataclass
class BinEntry:
    record_type: RecordType
    record: object


def deleted_records_for(user) -> list[BinEntry]:
    """What the user may restore: their own deleted records, or all of the bureau's for an admin.

    One query per record type, whatever the number of records."""
    entries = []
    for record_type in REGISTRY.values():
        queryset = record_type.model.all_objects.filter(bureau_id=user.bureau_id, deleted_at__isnull=False)
        if not user.is_admin:
            queryset = queryset.filter(Q(recorded_by=user) | Q(deleted_by=user))
        entries += [BinEntry(record_type, r) for r in queryset.select_related("deleted_by", "recorded_by")]
    entries.sort(key=lambda entry: entry.record.deleted_at, reverse=True)
    return entries


def get_deleted_record(user, slug, pk):
    record_type = REGISTRY.get(slug)
    if record_type is None:
        raise Http404("没有这种记录")
    record = record_type.model.all_objects.filter(bureau_id=user.bureau_id, deleted_at__isnull=False, pk=pk).first()
    if record is None:
        raise Http404("回收站中没有这条记录")
    return record_type, record


def can_restore(user, record) -> bool:
    return user.is_admin or record.recorded_by_id == user.pk


def purge(record):
    """Delete for good, with the attachment files. The history keeps a trace of the deletion."""
    files = [f for a in record.attachments.all() for f in (a.file, a.thumbnail) if f]
    with transaction.atomic():
        record.attachments.all().delete()
        record._change_reason = "彻底删除"
        record.delete()
        # Files go only once the rows are gone for sure.
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
