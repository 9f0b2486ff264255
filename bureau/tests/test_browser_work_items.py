"""Colours, bulk extension and 我的待办 on a phone, clicked through in Chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.ledger.lifecycle import Step, WorkEvent
from campaigns.models import Rectification
from tests.world import RectificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}

# Every visible field has a label (its own <label>, or aria-label): what axe's "label" rule checks.
UNLABELLED_FIELDS = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter((el) => el.type !== 'hidden')
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.outerHTML)"""


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(UNLABELLED_FIELDS) == []


def test_leader_extends_two_red_items_and_staff_sees_them_on_my_work(
    browser_login, live_server, page, staff, leader, campaign
):
    today = timezone.localdate()
    for n, days in enumerate((-5, -3, -1)):
        RectificationFactory(
            recorded_by=staff, campaign=campaign, problem=f"逾期问题{n}", deadline=today + datetime.timedelta(days=days)
        )
    RectificationFactory(
        recorded_by=staff, campaign=campaign, problem="临近时限的问题", deadline=today + datetime.timedelta(days=2)
    )
    new_deadline = today + datetime.timedelta(days=5)

    page.set_viewport_size(PHONE)
    browser_login("boss")
    page.goto(f"{live_server.url}/rectifications/")
    page.get_by_role("button", name="筛选与搜索").click()
    page.get_by_label("预警").select_option(label="红色预警")
    page.get_by_role("button", name="筛选", exact=True).click()
    page.wait_for_url("**warning=red**")
    expect(page.locator("#result-count")).to_contain_text("共 3 条")
    expect(page.get_by_text("临近时限的问题")).to_have_count(0)
    expect(page.locator("tbody .badge.warning-red").first).to_have_text("红色预警")
    _fits_the_phone(page)

    page.get_by_label("选择“逾期问题0”").check()
    page.get_by_label("选择“逾期问题1”").check()
    expect(page.locator("#selected-count")).to_have_text("已选 2 条")
    page.get_by_role("button", name="延期").click()
    page.get_by_label("新的时限").fill(new_deadline.isoformat())
    page.get_by_label("延期理由").fill("需等待县财政拨款到位")
    _fits_the_phone(page)
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("#bulk-question")).to_contain_text(f"确定将以上 2 项的时限延至 {new_deadline.isoformat()} 吗")
    page.get_by_role("button", name="确认延期").click()
    page.wait_for_url("**/rectifications/?**")
    expect(page.get_by_role("alert")).to_contain_text("已延期 2 项")
    # Back on the filtered list: only the item not extended is still red.
    expect(page.locator("#result-count")).to_contain_text("共 1 条")
    extended = Rectification.objects.filter(problem__in=["逾期问题0", "逾期问题1"])
    assert {item.deadline for item in extended} == {new_deadline}
    assert {item.history.latest("history_date").history_change_reason for item in extended} == {
        "延期：需等待县财政拨款到位"
    }
    reasons = {WorkEvent.objects.of(item).get(step=Step.EXTEND).opinion for item in extended}
    assert reasons == {"需等待县财政拨款到位"}

    page.context.clear_cookies()
    browser_login("owner")
    expect(page.locator(".my-work-nav")).to_contain_text("1")
    page.locator(".my-work-nav").click()
    expect(page.get_by_role("heading", name="我的待办", level=1)).to_be_visible()
    blue = page.locator(".my-work-group").filter(has=page.get_by_role("heading", name="蓝色预警"))
    expect(blue.get_by_role("link", name="逾期问题0")).to_be_visible()
    expect(blue.get_by_role("link", name="逾期问题1")).to_be_visible()
    expect(blue.locator(".badge.warning-blue").first).to_have_text("蓝色预警")
    overdue = page.locator(".my-work-group").filter(has=page.get_by_role("heading", name="已逾期"))
    expect(overdue.get_by_role("link", name="逾期问题2")).to_be_visible()
    _fits_the_phone(page)
