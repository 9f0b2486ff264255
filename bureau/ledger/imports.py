"""Excel import: each row goes through the record type's own form, so a row is accepted exactly when
the browser form would accept the same values. All-or-nothing: one bad row and nothing is saved. Every
error of every row is reported, and a row recording an event already recorded (`RecordType.identity`) is one.

    result = run_import(record_type, uploaded_file, user, campaign=None, dry_run=False, time_budget=None)
    result.ok, result.saved, result.errors  # errors: [RowError(row, column, message)]
"""

import datetime
import itertools
import re
import time
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from bureau.ledger.columns import SKIPPED_FIELDS, columns_for, qualified_name

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a zip bomb expands far beyond this
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "", "×"}
# What openpyxl raises on a damaged or hand-made file: a missing part, malformed XML (SyntaxError covers
# ElementTree's and lxml's parse errors), a value of the wrong type in a cell, a date beyond the calendar.
UNREADABLE = (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError, OverflowError, SyntaxError)


class ImportRefused(Exception):
    """The file as a whole cannot be read (not an xlsx, too large, wrong headers)."""


class ImportTimedOut(Exception):
    """The import ran past IMPORT_TIME_BUDGET_SECONDS and was stopped; nothing of it was saved."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class RowPreview:
    """One row as the preview shows it: its number, the first columns' values, and its errors."""

    row: int
    cells: list[str]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


# The preview shows this many leading columns of each row: enough to recognise it on a phone.
PREVIEW_COLUMNS = 4


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    errors: list[RowError] = field(default_factory=list)
    saved_ids: list[int] = field(default_factory=list)
    # Rows for the preview: every row with an error, and the first IMPORT_PREVIEW_ROWS of the others.
    previews: list[RowPreview] = field(default_factory=list)
    preview_columns: list[str] = field(default_factory=list)
    rows_not_previewed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def import_fields(record_type, user) -> list[tuple[str, forms.Field]]:
    """The imported columns of a KIND's sheet (bureau.ledger.columns): the form's fields, in form order."""
    form = record_type.form_class(user=user)
    return [(name, f) for name, f in form.fields.items() if name not in SKIPPED_FIELDS]


def ignored_labels(record_type, user) -> set[str]:
    """Headers of an exported sheet that hold what the app keeps itself (录入人, a work item's state…):
    accepted in a file and ignored, so an export imports again."""
    return {column.label for column in columns_for(record_type, user) if not column.imported}


def _choice_lookup(field: forms.ChoiceField) -> dict[str, str]:
    lookup = {}
    for value, label in field.choices:
        if value in ("", None):
            continue
        lookup[str(label).strip()] = str(value)
        lookup[str(value)] = str(value)
    return lookup


def _object_lookup(field: forms.ModelChoiceField) -> dict[str, str]:
    """A choice by its name, its id, a person's user name, an enterprise's credit code, or its name told apart
    from others of the same name as an export writes it (`qualified_name`: 张伟（zhangwei）)."""
    lookup: dict[str, str] = {}
    queryset = field.queryset.select_related(*getattr(field.queryset.model, "str_select_related", ()))
    for obj in queryset:
        keys = {str(obj).strip(), str(obj.pk), getattr(obj, "username", None), getattr(obj, "credit_code", None)}
        for key in keys | {qualified_name(obj)}:
            if key:
                # Two objects with the same name: leave the name unresolved so the row reports it.
                lookup[key] = "?" if key in lookup and lookup[key] != str(obj.pk) else str(obj.pk)
    return lookup


class RowConverter:
    """Turns a spreadsheet cell into what the browser would have posted for that field."""

    def __init__(self, fields):
        self.fields = fields
        self.lookups = {}
        for name, f in fields:
            if isinstance(f, forms.ModelChoiceField):
                self.lookups[name] = _object_lookup(f)
            elif isinstance(f, forms.ChoiceField):
                self.lookups[name] = _choice_lookup(f)

    def convert(self, name, f, value):
        if value is None:
            return [] if isinstance(f, forms.MultipleChoiceField | forms.ModelMultipleChoiceField) else ""
        if isinstance(value, datetime.datetime):
            value = value.date() if isinstance(f, forms.DateField) else value
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if isinstance(f, forms.BooleanField):
            lowered = text.lower()
            if lowered in TRUE_WORDS:
                return "on"
            if lowered in FALSE_WORDS:
                return ""
            raise ValueError(_("请填写“是”或“否”。"))
        lookup = self.lookups.get(name)
        if lookup is None:
            return text
        if isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            return [self._resolve(lookup, part.strip(), f) for part in LIST_SEPARATORS.split(text) if part.strip()]
        return self._resolve(lookup, text, f) if text else ""

    @staticmethod
    def _resolve(lookup, text, f):
        value = lookup.get(text)
        if value is None:
            raise ValueError(_("“%(text)s”不是可选的值。") % {"text": text})
        if value == "?":
            raise ValueError(_("有多个名为“%(text)s”的选项，请改填编号。") % {"text": text})
        return value


