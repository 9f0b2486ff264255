"""The bureau sets itself up: from an empty database, `create_bureau` and then the pages only.

The admin signs in with the one-time password the command printed, changes it, follows the 系统设置
guide (单位信息, 科室, 账户, 主题教育, 目标) until every step is ticked, and opens a staff and a leader
account; the staff member, on a phone, signs in with the password shown once on the account page,
changes it and records a study session; the leader, on a phone too, sees it counted against its target.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.choices import StudyKind
from campaigns.models import StudySession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
BUREAU = "青田县科学技术局"
CAMPAIGN = "2025年深入贯彻中央八项规定精神学习教育"
TOPIC = "学习贯彻中央八项规定及其实施细则精神"


def _field(page, label):
    """A form field by its label, exactly: crispy adds an asterisk to a required field's label."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _fits_the_phone(page):
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _log_in_and_change_password(page, live_server, username, one_time, new_password, *, phone=False):
    """Signs in with a one-time password: the policy sends the user to 修改密码 before anything else."""
    page.goto(f"{live_server.url}/accounts/login/")
    if phone:
        _fits_the_phone(page)
    _field(page, "用户名").fill(username)
    _field(page, "密码").fill(one_time)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/password/")
    expect(page.get_by_text("您的密码由管理员设置，请先修改为只有您本人知道的密码")).to_be_visible()
    # Nothing else opens until the password is changed.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/password/")
    if phone:
        _fits_the_phone(page)
    _field(page, "旧密码").fill(one_time)
    _field(page, "新密码").fill(new_password)
    _field(page, "新密码确认").fill(new_password)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_text("您的密码已修改成功。")).to_be_visible()
    if phone:
        _fits_the_phone(page)
    page.get_by_role("link", name="返回首页").click()


def _log_out(page, display_name):
    menu = page.get_by_role("button", name="展开导航")
    if menu.is_visible():
        menu.click()
        # The collapsed menu slides open: the name's drop-down is clicked once it is fully shown.
        expect(page.locator("#mainNav")).to_have_class(re.compile(r"\bshow\b"))
    log_out = page.get_by_role("button", name="退出登录")
    page.get_by_role("button", name=re.compile(re.escape(display_name))).click()
    expect(log_out).to_be_visible()
    log_out.click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()


def _guide_step(page, title):
    guide = page.get_by_role("region", name="设置引导")
    return guide.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def _back_to_the_guide(page):
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="系统设置").click()
    expect(page).to_have_url(re.compile(r"/setup/$"))


def _create_account(page, username, last_name, first_name, role, department):
    """Fills 新增账户 (already open) and reads the one-time password the next page shows once."""
    expect(page.get_by_role("heading", name="新增账户")).to_be_visible()
    _field(page, "用户名").fill(username)
    _field(page, "姓").fill(last_name)
    _field(page, "名").fill(first_name)
    _field(page, "角色").select_option(label=role)
    _field(page, "科室").select_option(label=department)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=f"已新增账户 {username}")).to_be_visible()
    expect(page.get_by_text("这个初始密码只显示这一次，系统不保存它。")).to_be_visible()
    password = page.locator("#one-time-password").inner_text().strip()
    assert len(password) >= 8
    return password


