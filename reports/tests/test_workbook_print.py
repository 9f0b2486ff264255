"""The monthly workbook on paper, printed by LibreOffice as the office prints it: the busiest demo month's
summary on one A4 page, borders on every table, a 序号 column, the signature block, page numbers, and no
cell shown as ###."""

import io
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from bureau.models import User
from tests.helpers import content_of

SOFFICE = shutil.which("soffice")


@pytest.fixture(autouse=True)
def libreoffice():
    if SOFFICE is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must print the workbook, but LibreOffice or poppler is missing (.ci/run installs them)")
        pytest.skip(
            "LibreOffice and poppler-utils are not installed (apt-get install libreoffice-calc-nogui poppler-utils)"
        )


@pytest.fixture
def busiest_month_workbook(client):
    call_command("load_demo", "--force", stdout=io.StringIO())
    client.force_login(User.objects.get(username="leader"))
    response = client.get(reverse("reports:monthly-workbook"), {"month": "2019-11"})
    assert response.status_code == 200
    return content_of(response)


def print_to_pdf(content: bytes, tmp_path) -> list[str]:
    """The text of each printed page."""
    source = tmp_path / "月报.xlsx"
    source.write_bytes(content)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "月报.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")


@pytest.mark.django_db
def test_the_busiest_month_prints_its_summary_on_one_page_without_hashes(busiest_month_workbook, tmp_path):
    pages = print_to_pdf(busiest_month_workbook, tmp_path)
    first = pages[0]
    assert "青田县科学技术局 主题教育工作月报 2019年11月" in first
    # The summary's last indicator and its signature block are on its one page.
    assert "实施方案任务逾期" in first and "填报人：刘欣亮" in first and "联系电话：0578-6812345" in first
    assert "第 1 页" in first
    assert not any("###" in page for page in pages)
    # Every other sheet starts on a page of its own, with its header repeated (学习活动 has the 序号 column).
    assert any("序号" in page and "学习形式" in page for page in pages[1:])


@pytest.mark.django_db
def test_every_table_is_bordered_and_numbered(busiest_month_workbook):
    book = load_workbook(io.BytesIO(busiest_month_workbook))
    summary = book["汇总"]
    header = next(row for row in summary.iter_rows() if row[0].value == "指标")
    assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in header)
    assert summary.page_setup.fitToHeight == 1 and summary.oddFooter.center.text == "第 &P 页 共 &N 页"
    sessions = book["学习活动"]
    assert sessions["A1"].value == "序号" and sessions["A2"].value == 1 and sessions["A2"].border.top.style == "thin"
    assert sessions.print_title_rows == "$1:$1"
    signature = [c.value for row in summary.iter_rows() for c in row if c.value and str(c.value).startswith("审核人")]
    assert signature == ["审核人：陈立新"]


@pytest.mark.django_db
def test_an_empty_sheet_says_so_at_readable_widths(busiest_month_workbook):
    book = load_workbook(io.BytesIO(busiest_month_workbook))
    empty = [sheet for sheet in book.worksheets[1:] if sheet["A3"].value is None and sheet["A2"].value == "本月无记录"]
    assert empty, "the demo's busiest month has a record type without rows"
    for sheet in empty:
        assert all(dim.width >= 14 for dim in sheet.column_dimensions.values() if dim.width)
