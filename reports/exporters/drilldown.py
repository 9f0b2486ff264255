"""The rows behind one number of the dashboard, as a workbook."""

from django.utils.translation import gettext as _

from bureau.ledger import display
from bureau.ledger.columns import columns_for, related_names
from bureau.ledger.excel import add_table, new_workbook
from bureau.ledger.registry import REGISTRY

CHUNK = 2000


def _record_type(model):
    return next((rt for rt in REGISTRY.values() if rt.model is model), None)


def drilldown_workbook(indicator, rows, user, *, distinct: bool):
    """A record type's rows in its columns (the list export's, so they import again); other rows (answers,
    research subjects) by name, with their date and who entered them where they have one."""
    workbook = new_workbook()
    title = str(indicator.label)
    record_type = _record_type(rows.model)
    if record_type is not None:
        columns = columns_for(record_type, user)
        select, prefetch = related_names(columns)
        records = rows.select_related(*select).prefetch_related(*prefetch)
        headers = [column.label for column in columns]
        table = ([column.value(record) for column in columns] for record in records.iterator(chunk_size=CHUNK))
    elif distinct:
        headers = [_("序号"), _("名称")]
        table = ([n, str(row)] for n, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1))
    else:
        # The indicator's date may be a lookup on a datetime (an answer's submitted_at__date).
        name = indicator.date_field.split("__")[0]
        date_field = rows.model._meta.get_field(name)
        headers = [_("序号"), _("记录"), str(date_field.verbose_name)]
        table = (
            [n, str(row), display.cell_value(date_field, getattr(row, name))]
            for n, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1)
        )
    add_table(workbook, title, [str(h) for h in headers], table)
    return workbook
