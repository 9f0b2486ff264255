"""A filtered list exported and printed in the browser: 导出 downloads the rows the list shows, 打印 opens a
page naming the filters, which prints the table alone and fits a phone's screen."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.world import EnterpriseFactory, StudySessionFactory, next_credit_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEMINARS = ["找差距专题研讨", "抓落实专题研讨", "守初心专题研讨"]


@pytest.fixture
def sessions(staff, campaign):
    for n, topic in enumerate(SEMINARS):
        StudySessionFactory(
            kind="seminar", topic=topic, date=datetime.date(2019, 10, 10 + n), recorded_by=staff, campaign=campaign
        )
    for topic in ("学习党章", "学习党史"):
        StudySessionFactory(kind="collective", topic=topic, recorded_by=staff, campaign=campaign)


def _filter_by_seminar(page, live_server):
    page.goto(f"{live_server.url}/study-sessions/")
    page.get_by_label("学习形式").select_option(label="专题研讨")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**kind=seminar**")
    expect(page.locator("#result-count")).to_contain_text("共 3 条")


def test_export_downloads_the_filtered_rows(browser_login, live_server, page, sessions):
    browser_login("owner")
    _filter_by_seminar(page, live_server)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[:3] == ("主题教育", "学习形式", "学习日期")
    assert sorted(row[header.index("学习主题")] for row in data) == sorted(SEMINARS)
    assert {row[header.index("学习形式")] for row in data} == {"专题研讨"}


def test_print_page_names_the_filter_prints_the_table_alone_and_fits_a_phone(
    browser_login, live_server, page, sessions
):
    browser_login("owner")
    _filter_by_seminar(page, live_server)
    page.get_by_role("link", name="打印").click()
    page.wait_for_url("**/study-sessions/print/?**kind=seminar**")
    sheet = page.locator(".print-sheet")
    expect(sheet).to_contain_text("学习形式 专题研讨")
    expect(sheet.get_by_role("heading")).to_contain_text("学习活动")
    table = page.locator("table.print-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("thead th").first).to_have_text("序号")

    page.emulate_media(media="print")
    expect(page.locator("nav.navbar").first).to_be_hidden()
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.get_by_role("link", name="返回列表")).to_be_hidden()
    expect(table).to_be_visible()
    assert _not_clipped_in_print(page)

    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _not_clipped_in_print(page) -> bool:
    """Every box around the printed table lets it show in full: none scrolls or hides what overflows it."""
    return page.evaluate(
        """() => {
            const boxes = [];
            for (let e = document.querySelector('table.print-table').parentElement; e; e = e.parentElement) {
                boxes.push(getComputedStyle(e).overflowX);
            }
            return boxes.every(overflow => overflow === 'visible');
        }"""
    )


def test_a_wide_list_scrolls_in_its_box_on_a_phone_and_prints_whole(browser_login, live_server, page, staff):
    """The enterprise registry (an 18-character credit code, nine columns) is wider than a phone."""
    for n in range(3):
        EnterpriseFactory(
            name=f"浙江青田阀门制造股份有限公司{n}",
            credit_code=next_credit_code(),
            industry="通用设备制造业",
            contact_person="王经理",
            recorded_by=staff,
        )
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login("owner")
    page.goto(f"{live_server.url}/enterprises/print/")
    box = page.locator(".print-sheet .table-responsive")
    expect(box.locator("tbody tr")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its box
    page.emulate_media(media="print")
    expect(box.locator("table")).to_be_visible()
    assert _not_clipped_in_print(page)
