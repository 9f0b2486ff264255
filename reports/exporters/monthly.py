"""The monthly workbook (月报) bureaus send upward.

Sheet 1 is the summary in the official layout: a title row, the reporting unit and date, then per
strand a section header and one row per indicator (this month, cumulative, target, completion
rate). A bureau with bureaus below adds 各单位汇总: its own records and each bureau below side by side.
Then one sheet per record type with that month's rows and every column a user entered.
Written with openpyxl's write-only mode through `bureau.ledger.excel`, so text is never a formula and memory
stays flat on large months.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bureau.ledger.columns import columns_for, related_names
from bureau.ledger.excel import add_table, cell, column_width, new_workbook, print_setup
from bureau.ledger.month import Month
from bureau.ledger.registry import REGISTRY

from ..indicators import CATALOGUE, STRANDS
from ..rollup import ADDITIVE, Breakdown, breakdown
from ..selectors import Scope, summary_rows
from ..submissions import MISSING, figures_of

# 单位 here is the unit of a figure (项, 人次…), not a bureau: its own translation context.
SUMMARY_HEADERS = (
    _lazy("指标"),
    pgettext_lazy("unit of measure", "单位"),
    _lazy("本月"),
    _lazy("累计"),
    _lazy("目标"),
    _lazy("完成率"),
)
PERCENT_FORMAT = "0.0%"


def title_for(bureau_name: str, year: int, month: int) -> str:
    return f"{bureau_name} 主题教育工作月报 {Month(year, month).label}"


def campaign_record_types():
    """Record types that belong to a campaign and happen on a date: the month's activity."""
    return [rt for rt in REGISTRY.values() if hasattr(rt.model, "campaign") and rt.model.date_field]


def _summary_sheet(workbook, scope: Scope, year: int, month: int, bureau_name: str, signer=None):
    sheet = workbook.create_sheet(_("汇总"))
    rows = summary_rows(scope, (year, month))
    labels = [str(r.indicator.label) for r in rows]
    widths = [column_width([str(SUMMARY_HEADERS[0]), *labels]), 8, 10, 10, 10, 10]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    print_setup(sheet, header_rows=3)
    # The summary is one sheet of paper: A4 landscape, scaled to fit its width and its height.
    sheet.page_setup.fitToHeight = 1

    title = cell(sheet, title_for(bureau_name, year, month))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append(
        [
            cell(sheet, _("填报单位：%(unit)s") % {"unit": bureau_name}),
            None,
            None,
            cell(sheet, _("填报日期")),
            cell(sheet, timezone.localdate()),
        ]
    )
    sheet.append([cell(sheet, str(header), bold=True, border=True) for header in SUMMARY_HEADERS])
    for strand, strand_label in STRANDS.items():
        section = cell(sheet, str(strand_label), bold=True, border=True)
        sheet.append([section, *(cell(sheet, None, border=True) for _header in SUMMARY_HEADERS[1:])])
        for row in (r for r in rows if r.indicator.strand == strand):
            rate = cell(sheet, row.completion, border=True)
            if row.completion is not None:
                rate.number_format = PERCENT_FORMAT
            label = cell(sheet, str(row.indicator.label), border=True)
            label.alignment = Alignment(indent=1)
            sheet.append(
                [
                    label,
                    cell(sheet, str(row.indicator.unit), border=True),
                    cell(sheet, row.value, border=True),
                    cell(sheet, row.cumulative, border=True),
                    cell(sheet, row.target, border=True),
                    rate,
                ]
            )
    _signature(sheet, scope.campaign.bureau, signer)
    return rows


def _signature(sheet, bureau, signer):
    """填报人 / 审核人 / 联系电话 / 填报日期 under the summary: the bureau's contact (or whoever exports it) fills
    it in, a leader or admin who closes or exports it is its reviewer."""
    filled_by = bureau.contact_person or (str(signer) if signer is not None else "")
    reviewer = str(signer) if signer is not None and signer.can_verify else ""
    sheet.append([])
    sheet.append(
        [
            cell(sheet, _("填报人：%(name)s") % {"name": filled_by}),
            None,
            cell(sheet, _("审核人：%(name)s") % {"name": reviewer}),
            None,
            cell(sheet, _("联系电话：%(phone)s") % {"phone": bureau.contact_phone}),
        ]
    )
    sheet.append([cell(sheet, _("填报日期：%(date)s") % {"date": timezone.localdate().isoformat()})])


