"""The import templates: a drop-down on every choice and reference column drawn from a hidden sheet (so a long
registry is never cut off), dates formatted as dates, an example row the importer skips only while it is
unchanged, and instructions that list every allowed value."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bureau.ledger.registry import REGISTRY
from campaigns.models import StudySession
from tests.helpers import content_of, import_in_browser
from tests.world import EnterpriseFactory

IMPORTABLE = [slug for slug, rt in REGISTRY.items() if rt.importable]


def template(client, kind):
    response = client.get(reverse("ledger:import-template", args=[kind]))
    assert response.status_code == 200
    return content_of(response)


def validations_by_column(sheet):
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[cell_range.min_col] = validation
    return found


@pytest.mark.parametrize("kind", IMPORTABLE)
def test_every_choice_and_reference_column_has_a_drop_down(staff_client, world, kind):
    book = load_workbook(io.BytesIO(template(staff_client, kind)))
    sheet, options = book.worksheets[0], book["选项"]
    assert options.sheet_state == "hidden"
    headers = [c.value for c in sheet[1]]
    validations = validations_by_column(sheet)
    form = REGISTRY[kind].form_class(user=world.user)
    for column, label in enumerate(headers, start=1):
        field = next(f for f in form.fields.values() if str(f.label) == label)
        choices = getattr(field, "choices", None)
        multiple = field.widget.allow_multiple_selected if hasattr(field.widget, "allow_multiple_selected") else False
        expected = [str(label) for value, label in choices or () if value not in ("", None)]
        if field.__class__.__name__ == "BooleanField":
            expected = ["是", "否"]
        if expected and not multiple:
            validation = validations[column]
            assert validation.type == "list" and validation.formula1.startswith("'选项'!$")
            listed = [row[0] for row in options.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True)]
            assert [v for v in listed if v is not None] == expected, label
        elif not expected:
            assert column not in validations or validations[column].type != "list", label
        if field.__class__.__name__ == "DateField":
            assert validations[column].type == "date"
            assert sheet.cell(row=3, column=column).number_format == "yyyy-mm-dd"


def test_a_long_registry_is_listed_whole(staff_client, staff, world):
    for n in range(70):
        EnterpriseFactory(recorded_by=staff, name=f"青田县第{n:02d}号科技企业有限公司")
    book = load_workbook(io.BytesIO(template(staff_client, "enterprise-visits")))
    column = [c.value for c in book.worksheets[0][1]].index("企业") + 1
    listed = [r[0] for r in book["选项"].iter_rows(min_row=2, min_col=column, max_col=column, values_only=True) if r[0]]
    assert len(listed) >= 70 and "青田县第69号科技企业有限公司" in listed
    instructions = list(book["填写说明"].iter_rows(values_only=True))
    enterprise_row = next(row for row in instructions if row[0] == "企业")
    assert f"共 {len(listed)} 项" in enterprise_row[3]
    assert any(row[3] == "青田县第69号科技企业有限公司" for row in instructions)


@pytest.mark.parametrize("kind", IMPORTABLE)
def test_the_untouched_template_imports_nothing(staff_client, world, kind):
    """The example row is recognised by its content: left as it is, the file holds no record."""
    upload = io.BytesIO(template(staff_client, kind))
    upload.name = "模板.xlsx"
    response = import_in_browser(staff_client, kind, upload, confirm=False)
    assert response.status_code == 200, response.context["job"].message
    assert response.context["result"].rows == 0


def test_an_example_row_typed_over_is_imported(staff_client, campaign):
    book = load_workbook(io.BytesIO(template(staff_client, "study-sessions")))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("备注") + 1).value.startswith("示例行")
    sheet.cell(row=2, column=headers.index("学习主题") + 1).value = "学习党章（第一章）"
    sheet.append(["", "专题研讨", "2019-11-29", "找差距、抓落实专题研讨", "", "", "", 12])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "学习.xlsx"
    response = import_in_browser(staff_client, "study-sessions", upload)
    assert response.status_code == 200
    assert sorted(StudySession.objects.values_list("topic", flat=True)) == [
        "学习党章（第一章）",
        "找差距、抓落实专题研讨",
    ]
