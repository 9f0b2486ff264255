"""Hostile Excel imports: files that are not workbooks, damaged workbooks, bombs, formulas, other bureaus'
names, too many rows. Every refusal names the problem in Chinese and saves nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from bureau.ledger.imports import ImportRefused, run_import
from bureau.ledger.jobs import ImportJob
from bureau.ledger.registry import REGISTRY
from enterprises.models import Enterprise
from tests.helpers import Ledger, import_in_browser, text_of, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["学习形式", "学习日期", "学习主题", "参加人数"]
GOOD_ROW = ["党员集中学习", "2019-10-10", "学习党章", 21]
NOT_XLSX = "不是有效的 Excel"


def post_import(client, content, kind="study-sessions", name="学习活动.xlsx", dry_run=False):
    """The browser import, confirmed unless `dry_run` (then only the preview, which saves nothing)."""
    return import_in_browser(client, kind, SimpleUploadedFile(name, content), confirm=not dry_run)


def damaged(member: str, change, row=GOOD_ROW) -> bytes:
    """A good workbook with one of its parts changed (`change(bytes) -> bytes | None`, None drops the part)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(HEADERS, [row])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == member:
                content = change(content)
            if content is not None:
                archive.writestr(name, content)
    return out.getvalue()


def sheet_with(text: bytes):
    """A workbook whose topic cell holds `text` as raw XML (openpyxl itself would never write it)."""
    row = ["党员集中学习", "2019-10-10", "TOPIC", 21]
    return damaged("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"TOPIC", text), row)


UNREADABLE = [
    pytest.param(b"MZ\x90\x00" + b"\x00" * 500, id="exe"),
    pytest.param("学习形式,学习日期\n党员集中学习,2019-10-10\n".encode("gbk"), id="csv-renamed"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 100, id="broken-zip"),
    pytest.param(damaged("xl/workbook.xml", lambda xml: xml[:60]), id="cut-workbook-xml"),
    pytest.param(damaged("[Content_Types].xml", lambda xml: None), id="no-content-types"),
    pytest.param(damaged("xl/worksheets/sheet1.xml", lambda xml: None), id="no-sheet"),
    pytest.param(sheet_with(b"a&#0;b"), id="nul-character-reference"),
    pytest.param(sheet_with(b"a&#x1B;b"), id="escape-character-reference"),
    pytest.param(sheet_with(b"</t></is></c></row></sheetData>"), id="malformed-sheet-xml"),
    pytest.param(
        damaged("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<v>21</v>", b"<v>abc</v>")), id="text-in-number"
    ),
]


@pytest.mark.parametrize("content", UNREADABLE)
def test_a_file_that_is_no_readable_workbook_is_refused_whole(staff_client, world, content):
    ledger = Ledger()
    response = post_import(staff_client, content)
    assert response.status_code == 400
    assert NOT_XLSX in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])
    job = ImportJob.objects.get()
    assert job.status == "refused" and job.finished_at is not None


@pytest.mark.parametrize("content", UNREADABLE[-4:])
def test_the_command_refuses_a_damaged_workbook_with_a_non_zero_exit(world, tmp_path, content):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    ledger = Ledger()
    with pytest.raises(CommandError, match=NOT_XLSX):
        call_command("import_xlsx", "study-sessions", str(path), "--user", world.user.username)
    ledger.assert_unchanged(ignore=[ImportJob])


def test_an_empty_upload_is_refused_by_the_form(staff_client, world):
    ledger = Ledger()
    response = post_import(staff_client, b"")
    assert response.status_code == 400
    assert "所提交的是空文件" in text_of(response)
    ledger.assert_unchanged()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(staff_client, world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * (60 * 1024 * 1024) + b"</a>")
    ledger = Ledger()
    response = post_import(staff_client, out.getvalue())
    assert response.status_code == 400
    assert "解压后过大" in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["学习形式", "学习日期", "学习主题", "参加人数", "身份证号"], "无法识别的列"),
        (["学习形式", "学习日期"], "缺少必填列"),
        ([], "缺少必填列"),
    ],
)
def test_wrong_headers_are_refused_whole(staff_client, world, headers, message):
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(headers, [GOOD_ROW]))
    assert response.status_code == 400
    assert message in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])


