"""The enterprise service journey, clicked through in Chromium."""

import pytest
from playwright.sync_api import expect

from enterprises.models import Enterprise, EnterpriseIssue, EnterpriseVisit
from tests.helpers import figures
from tests.world import credit_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_registers_visits_and_solves_an_enterprise_problem(browser_login, live_server, staff, campaign):
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

    # Later: the problem is solved.
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("办理状态").select_option(label="已解决")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#form-errors")).to_contain_text("须填写解决方式")
    page.get_by_label("解决方式").fill("对接合作银行办理科技型企业信用贷款")
    page.get_by_label("办结日期").fill("2019-11-29")
    page.get_by_label("企业反馈").fill("融资问题落实了，很满意。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已于")).to_contain_text("2019-11-29 解决")

    # The enterprise page tells it all, in order.
    page.get_by_role("link", name="企业服务记录").click()
    events = page.locator("#timeline > li")
    expect(events).to_have_count(3)
    expect(events.nth(0)).to_contain_text("2019-10-24 · 走访")
    expect(events.nth(0)).to_contain_text("高新技术企业认定、高新技术企业所得税减免")
    expect(events.nth(1)).to_contain_text("2019-10-24 · 反映问题")
    expect(events.nth(1)).to_contain_text("［融资］技术改造资金不足")
    expect(events.nth(2)).to_contain_text("2019-11-29 · 问题办结")
    expect(events.nth(2)).to_contain_text("对接合作银行")
    expect(page.locator("#enterprise-summary")).to_contain_text("已解决 1 个")

    enterprise = Enterprise.objects.get()
    assert enterprise.credit_code == code and enterprise.exports and enterprise.recorded_by == staff
    visit = EnterpriseVisit.objects.get()
    assert sorted(visit.policies.values_list("name", flat=True)) == ["高新技术企业所得税减免", "高新技术企业认定"]
    assert list(visit.visitors.all()) == [staff]
    issue = EnterpriseIssue.objects.get()
    assert issue.visit == visit and issue.status == "resolved" and issue.owner == staff
    assert figures(campaign)["enterprise.issues_resolved"] == 1


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