def open_sheet(upload):
    """The first sheet of an uploaded workbook, refusing what is not a safe xlsx."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ImportRefused(_("文件解压后过大，请拆分后分批导入。"))
        upload.seek(0)
        return load_workbook(upload, read_only=True, data_only=True).worksheets[0]
    except UNREADABLE:
        raise ImportRefused(_not_xlsx()) from None


def _not_xlsx():
    return _("文件不是有效的 Excel（.xlsx）文件，请用本系统提供的模板填写。")


def _rows(sheet):
    """(row number, values) for each row the file actually holds, read lazily.

    openpyxl's read-only iter_rows trusts the sheet's declared <dimension>: it pads every row to the
    declared width and yields an empty row for every missing row number, so a 5 KB file declaring
    A1:XFD1048576 becomes 16,384 × 1,048,576 cells (minutes of work for one real row). Its worksheet
    parser (openpyxl 3.1, pinned) yields only the rows present, with their real numbers, in
    milliseconds. A damaged row refuses the file only here, when it is reached.
    """
    workbook = sheet.parent
    try:
        source = sheet._get_source()
    except UNREADABLE:
        raise ImportRefused(_not_xlsx()) from None
    with source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        rows = parser.parse()
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except UNREADABLE:
                raise ImportRefused(_not_xlsx()) from None
            yield number, {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}


class Duplicates:
    """Rows that record an event already recorded: by an earlier row of the file, or by a live record of the
    bureau's campaign (one in the recycle bin does not count). Events are told apart by the record type's
    `identity` fields; a type without any is not checked."""

    def __init__(self, record_type):
        model = record_type.model
        self.model = model
        self.fields = [model._meta.get_field(name) for name in record_type.identity]
        self.names = "、".join(str(f.verbose_name) for f in self.fields)
        self.by_campaign = any(f.name == "campaign" for f in model._meta.concrete_fields)
        self.seen: dict[tuple, int] = {}

    def check(self, number: int, record, invalid: set[str]) -> str | None:
        """Why row `number` (holding `record`, saved or not) is a duplicate; None when it is not.

        A row whose identity fields are themselves in error is not compared: its own errors say more."""
        if not self.fields or invalid & {f.name for f in self.fields}:
            return None
        values = {f.attname: getattr(record, f.attname) for f in self.fields}
        if any(value in (None, "") for value in values.values()):
            return None
        scope = {"bureau_id": record.bureau_id}
        if self.by_campaign:
            scope["campaign_id"] = record.campaign_id
        first = self.seen.setdefault((*scope.values(), *values.values()), number)
        if first != number:
            return _("与第%(row)s行重复（%(fields)s相同）。") % {"row": first, "fields": self.names}
        live = self.model.objects.filter(**scope, **values)
        if record.pk is not None:
            live = live.exclude(pk=record.pk)
        if live.exists():
            return _("与已有记录重复（%(fields)s相同），未导入。") % {"fields": self.names}
        return None


def _too_many_rows():
    return ImportRefused(
        _("一次最多导入 %(n)s 行，请拆分文件后分批导入；本次未保存任何数据。") % {"n": settings.IMPORT_MAX_ROWS}
    )


def run_import(record_type, upload, user, campaign=None, dry_run=False, time_budget=None) -> ImportResult:
    """`time_budget` (seconds, None for none) stops the import with ImportTimedOut, nothing saved."""
    fields = import_fields(record_type, user)
    labels = {str(f.label): (name, f) for name, f in fields}
    sheet = open_sheet(upload)
    rows = _rows(sheet)
    # The header is row 1, as in the template; a sheet whose row 1 is missing has no header.
    first = next(rows, (1, {}))
    header_number, header_cells = 1, first[1] if first[0] == 1 else {}
    if first[0] != 1:
        rows = itertools.chain([first], rows)
    # Only as wide as the last filled header cell: cells further right belong to no column.
    width = max(header_cells, default=0)
    header = [str(header_cells.get(c, "")).strip() for c in range(1, width + 1)]
    ignored = ignored_labels(record_type, user)
    header = ["" if h in ignored and h not in labels else h for h in header]
    unknown = [h for h in header if h and h not in labels]
    if unknown:
        raise ImportRefused(
            _("表头中有无法识别的列：%(cols)s。请使用本系统的导入模板。") % {"cols": "、".join(unknown)}
        )
    missing = [str(f.label) for name, f in fields if f.required and str(f.label) not in header and name != "campaign"]
    if missing:
        raise ImportRefused(_("缺少必填列：%(cols)s。") % {"cols": "、".join(missing)})
    converter = RowConverter(fields)
    result = ImportResult()
    column_of = {labels[h][0]: get_column_letter(i + 1) for i, h in enumerate(header) if h}
    position_of = {labels[h][0]: i for i, h in enumerate(header) if h}
    duplicates = Duplicates(record_type)
    from bureau.ledger.import_templates import example_row, is_example

    example = dict(zip((str(f.label) for _name, f in fields), example_row(record_type, user, fields), strict=True))

    max_rows = settings.IMPORT_MAX_ROWS
    shown = [i for i, h in enumerate(header) if h][:PREVIEW_COLUMNS]
    result.preview_columns = [header[i] for i in shown]
    ok_previews = 0
    deadline = time.monotonic() + time_budget if time_budget is not None else None

    # Rows are saved one by one inside one transaction, so a later row sees earlier ones (a credit code
    # repeated in the file is caught); any error rolls everything back.
    try:
        with transaction.atomic():
            for number, cells in rows:
                values = [cells.get(c) for c in range(1, width + 1)]
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                if is_example({h: values[i] for i, h in enumerate(header) if h}, example):
                    continue  # the template's example row, left as it was
                result.rows += 1
                # A row numbered past the limit is refused at once, however few rows come before it.
                if result.rows > max_rows or number - header_number > max_rows:
                    raise _too_many_rows()
                if deadline is not None and time.monotonic() > deadline:
                    raise ImportTimedOut(
                        _("导入超过 %(s)s 秒仍未完成，已停止，未保存任何数据。请拆分文件后分批导入。")
                        % {"s": time_budget}
                    )
                data, row_errors, failed = {}, [], set()
                for index, h in enumerate(header):
                    if not h:
                        continue
                    name, f = labels[h]
                    value = values[index]
                    try:
                        data[name] = converter.convert(name, f, value)
                    except ValueError as error:
                        # The form still checks the rest of the row: the user sees every error at once.
                        row_errors.append((index, RowError(number, get_column_letter(index + 1), f"{h}：{error}")))
                        failed.add(name)
                        data[name] = converter.convert(name, f, None)
                if campaign is not None:
                    data["campaign"] = str(campaign.pk)
                elif "campaign" in dict(fields) and not data.get("campaign"):
                    initial = record_type.form_class(user=user).fields["campaign"].initial
                    data["campaign"] = str(initial or "")
                form = record_type.form_class(data=_as_querydict(data), user=user)
                valid = form.is_valid() and not row_errors
                for name, messages in form.errors.items():
                    if name in failed:
                        continue  # the cell's own error ("not a choice") says more than "required"
                    column = column_of.get(name, "-")
                    label = str(form.fields[name].label) if name in form.fields else _("整行")
                    position = position_of.get(name, width)
                    row_errors += [(position, RowError(number, column, f"{label}：{m}")) for m in messages]
                if valid:
                    # Saved before its duplicate check: a form may complete the record only when saving
                    # (a visit's subject). A duplicate refuses the file, so the save is rolled back.
                    form.save()
                    result.saved += 1
                    result.saved_ids.append(form.instance.pk)
                duplicate = duplicates.check(number, form.instance, failed | set(form.errors))
                if duplicate:
                    row_errors.append((width + 1, RowError(number, "-", duplicate)))
                errors = [error for _position, error in sorted(row_errors, key=lambda pair: pair[0])]
                result.errors += errors
                if errors or ok_previews < settings.IMPORT_PREVIEW_ROWS:
                    ok_previews += not errors
                    cells = [_cell_text(values[i]) for i in shown]
                    result.previews.append(RowPreview(number, cells, [f"{e.column}列 {e.message}" for e in errors]))
                else:
                    result.rows_not_previewed += 1
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        if dry_run and not result.errors:
            result.saved_ids = []
            return result
        result.saved, result.saved_ids = 0, []
    return result


def _cell_text(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date() if not value.time() else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()[:60]


class _Rollback(Exception):
    pass


def _as_querydict(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query
