"""The leaders' dashboard in Chromium: the demo bureau's figures, a drill-down, the monthly workbook."""

import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # load_demo refuses to create its weak-password accounts otherwise
    call_command("load_demo", stdout=io.StringIO())


def cumulative_link(page, key):
    return page.locator(f'[data-indicator="{key}"] a[data-period="cumulative"]')


def test_leader_reads_the_dashboard_drills_down_and_exports_the_month(demo, browser_login, live_server, tmp_path):
    page = browser_login("leader", "demo-leader")
    assert page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", name=re.compile("工作看板"))).to_be_visible()

    # The indicator cards, with DESIGN §1's figures.
    expect(page.locator(".indicator-card").first).to_be_visible()
    assert page.locator(".indicator-card").count() >= 20
    expect(cumulative_link(page, "research.enterprises")).to_have_text("63")
    expect(cumulative_link(page, "study.central_group")).to_have_text("8")
    expect(cumulative_link(page, "research.suggestions")).to_have_text("38")

    # Every chart is drawn (ECharts' SVG renderer).
    charts = page.locator(".chart")
    assert charts.count() == 6
    for index in range(charts.count()):
        expect(charts.nth(index).locator("svg")).to_have_count(1)
    month = page.locator("#month-picker").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}", month)

    # A number opens the records behind it, and there are exactly that many.
    cumulative_link(page, "research.enterprises").click()
    expect(page.get_by_role("heading", name="调研企业")).to_be_visible()
    expect(page.locator("#drilldown-total")).to_contain_text("63")
    expect(page.locator("ol.drilldown-entities > li")).to_have_count(63)
    page.go_back()
    expect(cumulative_link(page, "research.enterprises")).to_have_text("63")

    # The month's workbook: its title names the month shown, its figures are the dashboard's.
    cards = {
        key: int(cumulative_link(page, key).inner_text())
        for key in ("research.enterprises", "study.collective", "enterprise.issues_resolved")
    }
    with page.expect_download() as info:
        page.get_by_role("link", name="导出月报").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "monthly.xlsx"
    download.save_as(path)

    sheet = openpyxl.load_workbook(path).worksheets[0]
    year, number = (int(part) for part in month.split("-"))
    assert sheet["A1"].value == f"青田县科学技术局 主题教育工作月报 {year}年{number}月"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert rows["调研企业"][3] == cards["research.enterprises"] == 63
    assert rows["党员集中学习"][3] == cards["study.collective"] == 14
    assert rows["帮助企业解决问题"][3] == cards["enterprise.issues_resolved"] == 42


def test_dashboard_fits_a_phone_without_sideways_scrolling(demo, browser_login, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login("leader", "demo-leader")
    expect(cumulative_link(page, "research.enterprises")).to_have_text("63")
    expect(page.locator(".chart svg").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
