"""The shared Excel writer: text never becomes a formula, real dates and numbers, readable widths."""

import datetime
import decimal
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bureau.ledger.excel import add_table, cell, column_width, display_width, new_workbook, sheet_title, xlsx_response


def _roundtrip(headers, rows, title="表"):
    workbook = new_workbook()
    add_table(workbook, title, headers, rows)
    response = xlsx_response(workbook, "导出.xlsx")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))[sheet_title(title)], response


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://evil.example","点我")', "+86 578", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_looking_text_is_stored_as_quoted_text(text):
    sheet, _ = _roundtrip(["内容"], [[text]])
    stored = sheet["A2"]
    assert stored.value == text
    assert stored.data_type == "s"
    assert stored.quotePrefix is True


def test_ordinary_text_is_not_quoted():
    sheet, _ = _roundtrip(["内容"], [["县财政局"], ["a=b"]])
    assert sheet["A2"].quotePrefix is False
    assert sheet["A3"].value == "a=b"


def test_numbers_and_dates_stay_numbers_and_dates():
    aware = timezone.make_aware(datetime.datetime(2019, 11, 6, 9, 30))
    row = [3, -5, 2.5, decimal.Decimal("1.25"), datetime.date(2019, 11, 6), aware, True, None]
    sheet, _ = _roundtrip(list("ABCDEFGH"), [row])
    values = [c.value for c in sheet[2]]
    assert values[:4] == [3, -5, 2.5, 1.25]
    assert values[4] == datetime.datetime(2019, 11, 6)
    assert sheet["E2"].number_format == "yyyy-mm-dd"
    # Aware datetimes are written in the bureau's local time (Asia/Shanghai).
    assert values[5] == datetime.datetime(2019, 11, 6, 9, 30)
    assert sheet["F2"].number_format == "yyyy-mm-dd hh:mm"
    assert values[6:] == ["是", None]


def test_chinese_counts_double_in_column_widths_and_is_capped():
    assert display_width("县财政局") == 8
    assert display_width("abc") == 3
    assert display_width("ＡＢ") == 4  # full-width letters are wide too
    assert column_width(["县财政局"]) == 10
    assert column_width(["很" * 100]) == 60
    assert column_width(["a"]) == 6
    assert column_width(["第一行\n很长很长很长很长的第二行"]) == 2 * 12 + 2


def test_sheet_has_a_bold_frozen_header_and_fitting_columns():
    sheet, response = _roundtrip(["编号", "意见建议"], [[1, "希望多组织杨梅种植技术培训"]], title="答卷")
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["B"].width == 2 * 13 + 2
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%AF%BC%E5%87%BA.xlsx"


def test_sheet_titles_are_made_valid():
    assert sheet_title("答卷:2019/11") == "答卷_2019_11"
    assert len(sheet_title("很" * 40)) == 31


def test_rows_can_be_a_generator_longer_than_the_width_sample():
    rows = ([n, f"第{n}行"] for n in range(1500))
    sheet, _ = _roundtrip(["编号", "内容"], rows)
    assert sheet.max_row == 1501
    assert sheet.cell(row=1501, column=2).value == "第1499行"


def test_cell_accepts_any_value_as_text():
    workbook = new_workbook()
    sheet = workbook.create_sheet("x")
    assert cell(sheet, ["甲", "乙"]).value == "['甲', '乙']"