def test_an_exported_recorder_column_is_read_past_never_trusted(staff_client, world, colleague):
    """An exported sheet carries 录入人 and 录入时间 and imports again as it is; who recorded a row is still
    whoever imports it, whatever the column says."""
    headers = ["学习形式", "学习日期", "学习主题", "参加人数", "录入人", "录入时间"]
    row = ["党员集中学习", "2019-10-10", "学习党章", 21, colleague.username, "2019-01-01 08:00"]
    response = post_import(staff_client, xlsx_bytes(headers, [row]))
    assert response.status_code == 200
    session = REGISTRY["study-sessions"].model.objects.get(topic="学习党章")
    assert session.recorded_by == world.user and session.created_at.year != 2019


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["读书会", "2019-10-10", "学习", 3], "A", "“读书会”不是可选的值"),
        (["党员集中学习", "1900-02-29", "学习", 3], "B", "输入一个有效的日期"),
        (["党员集中学习", 60, "学习", 3], "B", "输入一个有效的日期"),  # Excel's phantom 1900-02-29
        (["党员集中学习", "0001-01-01", "学习", 3], "B", "日期须在主题教育期间"),
        (["党员集中学习", "2019-10-10", "=1+1", 3], "C", "这个字段是必填项"),  # a formula is never run
        (["党员集中学习", "2019-10-10", "长" * 201, 3], "C", "不超过 200"),
        (["党员集中学习", "2019-10-10", "学习", 1e308], "D", "小于或等于10000"),
        (["党员集中学习", "2019-10-10", "学习", -(2**70)], "D", "大于或等于0"),
        (["党员集中学习", "2019-10-10", "学习", "=SUM(A1:A9)"], "D", "这个字段是必填项"),
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column_and_nothing_is_saved(staff_client, world, row, column, message):
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(HEADERS, [GOOD_ROW, row, GOOD_ROW]))
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert any(e.row == 3 and e.column == column and message in e.message for e in errors), errors
    assert "整个文件均未导入" in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])


def test_another_bureaus_department_named_in_a_row_is_not_a_choice(staff_client, world, other):
    headers = [*HEADERS, "科室"]
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(headers, [[*GOOD_ROW, other.department.name]]))
    assert response.status_code == 400
    assert f"“{other.department.name}”不是可选的值" in text_of(response)
    ledger.assert_unchanged(ignore=[ImportJob])


@pytest.mark.parametrize("key", ["name", "pk", "credit_code"])
def test_another_bureaus_enterprise_named_in_a_visit_row_is_not_a_choice(world, other, key):
    foreign = str(getattr(other.enterprise, key))
    headers = ["企业", "走访日期", "走访目的", "走访人员"]
    content = xlsx_bytes(headers, [[foreign, "2019-10-15", "送政策", world.user.username]])
    ledger = Ledger()
    result = run_import(REGISTRY["enterprise-visits"], io.BytesIO(content), world.user)
    assert [(e.row, e.column) for e in result.errors] == [(2, "A")]
    assert f"“{foreign}”不是可选的值" in result.errors[0].message
    assert result.saved == 0
    ledger.assert_unchanged()


def test_importing_the_same_enterprises_twice_registers_them_once(staff_client, world):
    from tests.world import next_credit_code

    headers = ["企业名称", "统一社会信用代码", "乡镇（街道）", "所属行业"]
    rows = [["青田县甲阀门有限公司", next_credit_code(), "温溪镇", "通用设备制造业"]]
    content = xlsx_bytes(headers, rows)
    ledger = Ledger()
    assert post_import(staff_client, content, kind="enterprises").status_code == 200
    again = post_import(staff_client, content, kind="enterprises")
    assert again.status_code == 400
    assert "统一社会信用代码" in text_of(again)
    ledger.assert_created(Enterprise, ignore=[ImportJob])


def test_a_dry_run_with_an_error_saves_nothing(staff_client, world):
    ledger = Ledger()
    response = post_import(
        staff_client, xlsx_bytes(HEADERS, [GOOD_ROW, ["读书会", "2019-10-10", "学习", 3]]), dry_run=True
    )
    assert response.status_code == 400
    ledger.assert_unchanged(ignore=[ImportJob])


@pytest.mark.parametrize("kind", ["plan-tasks", "parties", "", "study-sessions\x00"])
def test_a_kind_that_cannot_be_imported_is_an_invalid_choice(staff_client, world, kind):
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(HEADERS, [GOOD_ROW]), kind=kind)
    assert response.status_code == 400
    assert "选择一个有效的选项" in text_of(response) or "这个字段是必填项" in text_of(response)
    ledger.assert_unchanged()


@pytest.mark.parametrize("kind", ["plan-tasks", "parties", "..", "study-sessions.xlsx"])
def test_no_template_for_a_kind_that_cannot_be_imported(staff_client, world, kind):
    response = staff_client.get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 404
    assert "页面不存在" in text_of(response)


def test_a_hostile_file_name_is_kept_short_and_harmless(staff_client, world):
    ledger = Ledger()
    response = post_import(staff_client, xlsx_bytes(HEADERS, [GOOD_ROW]), name="..\\..\\" + "长" * 400 + "\x00.xlsx")
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == "succeeded" and len(job.filename) <= 255 and "\x00" not in job.filename
    ledger.assert_created(REGISTRY["study-sessions"].model, ignore=[ImportJob])


def test_run_import_refuses_an_unreadable_file_with_import_refused(world):
    with pytest.raises(ImportRefused, match=NOT_XLSX):
        run_import(REGISTRY["study-sessions"], io.BytesIO(sheet_with(b"<<<")), world.user)
