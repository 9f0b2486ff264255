"""Browser journeys of the access model: the auditor reads and exports the trail and sees nothing else;
the city leader reads the roll-up of both counties and cannot edit a county's record; an account whose
password an admin set is made to change it first."""

import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from campaigns.models import StudySession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_the_auditor_reads_and_exports_the_trail_and_nothing_else(demo, live_server, page, tmp_path):
    # A failed login of the bureau's staff is what the auditor will look for.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("staff")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("请输入一个正确的")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("auditor")
    page.get_by_label("密码").fill("demo-auditor")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    # The navigation holds the audit pages only.
    expect(page.get_by_role("button", name="学习教育")).to_have_count(0)
    page.get_by_label("操作").select_option(label="登录失败")
    page.get_by_role("button", name="筛选").click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("staff")
    expect(row).to_contain_text("登录失败")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    info.value.save_as(tmp_path / "审计日志.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "审计日志.xlsx").worksheets[0]
    assert sheet["A1"].value == "序号" and any(cell.value == "staff" for cell in sheet["D"])
    response = page.goto(f"{live_server.url}/study-sessions/")
    assert response.status == 403
    expect(page.get_by_text("审计员只能查看审计日志和修改记录")).to_be_visible()


def test_the_city_leader_reads_both_counties_and_changes_neither(demo, browser_login, live_server):
    page = browser_login("city", "demo-city")
    expect(page.get_by_role("heading", name=re.compile("工作看板"))).to_be_visible()
    central = page.locator('[data-indicator="study.central_group"] a[data-period="cumulative"]')
    expect(central).to_have_text("14")  # 8 in 青田 and 6 in 景宁
    neighbour = StudySession.objects.filter(bureau__name="景宁畲族自治县科学技术局").first()
    page.goto(f"{live_server.url}/study-sessions/{neighbour.pk}/")
    expect(page.get_by_role("heading", name=neighbour.topic)).to_be_visible()
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    response = page.goto(f"{live_server.url}/study-sessions/{neighbour.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_text("上级单位只能查看下级单位的记录，不能修改")).to_be_visible()


def test_a_password_set_by_an_admin_is_changed_at_the_first_login(demo, live_server, page):
    from bureau.models import User

    staff = User.objects.get(username="staff")
    staff.set_password("Temp-2019-set")
    staff.must_change_password = True
    staff.save()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("staff")
    page.get_by_label("密码").fill("Temp-2019-set")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/accounts/password/")
    page.locator("#id_old_password").fill("Temp-2019-set")
    page.locator("#id_new_password1").fill("simple")
    page.locator("#id_new_password2").fill("simple")
    page.get_by_role("button", name="保存新密码").click()
    # Every rule the password breaks is said next to the field.
    errors = page.locator('[id^="error_"][id$="_id_new_password2"]')
    expect(errors.filter(has_text="至少 3 类")).to_be_visible()
    expect(errors.filter(has_text="密码太短")).to_be_visible()
    page.locator("#id_old_password").fill("Temp-2019-set")
    page.locator("#id_new_password1").fill("Qingtian-2019")
    page.locator("#id_new_password2").fill("Qingtian-2019")
    page.get_by_role("button", name="保存新密码").click()
    page.goto(f"{live_server.url}/study-sessions/")
    expect(page.get_by_role("heading", name="学习活动")).to_be_visible()