def test_a_new_bureau_sets_itself_up_through_the_pages(live_server, page):
    today = timezone.localdate()
    output = io.StringIO()
    call_command(
        "create_bureau",
        "--name",
        BUREAU,
        "--level",
        "county",
        "--admin",
        "wangfang",
        "--admin-name",
        "王芳",
        stdout=output,
    )
    found = re.search(r"管理员：wangfang　初始密码：(\S+)", output.getvalue())
    assert found, output.getvalue()
    admin_password = found.group(1)

    # 1. The admin signs in, is made to change the password, and lands on the guide.
    page.set_viewport_size(DESKTOP)
    _log_in_and_change_password(page, live_server, "wangfang", admin_password, "Qingtian#2025kj")
    expect(page).to_have_url(f"{live_server.url}/setup/")
    expect(page.get_by_role("heading", name="系统设置", exact=True)).to_be_visible()
    expect(page.get_by_text("欢迎使用主题教育工作台账。本单位还没有主题教育")).to_be_visible()
    expect(page.get_by_text("已完成 0/5")).to_be_visible()
    for title in ("单位信息", "科室", "账户", "主题教育", "目标"):
        expect(_guide_step(page, title)).to_contain_text("未完成")

    # 2a. 单位信息: the contact person and phone.
    _guide_step(page, "单位信息").get_by_role("link", name="单位信息").click()
    expect(page.get_by_role("heading", name="单位信息")).to_be_visible()
    expect(_field(page, "名称")).to_have_value(BUREAU)
    _field(page, "联系人").fill("王芳")
    _field(page, "联系电话").fill("0578-6812345")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("单位信息已保存。")).to_be_visible()
    _back_to_the_guide(page)
    expect(page.get_by_text("已完成 1/5")).to_be_visible()
    expect(_guide_step(page, "单位信息")).to_contain_text("已完成")

    # 2b. 科室: two departments.
    _guide_step(page, "科室").get_by_role("link", name="科室").click()
    expect(page.get_by_text("共 0 个科室")).to_be_visible()
    for name in ("办公室", "高新技术科"):
        page.get_by_role("link", name="新增科室").click()
        _field(page, "科室名称").fill(name)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text(f"已新增科室“{name}”。")).to_be_visible()
    expect(page.get_by_text("共 2 个科室")).to_be_visible()
    _back_to_the_guide(page)
    expect(page.get_by_text("已完成 2/5")).to_be_visible()

    # 2c. 账户: a staff member of 高新技术科 and a leader; each one-time password is shown once.
    _guide_step(page, "账户").get_by_role("link", name="账户").click()
    page.get_by_role("link", name="新增账户").click()
    staff_password = _create_account(page, "liqiang", "李", "强", "科员", "高新技术科")
    page.get_by_role("link", name="继续新增账户").click()
    leader_password = _create_account(page, "zhaojun", "赵", "军", "局领导", "办公室")
    assert leader_password != staff_password
    page.get_by_role("link", name="返回账户列表").click()
    expect(page.get_by_text("共 3 个账户")).to_be_visible()
    staff_row = page.locator("tbody tr").filter(has_text="liqiang")
    expect(staff_row).to_contain_text("李强")
    expect(staff_row).to_contain_text("科员")
    expect(staff_row).to_contain_text("高新技术科")
    expect(page.locator("tbody tr").filter(has_text="zhaojun")).to_contain_text("局领导")
    _back_to_the_guide(page)
    expect(page.get_by_text("已完成 3/5")).to_be_visible()

    # 2d. 主题教育: today inside it; it becomes the current one.
    _guide_step(page, "主题教育").get_by_role("link", name="主题教育").click()
    page.get_by_role("link", name="新建主题教育").click()
    _field(page, "名称").fill(CAMPAIGN)
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=90)
    _field(page, "开始日期").fill(f"{start:%Y-%m-%d}")
    _field(page, "结束日期").fill(f"{end:%Y-%m-%d}")
    expect(_field(page, "设为当前主题教育")).to_be_checked()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已新建主题教育“{CAMPAIGN}”。它已是本单位的当前主题教育。")).to_be_visible()
    expect(page.get_by_text("这是本单位的当前主题教育：各页面默认打开它。")).to_be_visible()
    _back_to_the_guide(page)
    expect(page.get_by_text("已完成 4/5")).to_be_visible()
    # With a campaign the bureau is set up: the welcome goes.
    expect(page.get_by_text("欢迎使用主题教育工作台账。")).to_have_count(0)

    # 2e. 目标: the guide's link opens the current campaign's targets.
    _guide_step(page, "目标").get_by_role("link", name="目标").click()
    expect(page.get_by_role("heading", name=f"目标设置 · {CAMPAIGN}")).to_be_visible()
    page.get_by_label(re.compile(r"^\s*党员集中学习（")).fill("10")
    page.get_by_role("button", name="保存目标").click()
    expect(page.get_by_text("目标已保存。")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^\s*党员集中学习（"))).to_have_value("10")
    page.get_by_role("button", name=re.compile("王芳")).click()
    page.get_by_role("link", name="系统设置").click()
    expect(page.get_by_text("已完成 5/5")).to_be_visible()
    for title in ("单位信息", "科室", "账户", "主题教育", "目标"):
        expect(_guide_step(page, title)).to_contain_text("已完成")
        expect(_guide_step(page, title)).not_to_contain_text("未完成")
    _log_out(page, "王芳")

    # 3. The staff member, on a phone: one-time password, a new one, then a study session.
    page.set_viewport_size(PHONE)
    _log_in_and_change_password(page, live_server, "liqiang", staff_password, "Gaoxin#2025lq", phone=True)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name=CAMPAIGN)).to_be_visible()
    _fits_the_phone(page)
    page.get_by_role("button", name="展开导航").click()
    page.get_by_role("button", name="学习教育").click()
    page.get_by_role("link", name="学习活动", exact=True).click()
    expect(page.get_by_role("heading", name="学习活动")).to_be_visible()
    _fits_the_phone(page)
    page.get_by_role("link", name="新增学习活动").click()
    expect(page.get_by_role("heading", name="新增学习活动")).to_be_visible()
    _fits_the_phone(page)
    expect(_field(page, "科室")).to_have_value(re.compile(r"\d+"))
    expect(_field(page, "科室").locator("option:checked")).to_have_text("高新技术科")
    _field(page, "学习形式").select_option(label="党员集中学习")
    _field(page, "学习日期").fill(f"{today:%Y-%m-%d}")
    _field(page, "学习主题").fill(TOPIC)
    _field(page, "地点").fill("局三楼会议室")
    _field(page, "参加人数").fill("12")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=TOPIC)).to_be_visible()
    _fits_the_phone(page)
    session = StudySession.objects.get(topic=TOPIC)
    assert (session.kind, session.date, session.attendance) == (StudyKind.COLLECTIVE, today, 12)
    assert (session.bureau.name, session.department.name, session.recorded_by.username) == (
        BUREAU,
        "高新技术科",
        "liqiang",
    )
    assert session.campaign.name == CAMPAIGN
    page.get_by_role("link", name="主题教育工作台账").click()
    expect(page.get_by_role("heading", name=CAMPAIGN)).to_be_visible()
    _fits_the_phone(page)
    _log_out(page, "李强")

    # 4. The leader, on a phone too, sees the session counted against the target.
    _log_in_and_change_password(page, live_server, "zhaojun", leader_password, "Lingdao#2025zj", phone=True)
    expect(page.get_by_role("heading", name=f"工作看板 · {CAMPAIGN}")).to_be_visible()
    card = page.locator('[data-indicator="study.collective"]')
    expect(card.locator('a[data-period="cumulative"]')).to_have_text("1")
    expect(card.locator('a[data-period="value"]')).to_have_text("1")
    expect(card).to_contain_text("目标 10 · 10%")
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "10")
    _fits_the_phone(page)
    card.locator('a[data-period="cumulative"]').click()
    expect(page.get_by_text(TOPIC)).to_be_visible()
