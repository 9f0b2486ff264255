"""The work loop (督办闭环) clicked through in Chromium on a 360 px phone: acknowledge, report progress with a
photo, apply for close-off, be returned, re-apply, be closed off; an extension asked and granted; an
enterprise problem solved, then reopened by an unsatisfied enterprise."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.ledger.lifecycle import record_assignment
from bureau.ledger.notifications import Notification
from tests.helpers import png_bytes
from tests.world import EnterpriseIssueFactory, RectificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def sign_in_as(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(username)


def take(page, step, **fields):
    """Press a step's button on the item page, fill its form, confirm it."""
    page.get_by_role("link", name=step, exact=True).click()
    expect(page.get_by_role("heading", name=step, exact=True)).to_be_visible()
    fits_the_phone(page)
    for label, value in fields.items():
        field = page.get_by_label(label)
        if isinstance(value, tuple):
            field.select_option(label=value[0])
        elif label.startswith("佐证材料"):
            field.set_input_files(value)
        else:
            field.fill(value)
    page.get_by_role("button", name=f"确认{step}").click()
    expect(page.get_by_role("alert").filter(has_text=f"“{step}”已办理")).to_be_visible()


def state_of(page):
    return page.locator("[data-state]").first


def test_staff_works_an_item_to_close_off_after_being_returned_once(
    browser_login, live_server, page, staff, leader, campaign, tmp_path
):
    page.set_viewport_size(PHONE)
    item = RectificationFactory(
        recorded_by=leader,
        owner=staff,
        campaign=campaign,
        problem="科技政策宣传不到位，企业知晓率不高",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    record_assignment(item, leader)
    photo = tmp_path / "送政策上门.png"
    photo.write_bytes(png_bytes((800, 600)))

    # Staff: the item is in 我的待办; acknowledge, report progress with a photo, apply for close-off.
    sign_in_as(page, browser_login, "owner")
    page.goto(f"{live_server.url}/my-work/")
    fits_the_phone(page)
    page.get_by_role("link", name="科技政策宣传不到位").first.click()
    expect(state_of(page)).to_have_text("待签收")
    fits_the_phone(page)
    take(page, "签收", 签收意见="已签收，本周内制定宣传方案。")
    expect(state_of(page)).to_have_text("办理中")
    take(page, "记录进展", 进展情况="已赴 5 家企业送政策上门。", **{"佐证材料（照片、文件）": str(photo)})
    thumbnail = page.get_by_role("img", name="送政策上门.png").first
    expect(thumbnail).to_be_visible()
    take(page, "申请销号", 整改成效="编印政策汇编 500 册，走访企业 20 家。", 申请说明="按整改措施逐项完成。")
    expect(state_of(page)).to_have_text("申请销号")

    # Leader: returns it with a reason.
    sign_in_as(page, browser_login, "boss")
    page.goto(f"{live_server.url}/my-work/")
    page.get_by_role("link", name="科技政策宣传不到位").first.click()
    take(page, "退回", 退回理由="请补充企业回执，再申请销号。")
    expect(state_of(page)).to_have_text("办理中")
    expect(page.locator("[data-step=return]")).to_contain_text("请补充企业回执")
    assert Notification.objects.filter(recipient=staff, text__contains="退回").exists()

    # Staff: fixes it and applies again.
    sign_in_as(page, browser_login, "owner")
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    take(page, "申请销号", 整改成效="已补充 20 家企业回执。", 申请说明="已补充材料。")

    # Leader: closes it off.
    sign_in_as(page, browser_login, "boss")
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    take(page, "销号", 审核意见="材料齐全，同意销号。")
    expect(state_of(page)).to_have_text("已销号")
    fits_the_phone(page)
    steps = page.locator("[data-step]").evaluate_all("events => events.map(e => e.dataset.step)")
    assert steps == ["assign", "acknowledge", "progress", "apply", "return", "apply", "close"]

    item.refresh_from_db()
    assert item.status == "closed" and item.closed_by == leader and item.closed_on == timezone.localdate()
    assert item.result == "已补充 20 家企业回执。"
    assert item.attachments.count() == 1


def test_an_extension_is_asked_for_and_granted(browser_login, live_server, page, staff, leader, campaign):
    page.set_viewport_size(PHONE)
    today = timezone.localdate()
    item = RectificationFactory(
        recorded_by=leader,
        owner=staff,
        campaign=campaign,
        problem="农业科技服务覆盖面不够",
        status="in_progress",
        deadline=today + datetime.timedelta(days=2),
    )
    record_assignment(item, leader)
    wanted = today + datetime.timedelta(days=30)

    sign_in_as(page, browser_login, "owner")
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    expect(page.get_by_role("status").filter(has_text="黄色预警")).to_be_visible()
    take(page, "申请延期", 延期理由="种植大户分布分散，走访需延长。", 新的时限=wanted.isoformat())
    expect(page.get_by_text(f"申请延期至 {wanted.isoformat()}")).to_be_visible()
    # One request at a time: the button is gone until the leader decides.
    expect(page.get_by_role("link", name="申请延期", exact=True)).to_have_count(0)

    sign_in_as(page, browser_login, "boss")
    page.goto(f"{live_server.url}/my-work/")
    page.get_by_role("link", name="农业科技服务覆盖面不够").first.click()
    take(page, "同意延期", 审核意见="同意。")
    original = item.deadline.isoformat()
    expect(page.get_by_text(f"（原定 {original}，已延期）")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="黄色预警")).to_have_count(0)

    item.refresh_from_db()
    assert (item.deadline, item.original_deadline, item.requested_deadline) == (
        wanted,
        today + datetime.timedelta(days=2),
        None,
    )
    assert item.status == "in_progress"


def test_a_solved_problem_is_reopened_when_the_enterprise_is_not_satisfied(
    browser_login, live_server, page, staff, leader, campaign
):
    page.set_viewport_size(PHONE)
    problem = EnterpriseIssueFactory(
        recorded_by=staff,
        owner=staff,
        campaign=campaign,
        description="研发投入大，融资渠道窄",
        status="in_progress",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )

    sign_in_as(page, browser_login, "owner")
    page.goto(f"{live_server.url}{problem.get_absolute_url()}")
    take(page, "申请销号", 办理结果=("已解决",), 解决方式="对接合作银行办理科技型企业信用贷款。")

    sign_in_as(page, browser_login, "boss")
    page.goto(f"{live_server.url}{problem.get_absolute_url()}")
    take(page, "销号")
    expect(state_of(page)).to_have_text("已销号")

    sign_in_as(page, browser_login, "owner")
    page.goto(f"{live_server.url}{problem.get_absolute_url()}")
    take(page, "满意度回访", 企业满意度=("不满意",), 企业意见="贷款额度不够，希望继续协调。")
    expect(state_of(page)).to_have_text("办理中")
    expect(page.locator("[data-step=satisfaction]")).to_contain_text("不满意")
    fits_the_phone(page)

    problem.refresh_from_db()
    assert (problem.status, problem.closed_on, problem.satisfaction) == ("in_progress", None, "dissatisfied")
    assert problem.satisfaction_by == staff
