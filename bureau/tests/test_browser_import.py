"""Importing a spreadsheet on a phone: from the list's 导入 button, the preview of every row and every error,
确认导入, the same file again refused row by row, and 撤销导入 bringing the counts back."""

import datetime

import pytest
from playwright.sync_api import expect

from campaigns.models import StudySession
from tests.helpers import xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["学习形式", "学习日期", "学习主题", "参加人数"]
ROWS = [
    ["党员集中学习", datetime.date(2019, 10, 8), "学习党章", 21],
    ["专题研讨", "2019-11-29", "找差距、抓落实专题研讨", 12],
    ["党组中心组理论学习", "2019-11-06", "学习纲要（第三章）", 9],
    ["实践教育", "2019-11-15", "参观廉政教育基地", 18],
    ["送学上门", "2019-12-03", "为企业送学十九届四中全会精神", 7],
]
# Row 4 of the file (the third row of data) with three errors: an unknown form, a date outside the campaign,
# no topic.
BROKEN = [*ROWS[:2], ["读书会", "2030-01-01", "", 9], *ROWS[3:]]


def upload(page, path):
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()


def test_preview_confirm_refuse_again_and_undo(browser_login, live_server, page, staff, campaign, tmp_path):
    sheet = tmp_path / "学习活动.xlsx"
    sheet.write_bytes(xlsx_bytes(HEADERS, BROKEN))
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login("owner")
    page.goto(f"{live_server.url}/study-sessions/")
    page.get_by_role("link", name="导入").click()
    expect(page.get_by_label("导入类型")).to_have_value("study-sessions")

    # Every row is listed with its result; the broken row shows all three of its errors; nothing is saved.
    upload(page, sheet)
    preview = page.locator("table.import-preview")
    expect(preview.locator("tbody tr")).to_have_count(5)
    broken = preview.locator("tr.table-danger")
    expect(broken).to_have_count(1)
    expect(broken.locator("th")).to_have_text("4")
    expect(broken).to_contain_text("“读书会”不是可选的值")
    expect(broken).to_contain_text("学习日期")
    expect(broken).to_contain_text("学习主题")
    expect(broken.locator("li")).to_have_count(3)
    expect(preview.get_by_text("可导入")).to_have_count(4)
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert StudySession.objects.count() == 0

    # The corrected file: previewed, nothing saved yet, then saved whole.
    sheet.write_bytes(xlsx_bytes(HEADERS, ROWS))
    upload(page, sheet)
    expect(page.locator("#import-result")).to_contain_text("还没有保存任何数据")
    expect(preview.get_by_text("可导入")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert StudySession.objects.count() == 0
    page.get_by_role("button", name="确认导入 5 行").click()
    expect(page.get_by_role("heading", name="导入记录：学习活动.xlsx")).to_be_visible()
    expect(page.locator("#job-status")).to_have_text("已导入")
    assert StudySession.objects.count() == 5

    # The same file again saves nothing and names every row that already exists.
    page.goto(f"{live_server.url}/imports/?kind=study-sessions")
    upload(page, sheet)
    expect(preview.locator("tr.table-danger")).to_have_count(5)
    expect(preview.locator("tr.table-danger").first).to_contain_text("与已有记录重复")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert StudySession.objects.count() == 5

    # Undo brings the counts back: the import that saved is in 我的导入记录.
    page.locator("tr").filter(has_text="已导入").get_by_role("link", name="学习活动.xlsx").click()
    page.get_by_role("link", name="撤销导入").click()
    expect(page.get_by_role("alert")).to_contain_text("导入的记录会移入回收站")
    page.get_by_role("button", name="撤销导入").click()
    expect(page.locator("#job-status")).to_have_text("已撤销")
    assert StudySession.objects.count() == 0
    page.goto(f"{live_server.url}/recycle-bin/")
    expect(page.get_by_text("学习党章")).to_be_visible()