def _record_sheets(workbook, scope: Scope, year: int, month: int):
    start, end = Month(year, month).bounds
    for record_type in campaign_record_types():
        model = record_type.model
        columns = columns_for(record_type, with_campaign=False)
        select, prefetch = related_names(columns)
        date_field = model.date_field
        queryset = (
            scope.covers(model.objects.all())
            .filter(**{f"{date_field}__gte": start, f"{date_field}__lte": end})
            .select_related(*select)
            .prefetch_related(*prefetch)
            .order_by(date_field, "pk")
        )
        sheet = add_table(
            workbook,
            str(model._meta.verbose_name_plural),
            [c.label for c in columns],
            ([c.value(record) for c in columns] for record in queryset.iterator(chunk_size=2000)),
            numbered=True,
            empty=_("本月无记录"),
        )
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns) + 1)}1"


ROLLUP_HEADERS = (_lazy("单位"), _lazy("报送状态"), _lazy("版本"), _lazy("按时报送"))


def _rollup_sheet(workbook, rollup: Breakdown, year: int, month: int, bureau_name: str):
    """各单位汇总: one row per part of the roll-up (本级, then the bureaus below, best first), one column per
    indicator (cumulative to the month's end, as counted now), and their total."""
    sheet = workbook.create_sheet(_("各单位汇总"))
    parts = rollup.parts
    headers = [str(header) for header in ROLLUP_HEADERS]
    headers += [f"{indicator.label}（{indicator.unit}）" for indicator in CATALOGUE]
    statuses = [part.report.status_label if part.report else "" for part in parts]
    widths = [
        column_width([headers[0], *(part.label for part in parts), _("合计")]),
        column_width([headers[1], *statuses]),
        8,
        10,
    ]
    # Indicator names are long: their headers wrap in a narrower column.
    widths += [min(column_width([header]), 14) for header in headers[len(ROLLUP_HEADERS) :]]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    print_setup(sheet, header_rows=2)

    title = cell(sheet, f"{title_for(bureau_name, year, month)} {_('各单位汇总')}")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    header_cells = []
    for header in headers:
        header_cell = cell(sheet, header, bold=True, border=True)
        header_cell.alignment = Alignment(wrap_text=True, vertical="center")
        header_cells.append(header_cell)
    sheet.append(header_cells)
    for part in parts:
        latest = part.report.latest if part.report and part.report.status != MISSING else None
        row = [
            cell(sheet, part.label, border=True),
            cell(sheet, part.report.status_label if part.report else None, border=True),
            cell(sheet, latest.version if latest else None, border=True),
            cell(sheet, latest.on_time if latest else None, border=True),
        ]
        row += [cell(sheet, part.live[indicator.key]["cumulative"], border=True) for indicator in CATALOGUE]
        sheet.append(row)
    totals = []
    for indicator in CATALOGUE:
        if indicator.measure in ADDITIVE:
            total = sum(part.live[indicator.key]["cumulative"] or 0 for part in parts)
        else:
            # A rate or an average is not the sum of the parts' rates: the roll-up's own figure.
            total = rollup.total[indicator.key]["cumulative"]
        totals.append(cell(sheet, total, bold=True, border=True))
    blanks = [cell(sheet, None, border=True) for _column in range(3)]
    sheet.append([cell(sheet, _("合计"), bold=True, border=True), *blanks, *totals])


def build_monthly_workbook(scope: Scope, year: int, month: int, bureau_name: str, signer=None) -> bytes:
    """The workbook as bytes (stored as-is when a month is closed). `signer` closes or exports it."""
    workbook = new_workbook()
    rows = _summary_sheet(workbook, scope, year, month, bureau_name, signer)
    rollup = breakdown(scope, Month(year, month), totals=figures_of(rows))
    if rollup is not None:
        _rollup_sheet(workbook, rollup, year, month, bureau_name)
    _record_sheets(workbook, scope, year, month)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
