"""Upward reporting (月报报送) clicked through in Chromium: two counties submit their months to the city, one of
them late; the city returns one county's report with a reason, the county is told, corrects a record of the
reopened month and submits the second version, which the city accepts. The board ends on a 360 px phone."""

import datetime
from contextlib import contextmanager

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.ledger.month import Month
from campaigns.models import StudySession
from reports.models import MonthClose, Review
from tests.world import PASSWORD, BureauFactory, CampaignFactory, StudySessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
# This month's report is due next month: submitting it now is on time. The month before last was due last month.
THIS = Month.of(TODAY)
LATE = Month.of(Month.of(TODAY.replace(day=1) - datetime.timedelta(days=1)).first - datetime.timedelta(days=1))

CITY, QINGTIAN, JINGNING = "丽水市科学技术局", "青田县科学技术局", "景宁县科学技术局"
REASON = "调研企业数与走访记录不符，请核对后重新报送。"
PHONE = {"width": 360, "height": 740}

# Every visible field has a label (its own <label>, or aria-label): what axe's "label" rule checks (as in
# bureau/tests/test_browser_work_items.py; the project ships no axe-core).
UNLABELLED_FIELDS = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter((el) => el.type !== 'hidden')
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.outerHTML)"""
# Every button and link says what it does to a screen reader (axe's "button-name" and "link-name").
UNNAMED_CONTROLS = """() => Array.from(document.querySelectorAll('button, a[href], summary'))
  .filter((el) => !(el.innerText || '').trim() && !(el.textContent || '').trim() && !el.getAttribute('aria-label'))
  .map((el) => el.outerHTML)"""


@pytest.fixture
def tree(db):
    """A city with two counties; each runs a campaign over the months in play and has a leader and a study
    session this month (the leader's own, so the leader may correct it)."""
    city = BureauFactory(name=CITY, level="city")
    found = {"city": city, "qingtian": BureauFactory(name=QINGTIAN, parent=city)}
    found["jingning"] = BureauFactory(name=JINGNING, parent=city)
    for key in ("city", "qingtian", "jingning"):
        bureau = found[key]
        campaign = CampaignFactory(bureau=bureau, name=f"{bureau.name}主题教育", start=LATE.first, end=THIS.last)
        leader = UserFactory(username=f"{key}-leader", bureau=bureau, role="leader")
        found[f"{key}_campaign"], found[f"{key}_leader"] = campaign, leader
        StudySessionFactory(recorded_by=leader, campaign=campaign, date=THIS.first, topic="本月学习")
        StudySessionFactory(recorded_by=leader, campaign=campaign, date=LATE.first, topic="早先学习")
    return found


def sign_in_as(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(username, PASSWORD)


@contextmanager
def confirming(page, question):
    """Answer the data-confirm dialog the next click raises with OK, and check what it asked."""
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    yield
    assert asked == [question]


def submit(page, live_server, campaign, month):
    page.goto(f"{live_server.url}/reports/monthly/?campaign={campaign.pk}")
    expect(page.get_by_role("heading", name=f"月报导出与报送 · {campaign.name}")).to_be_visible()
    expect(page.locator("[data-parent]")).to_contain_text(f"月报报送至 {CITY}")
    page.locator("#close-month").select_option(str(month))
    with confirming(page, "确定报送该月月报并锁定该月记录吗？"):
        page.get_by_role("button", name="报送并锁定").click()
        expect(page.get_by_role("alert")).to_contain_text(f"{month} 月报已报送，该月记录已锁定。")


def open_board(page, live_server, month):
    page.goto(f"{live_server.url}/reports/submissions/?month={month}")
    expect(page.get_by_role("heading", name=f"下级报送情况 · {month.label}")).to_be_visible()


def board_row(page, bureau):
    return page.locator("#submission-board tbody tr").filter(has=page.get_by_role("rowheader", name=bureau, exact=True))


def expect_row(page, bureau, status, version=None, timing=None):
    row = board_row(page, bureau)
    cell = row.locator('td[data-label="状态"]')
    expect(cell.locator(".badge")).to_have_text(status)
    if version is not None:
        expect(cell).to_contain_text(f"第 {version} 版")
    if timing is not None:
        expect(row.locator('td[data-label="是否按时"] .badge')).to_have_text(timing)
    return row


def review_of(page, version):
    """The 报送记录 line of one version on the county's 月报导出与报送 page."""
    return page.locator("[data-review]").filter(has_text=f"第 {version} 版")


def fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def test_counties_report_the_city_returns_one_and_accepts_its_second_version(browser_login, live_server, page, tree):
    qingtian, jingning = tree["qingtian_campaign"], tree["jingning_campaign"]

    # 1. 青田 reports this month; 景宁 reports the month before last (its deadline is past) and this month.
    sign_in_as(page, browser_login, "qingtian-leader")
    submit(page, live_server, qingtian, THIS)
    expect(review_of(page, 1)).to_contain_text("按时")
    expect(review_of(page, 1).locator(".badge")).to_have_text("已报送")

    sign_in_as(page, browser_login, "jingning-leader")
    submit(page, live_server, jingning, LATE)
    late_line = page.locator("tbody tr").filter(has_text=LATE.first.strftime("%Y-%m")).locator("[data-review]")
    expect(late_line).to_contain_text("逾期")
    submit(page, live_server, jingning, THIS)

    # 2. The city's board: both counties reported this month, first versions, on time; 景宁 was late before.
    sign_in_as(page, browser_login, "city-leader")
    expect(page.locator("#notification-bell")).to_contain_text("未读通知 3 条")
    open_board(page, live_server, THIS)
    expect(page.locator("[data-summary]")).to_have_text("共 2 家单位，已报送 2 家，其中按时 2 家。")
    expect_row(page, QINGTIAN, "已报送", version=1, timing="按时")
    expect_row(page, JINGNING, "已报送", version=1, timing="按时")
    expect(page.get_by_role("button", name=f"审核通过 {QINGTIAN}")).to_be_visible()

    page.get_by_label("月份", exact=True).select_option(str(LATE))
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name=f"下级报送情况 · {LATE.label}")).to_be_visible()
    expect(page.locator("[data-summary]")).to_have_text("共 2 家单位，已报送 1 家，其中按时 0 家。")
    expect_row(page, JINGNING, "已报送", version=1, timing="逾期")
    expect_row(page, QINGTIAN, "未报送")

    # 3. The city returns 青田's report with a reason.
    open_board(page, live_server, THIS)
    row = board_row(page, QINGTIAN)
    row.locator("summary").filter(has_text="退回").click()
    row.get_by_label("退回原因").fill(REASON)
    with confirming(page, f"确定退回 {QINGTIAN} 的月报吗？该月将为其重新打开。"):
        row.get_by_role("button", name=f"退回 {QINGTIAN}", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text(f"已退回 {QINGTIAN} {THIS} 月报，该月已为其重新打开")
    row = expect_row(page, QINGTIAN, "已退回", version=1)
    expect(row).to_contain_text(f"退回原因：{REASON}")
    expect(row.get_by_role("button", name=f"审核通过 {QINGTIAN}")).to_have_count(0)
    expect_row(page, JINGNING, "已报送", version=1)
    expect(page.locator("[data-summary]")).to_have_text("共 2 家单位，已报送 2 家，其中按时 2 家。")

    # 4. 青田's leader is told why, sees it on the month page, corrects the reopened month, submits again.
    sign_in_as(page, browser_login, "qingtian-leader")
    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("未读通知 1 条")
    bell.click()
    notice = page.locator(".list-group-item").filter(has_text=f"{CITY} 退回了 {THIS} 月报（第 1 版）")
    expect(notice).to_contain_text(f"原因：{REASON}")
    expect(notice).to_contain_text("该月已重新打开，请修改后重新报送")
    notice.get_by_role("link", name="查看事项").click()
    expect(page.get_by_role("heading", name=f"月报导出与报送 · {qingtian.name}")).to_be_visible()
    first = review_of(page, 1)
    expect(first.locator(".badge")).to_have_text("已退回")
    expect(first).to_contain_text(f"退回原因：{REASON}")
    reopened = page.locator("tbody tr").filter(has=first)
    expect(reopened).to_contain_text("已重新打开")
    expect(reopened).to_contain_text(f"上级退回：{REASON}")

    session = StudySession.objects.get(campaign=qingtian, date=THIS.first)
    page.goto(f"{live_server.url}/study-sessions/{session.pk}/edit/")
    page.get_by_label("学习主题").fill("本月学习（补正）")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    expect(page.get_by_role("heading", name="本月学习（补正）")).to_be_visible()

    submit(page, live_server, qingtian, THIS)
    expect(review_of(page, 2).locator(".badge")).to_have_text("已报送")
    expect(review_of(page, 1).locator(".badge")).to_have_text("已退回")

    # 5. The city sees the second version and accepts it; both versions are listed.
    sign_in_as(page, browser_login, "city-leader")
    open_board(page, live_server, THIS)
    expect_row(page, QINGTIAN, "已报送", version=2, timing="按时")
    with confirming(page, f"确定审核通过 {QINGTIAN} 的月报吗？"):
        page.get_by_role("button", name=f"审核通过 {QINGTIAN}").click()
        expect(page.get_by_role("alert")).to_contain_text(f"已审核通过 {QINGTIAN} {THIS} 月报（第 2 版）。")
    expect_row(page, QINGTIAN, "已审核", version=2, timing="按时")
    expect(page.get_by_role("button", name=f"审核通过 {QINGTIAN}")).to_have_count(0)
    history = page.locator("details").filter(has_text=f"{QINGTIAN} 历次报送（2 版）")
    history.locator("summary").click()
    versions = history.get_by_role("listitem")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("第 1 版")
    expect(versions.nth(0)).to_contain_text(f"已退回：{REASON}")
    expect(versions.nth(1)).to_contain_text("第 2 版")
    expect(versions.nth(1)).to_contain_text("已审核")
    reports = MonthClose.objects.filter(campaign=qingtian, month=THIS.first).order_by("version")
    assert [(r.version, r.review) for r in reports] == [(1, Review.RETURNED), (2, Review.ACCEPTED)]
    assert reports[0].sha256 != reports[1].sha256  # the corrected month is a different workbook

    # 6. 青田's leader sees the acceptance.
    sign_in_as(page, browser_login, "qingtian-leader")
    expect(page.locator("#notification-bell")).to_contain_text("未读通知 2 条")
    page.goto(f"{live_server.url}/reports/monthly/?campaign={qingtian.pk}")
    expect(review_of(page, 2).locator(".badge")).to_have_text("已审核")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.locator(".list-group-item").first).to_contain_text(f"{CITY} 已审核通过 {THIS} 月报（第 2 版）。")

    # 7. The board on a 360 px phone, every disclosure open: no sideways scrolling, every control named.
    sign_in_as(page, browser_login, "city-leader")
    page.set_viewport_size(PHONE)
    open_board(page, live_server, THIS)
    fits_the_phone(page)
    for summary in page.locator("#submission-board summary").all():
        summary.click()
    expect(board_row(page, JINGNING).get_by_label("退回原因")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="第 1 版").first).to_be_visible()
    fits_the_phone(page)
    assert page.evaluate(UNLABELLED_FIELDS) == []
    assert page.evaluate(UNNAMED_CONTROLS) == []
