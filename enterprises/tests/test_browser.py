"""The enterprise service journey, clicked through in Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enterprises.models import Enterprise, EnterpriseIssue, EnterpriseVisit
from tests.helpers import figures
from tests.world import credit_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(username)


def state_of(page):
    return page.locator("span[data-state]")


def open_step(page, step):
    page.get_by_role("link", name=step, exact=True).click()
    expect(page.get_by_role("heading", name=step, exact=True)).to_be_visible()


def take(page, step, **fields):
    """Press a step's button on the item's page, fill its form, confirm it."""
    open_step(page, step)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=f"确认{step}").click()
    expect(page.get_by_role("heading", name=step, exact=True)).to_have_count(0)


def test_staff_registers_visits_and_solves_an_enterprise_problem(browser_login, live_server, staff, leader, campaign):
    page = browser_login("owner")

    # Register the enterprise.
    page.get_by_role("button", name="服务企业").click()
    page.get_by_role("link", name="企业名录").click()
    page.get_by_role("link", name="新增企业").click()
    page.get_by_label("企业名称").fill("青田县正腾金属饰品有限公司")
    code = credit_code(42)
    page.get_by_label("统一社会信用代码").fill(f"{code[:8]} {code[8:].lower()}")
    page.get_by_label("乡镇（街道）").fill("油竹街道")
    page.get_by_label("所属行业").fill("金属制品业")
    page.get_by_label("属省高新技术产业行业代码范围").check()
    page.get_by_label("出口企业").check()
    page.get_by_label("出口国家/地区").fill("美国")
    page.get_by_label("联系人").fill("王建国")
    page.get_by_label("联系电话").fill("0578-6512345")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="青田县正腾金属饰品有限公司")).to_be_visible()
    expect(page.get_by_text(code, exact=True)).to_be_visible()

    # Record a visit from the enterprise's page: the enterprise is already chosen.
    page.get_by_role("link", name="记录走访").click()
    expect(page.locator("#id_enterprise")).to_have_value(str(Enterprise.objects.get().pk))
    page.get_by_label("走访日期").fill("2019-10-24")
    page.get_by_label("走访目的").select_option(label="送政策")
    page.get_by_label("高新技术企业认定", exact=True).check()
    page.get_by_label("高新技术企业所得税减免", exact=True).check()
    page.get_by_label("走访情况").fill("服务小组上门解读高新技术企业政策。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()

    # Log the problem raised at that visit.
    page.get_by_role("link", name="登记本次走访反映的问题").click()
    expect(page.get_by_label("反映日期")).to_have_value("2019-10-24")
    page.get_by_label("问题类别").select_option(label="融资")
    page.get_by_label("问题描述").fill("技术改造资金不足，缺少融资渠道")
    page.get_by_label("办理时限").fill("2019-11-30")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="技术改造资金不足，缺少融资渠道")).to_be_visible()

    # Later: the problem is worked through the loop. Staff signs for it and applies for close-off.
    take(page, "签收", 签收意见="已签收，联系合作银行。")
    expect(state_of(page)).to_have_text("办理中")
    open_step(page, "申请销号")
    page.get_by_label("办理结果").select_option(label="已解决")
    page.get_by_role("button", name="确认申请销号").click()
    expect(page.locator("#form-errors")).to_contain_text("须填写解决方式")
    page.get_by_label("解决方式").fill("对接合作银行办理科技型企业信用贷款")
    page.get_by_role("button", name="确认申请销号").click()
    expect(state_of(page)).to_have_text("申请销号")
    issue_url = page.url

    # The leader closes it off; then the enterprise is asked whether it is satisfied.
    sign_in_as(page, browser_login, "boss")
    page.goto(issue_url)
    take(page, "销号", 审核意见="同意销号。")
    expect(state_of(page)).to_have_text("已销号")
    sign_in_as(page, browser_login, "owner")
    page.goto(issue_url)
    open_step(page, "满意度回访")
    page.get_by_label("企业满意度").select_option(label="满意")
    page.get_by_label("企业意见").fill("融资问题落实了，很满意。")
    page.get_by_role("button", name="确认满意度回访").click()
    expect(page.locator("[data-step=satisfaction]")).to_contain_text("【满意】 融资问题落实了，很满意。")
    expect(page.get_by_role("link", name="满意度回访", exact=True)).to_have_count(0)

    # The enterprise page tells it all, in order.
    today = timezone.localdate().isoformat()
    page.get_by_role("link", name="企业服务记录").click()
    events = page.locator("#timeline > li")
    expect(events).to_have_count(4)
    expect(events.nth(0)).to_contain_text("2019-10-24 · 走访")
    expect(events.nth(0)).to_contain_text("高新技术企业认定、高新技术企业所得税减免")
    expect(events.nth(1)).to_contain_text("2019-10-24 · 反映问题")
    expect(events.nth(1)).to_contain_text("［融资］技术改造资金不足")
    expect(events.nth(2)).to_contain_text(f"{today} · 问题销号")
    expect(events.nth(2)).to_contain_text("已解决：技术改造资金不足")
    expect(events.nth(2)).to_contain_text("对接合作银行")
    expect(events.nth(3)).to_contain_text(f"{today} · 满意度回访")
    expect(events.nth(3)).to_contain_text("满意：技术改造资金不足")
    expect(page.locator("#enterprise-summary")).to_contain_text("已解决 1 个")

    enterprise = Enterprise.objects.get()
    assert enterprise.credit_code == code and enterprise.exports and enterprise.recorded_by == staff
    visit = EnterpriseVisit.objects.get()
    assert sorted(visit.policies.values_list("name", flat=True)) == ["高新技术企业所得税减免", "高新技术企业认定"]
    assert list(visit.visitors.all()) == [staff]
    issue = EnterpriseIssue.objects.get()
    assert issue.visit == visit and issue.owner == staff
    assert (issue.status, issue.outcome, issue.satisfaction) == ("closed", "resolved", "satisfied")
    assert issue.closed_by == leader and issue.closed_on == timezone.localdate()
    # Counted on the day it was closed off, not on the day it was raised.
    assert figures(campaign, campaign.start, timezone.localdate())["enterprise.issues_resolved"] == 1


def test_a_wrong_credit_code_is_shown_next_to_the_field(browser_login, live_server, staff, campaign):
    page = browser_login("owner")
    page.goto(f"{live_server.url}/enterprises/new/")
    page.get_by_label("企业名称").fill("青田县测试企业有限公司")
    code = credit_code(43)
    page.get_by_label("统一社会信用代码").fill(code[:17] + ("0" if code[17] != "0" else "1"))
    page.get_by_label("乡镇（街道）").fill("鹤城街道")
    page.get_by_label("所属行业").fill("金属制品业")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#form-errors")).to_contain_text("校验位")
    expect(page.locator("#id_credit_code")).to_have_attribute("aria-invalid", "true")
    assert not Enterprise.all_objects.exists()
