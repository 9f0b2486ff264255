"""The empty import template of each KIND: the type's import columns (bureau.ledger.columns) with a drop-down
on every choice and reference column, date columns formatted as dates, one example row, and a sheet that
explains every column and lists every allowed value.

The drop-downs draw their values from a hidden sheet, so a long list (every enterprise of the registry) is
never cut off. The example row is recognised by its content, never its position: the importer skips a row
equal to it (`is_example`), so a user who types over it imports what they typed.
"""

import datetime
import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from bureau.ledger.excel import FORMULA_PREFIXES, column_width, print_setup, sheet_title
from bureau.ledger.imports import import_fields

EXAMPLE_MARK = "示例"
# Rows of the sheet the drop-downs and the date format cover (the import takes many more; these are typed).
FORMATTED_ROWS = 2000
# Up to this many allowed values are listed in the instructions' cell; longer lists get rows of their own.
LISTED_IN_CELL = 60
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF4CE")


def allowed_values(f: forms.Field) -> list[str]:
    """The values a choice or reference column accepts, as the importer reads them (labels, names)."""
    if isinstance(f, forms.ModelChoiceField):
        return [str(obj) for obj in f.queryset]
    if isinstance(f, forms.ChoiceField):
        return [str(label) for value, label in f.choices if value not in ("", None)]
    if isinstance(f, forms.BooleanField):
        return [_("是"), _("否")]
    return []


def _kind(f: forms.Field) -> str:
    if isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return _("多选，用“、”分隔")
    if isinstance(f, forms.ModelChoiceField):
        return _("从已登记的名称中选一个（下拉选择）")
    if isinstance(f, forms.ChoiceField):
        return _("选一个（下拉选择）")
    if isinstance(f, forms.BooleanField):
        return _("是 / 否（下拉选择）")
    if isinstance(f, forms.DateField):
        return _("日期，如 2019-10-15")
    if isinstance(f, forms.IntegerField):
        low = f.min_value if f.min_value is not None else None
        return _("整数，不小于 %(n)s") % {"n": low} if low is not None else _("整数")
    if isinstance(f, forms.CharField) and f.max_length:
        return _("文字，最多 %(n)s 字") % {"n": f.max_length}
    return _("文字")


def _example_value(name: str, f: forms.Field, user):
    """A value the column accepts, for the example row (the campaign's start for dates)."""
    choices = allowed_values(f)
    if isinstance(f, forms.BooleanField):
        return _("否")
    if choices:
        return choices[0]
    if isinstance(f, forms.DateField):
        from campaigns.models import Campaign

        campaign = Campaign.objects.active_for_bureau(user.bureau_id) if user.bureau_id else None
        return campaign.start if campaign else timezone.localdate().replace(day=1)
    if isinstance(f, forms.IntegerField):
        return max(f.min_value or 0, 1)
    if name == "notes":
        return _("示例行：导入时自动跳过，可以改写成真实记录或删除")
    return f"{EXAMPLE_MARK}{f.label}"[: getattr(f, "max_length", None) or 200]


def example_row(record_type, user, fields=None) -> list:
    fields = fields if fields is not None else import_fields(record_type, user)
    return [_example_value(name, f, user) for name, f in fields]


def _same(cell, example) -> bool:
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(example, datetime.date):
        return cell == example or str(cell).strip() == example.isoformat()
    return str("" if cell is None else cell).strip() == str(example)


def is_example(values_by_label: dict, example_by_label: dict) -> bool:
    """Whether a row holds exactly the template's example (every example column present and unchanged)."""
    return bool(example_by_label) and all(
        label in values_by_label and _same(values_by_label[label], value) for label, value in example_by_label.items()
    )


def _put(sheet, row: int, column: int, value):
    """A cell of this (editable) workbook holding `value` as data, never a formula (as excel.cell does)."""
    target = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        target.data_type = "s"
        target.quotePrefix = True
    return target


