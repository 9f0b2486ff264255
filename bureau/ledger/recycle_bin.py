"""The recycle bin (回收站): deleted records wait here until their owner or an admin restores them,
or an admin purges them for good."""

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from bureau.ledger.access import Action
from bureau.ledger.registry import REGISTRY, RecordType


@dataclass
class BinEntry:
    record_type: RecordType
    record: object


def deleted_records_for(user) -> list[BinEntry]:
    """What the user may restore: what they may delete (their own records, all of the bureau's for an admin).

    One query per record type, whatever the number of records."""
    entries = []
    for record_type in REGISTRY.values():
        queryset = record_type.model.all_objects.restrict(user, Action.DELETE).filter(deleted_at__isnull=False)
        entries += [BinEntry(record_type, r) for r in queryset.select_related("deleted_by", "recorded_by")]
    entries.sort(key=lambda entry: entry.record.deleted_at, reverse=True)
    return entries


def get_deleted_record(user, slug, pk):
    record_type = REGISTRY.get(slug)
    if record_type is None:
        raise Http404("没有这种记录")
    # Anything the user may see in the bin is found; whether they may restore it is the caller's question.
    binned = record_type.model.all_objects.restrict(user, Action.VIEW).filter(deleted_at__isnull=False)
    record = binned.filter(pk=pk).first()
    if record is None:
        raise Http404("回收站中没有这条记录")
    return record_type, record


def purge(record):
    """Delete for good, with the attachment files. The history keeps a trace of the deletion."""
    files = [f for a in record.attachments.all() for f in (a.file, a.thumbnail) if f]
    with transaction.atomic():
        record.attachments.all().delete()
        record._change_reason = "彻底删除"
        record.delete()
        # Files go only once the rows are gone for sure.
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
