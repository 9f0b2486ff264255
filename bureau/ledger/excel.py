"""Writing Excel workbooks that are safe to open and readable in Chinese.

The whole API:

    workbook = new_workbook()
    add_table(workbook, "答卷", headers, rows)     # rows: any iterable of sequences of Python values
    return xlsx_response(workbook, "答卷.xlsx")

- Workbooks are openpyxl `write_only` (streamed: memory stays flat with many rows).
- Every value goes through `cell()`: text is never stored as a formula (text starting with = + - @,
  a tab or a carriage return is written as quoted text, OWASP's CSV-injection advice), dates and
  numbers stay real dates and numbers, aware datetimes are shown in local time, control characters
  (which a workbook cannot hold) are dropped.
- Columns are as wide as their longest value, counting CJK characters as 2 (capped at 60), so
  Chinese is never cut off or shown as ###; the header row is bold, frozen and repeated on each
  printed page, which is landscape A4 fitted to the page width.
"""

import datetime
import decimal
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bureau.ledger.display import yes_no

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 6
# Column widths must be set before the first row is streamed; they are measured on this many rows.
WIDTH_SAMPLE_ROWS = 1000
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
# An empty sheet's columns are at least this wide, so its header and its note stay readable.
EMPTY_SHEET_WIDTH = 14


def print_setup(sheet, header_rows: int) -> None:
    """Landscape A4, fitted to the page width, the header rows frozen and repeated on every printed page."""
    sheet.freeze_panes = f"A{header_rows + 1}"
    sheet.print_title_rows = f"1:{header_rows}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = _("第 &P 页 共 &N 页")
    sheet.oddFooter.center.size = 9


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def _shown_text(value) -> str:
    """The text a value shows as in a cell (used to measure widths)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return "0000-00-00 00:00"
    if isinstance(value, datetime.date):
        return "0000-00-00"
    return str(value)


def display_width(text: str) -> int:
    """Width in Excel's character units: East-Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def column_width(values: Iterable) -> int:
    """Width for a column holding these values: the widest line plus 2, between 6 and 60."""
    widest = 0
    for value in values:
        for line in _shown_text(value).splitlines() or [""]:
            widest = max(widest, display_width(line))
    return max(MIN_COLUMN_WIDTH, min(widest + 2, MAX_COLUMN_WIDTH))


def cell(sheet, value, *, bold: bool = False, border: bool = False) -> WriteOnlyCell:
    """A write-only cell holding `value` as data, never as a formula.

    Strings, numbers, dates, datetimes (aware ones converted to local time), booleans (是/否) and
    None (empty) are accepted; anything else is written as its str().
    """
    if isinstance(value, bool):
        value = yes_no(value)
    elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # openpyxl refuses aware datetimes; the bureau reads local time.
        value = timezone.localtime(value).replace(tzinfo=None)
    elif value is not None and not isinstance(value, str | int | float | decimal.Decimal | datetime.date):
        value = str(value)
    if isinstance(value, str):
        # Control characters (ESC, NUL…) typed into a form cannot be stored in the workbook's XML: drop them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    result = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        if value.startswith(FORMULA_PREFIXES):
            # openpyxl would store "=…" as a formula; force text and show it as typed.
            result.data_type = "s"
            result.quotePrefix = True
        if "\n" in value:
            result.alignment = Alignment(wrap_text=True, vertical="top")
    elif isinstance(value, datetime.datetime):
        result.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        result.number_format = DATE_FORMAT
    if bold:
        result.font = Font(bold=True)
    if border:
        result.border = BORDER
    return result


def sheet_title(title: str) -> str:
    """A valid sheet name: no []:*?/\\ characters, at most 31 characters."""
    return _BAD_TITLE_CHARS.sub("_", title).strip("'")[:31] or "Sheet"


def add_table(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    numbered: bool = False,
    empty: str | None = None,
):
    """Append a sheet with a bold frozen header row and one row per item of `rows`, every cell bordered.

    `numbered` puts a 序号 column first; `empty` is the note an empty sheet shows instead of rows (e.g.
    本月无记录). Rows are streamed; only the first WIDTH_SAMPLE_ROWS are held in memory to measure widths.
    Returns the worksheet.
    """
    sheet = workbook.create_sheet(sheet_title(title))
    rows = iter(rows)
    if numbered:
        headers = [_("序号"), *headers]
        rows = ([number, *row] for number, row in enumerate(rows, start=1))
    sample = [list(row) for row in itertools.islice(rows, WIDTH_SAMPLE_ROWS)]
    for index, header in enumerate(headers):
        values = [header, *(row[index] for row in sample if index < len(row))]
        width = column_width(values)
        if not sample and empty is not None:
            width = max(width, EMPTY_SHEET_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    print_setup(sheet, header_rows=1)
    sheet.append([cell(sheet, header, bold=True, border=True) for header in headers])
    for row in itertools.chain(sample, rows):
        sheet.append([cell(sheet, value, border=True) for value in row])
    if not sample and empty is not None:
        sheet.append([cell(sheet, empty)])
    return sheet


def xlsx_response(workbook: Workbook, filename: str) -> FileResponse:
    """The workbook as a download; `filename` may be Chinese (sent RFC 6266-encoded)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