def _append(sheet, values):
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(row=1, column=1).value is not None else 1
    for column, value in enumerate(values, start=1):
        _put(sheet, row, column, value)


def template_workbook(record_type, user) -> bytes:
    fields = import_fields(record_type, user)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(str(record_type.model._meta.verbose_name_plural))
    options = workbook.create_sheet(_("选项"))
    options.sheet_state = "hidden"
    example = example_row(record_type, user, fields)
    _append(sheet, [str(f.label) for _name, f in fields])
    _append(sheet, example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.fill = EXAMPLE_FILL
    for index, (_name, f) in enumerate(fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column_width([str(f.label), example[index - 1]])
        cells = f"{letter}2:{letter}{FORMATTED_ROWS + 1}"
        if isinstance(f, forms.DateField):
            for row in range(2, FORMATTED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
            sheet.column_dimensions[letter].width = max(sheet.column_dimensions[letter].width, 12)
            _validate(
                sheet,
                cells,
                DataValidation(type="date", operator="greaterThan", formula1="1"),
                _("请填写日期，如 2019-10-15。"),
            )
        values = allowed_values(f)
        multiple = isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField)
        if values and not multiple:
            _put(options, 1, index, str(f.label))
            for row, value in enumerate(values, start=2):
                _put(options, row, index, value)
            source = f"{quote_sheetname(options.title)}!${letter}$2:${letter}${len(values) + 1}"
            _validate(sheet, cells, DataValidation(type="list", formula1=source), _("请从下拉列表中选择。"))
    print_setup(sheet, header_rows=1)
    _instructions(workbook, record_type, fields)
    workbook.move_sheet(options, offset=1)  # after the instructions: the data sheet stays the first
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validate(sheet, cells, validation, message):
    validation.allow_blank = True
    validation.error, validation.errorTitle, validation.showErrorMessage = message, _("输入有误"), True
    validation.add(cells)
    sheet.add_data_validation(validation)


def _identity_note(record_type) -> list[str]:
    """The explanation row naming the columns that tell one record from another (see imports.Duplicates)."""
    names = "、".join(str(record_type.model._meta.get_field(name).verbose_name) for name in record_type.identity)
    note = _(
        "%(fields)s都相同的行视为同一条记录：与本单位已有的记录（回收站中的除外）或文件中的其他行重复时，"
        "整个文件都不导入。"
    )
    return [_("判断重复"), "", "", "", note % {"fields": names}]


def _instructions(workbook, record_type, fields):
    sheet = workbook.create_sheet(_("填写说明"))
    headers = [_("列名"), _("是否必填"), _("类型"), _("可填的值"), _("说明")]
    rows, long_lists = [], []
    for name, f in fields:
        values = allowed_values(f)
        if len(values) > LISTED_IN_CELL:
            allowed = _("共 %(n)s 项，见本表下方“%(label)s的可选值”") % {"n": len(values), "label": f.label}
            long_lists.append((str(f.label), values))
        else:
            allowed = "、".join(values)
        required = _("必填") if f.required and name != "campaign" else _("选填")
        note = str(f.help_text or "")
        if name == "campaign":
            note = _("不填则为本单位进行中的主题教育。")
        rows.append([str(f.label), required, _kind(f), allowed, note])
    rows.append([])
    rows.append(
        [_("示例行"), "", "", "", _("第 2 行是填写示例（浅黄色），内容不变时导入会自动跳过；可以改写成真实记录。")]
    )
    if record_type.identity:
        rows.append(_identity_note(record_type))
    for label, values in long_lists:
        rows += [[], [_("%(label)s的可选值") % {"label": label}]]
        rows += [["", "", "", value, ""] for value in values]
    _append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        if row:
            _append(sheet, row)
        else:
            sheet.append([])
    for index in range(1, len(headers) + 1):
        letter = get_column_letter(index)
        width = column_width([headers[index - 1], *(row[index - 1] for row in rows if len(row) >= index)])
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(sheet, header_rows=1)
