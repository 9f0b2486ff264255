"""The foundation's user journeys, clicked through in Chromium."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Rectification, StudySession
from tests.helpers import png_bytes
from tests.world import RectificationFactory, StudySessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_records_a_study_session_with_a_photo(browser_login, live_server, staff, campaign, tmp_path):
    photo = tmp_path / "学习现场.png"
    photo.write_bytes(png_bytes((640, 480)))
    page = browser_login("owner")
    page.get_by_role("button", name="学习教育").click()
    page.get_by_role("link", name="学习活动", exact=True).click()
    page.get_by_role("link", name="新增学习活动").click()
    page.get_by_label("学习形式").select_option(label="党员集中学习")
    page.get_by_label("学习日期").fill("2019-10-18")
    page.get_by_label("学习主题").fill("学习《习近平新时代中国特色社会主义思想学习纲要》")
    page.get_by_label("地点").fill("局三楼会议室")
    page.get_by_label("参加人数").fill("23")
    page.get_by_label("附件（照片、签到表、文档）").set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("alert")).to_contain_text("已保存")
    thumbnail = page.get_by_role("img", name="学习现场.png")
    expect(thumbnail).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", thumbnail.element_handle()) > 0

    page.get_by_role("link", name="学习活动", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text="学习纲要")
    expect(row).to_contain_text("党员集中学习")
    expect(row).to_contain_text("2019-10-18")
    session = StudySession.objects.get()
    assert session.attendance == 23 and session.recorded_by == staff


def test_form_errors_are_shown_next_to_the_field(browser_login, live_server, staff, campaign):
    page = browser_login("owner")
    page.goto(f"{live_server.url}/study-sessions/new/")
    page.get_by_label("学习形式").select_option(label="专题研讨")
    page.get_by_label("学习日期").fill("2021-05-01")
    page.get_by_label("参加人数").fill("-2")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#form-errors")).to_contain_text("未保存")
    expect(page.locator("#id_date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("日期须在主题教育期间").first).to_be_visible()
    assert not StudySession.all_objects.exists()


def test_staff_cannot_edit_a_colleagues_session(browser_login, live_server, staff, colleague, campaign):
    theirs = StudySessionFactory(recorded_by=colleague, campaign=campaign, topic="同事录入的学习")
    page = browser_login("owner")
    page.goto(f"{live_server.url}/study-sessions/{theirs.pk}/")
    expect(page.get_by_role("heading", name="同事录入的学习")).to_be_visible()
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    expect(page.get_by_role("link", name="删除")).to_have_count(0)
    response = page.goto(f"{live_server.url}/study-sessions/{theirs.pk}/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()


def test_leader_closes_off_a_rectification_applied_for(browser_login, live_server, staff, leader, campaign):
    item = RectificationFactory(
        recorded_by=staff, campaign=campaign, problem="科技政策宣传不到位", status="applied", result="已开展政策宣讲"
    )
    RectificationFactory(recorded_by=staff, campaign=campaign, problem="调研走访不够深入", status="in_progress")
    page = browser_login("boss")
    page.get_by_role("button", name="检视整改").click()
    page.get_by_role("link", name="问题清单与整改").click()
    page.get_by_label("办理状态").select_option(label="申请销号")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("row").filter(has_text="调研走访不够深入")).to_have_count(0)
    page.get_by_role("row").filter(has_text="科技政策宣传不到位").get_by_role("link").first.click()
    page.get_by_role("link", name="销号", exact=True).click()
    page.get_by_label("审核意见").fill("整改到位，同意销号")
    page.get_by_role("button", name="确认销号").click()
    expect(page.get_by_role("alert").filter(has_text="销号")).to_contain_text("科技政策宣传不到位")
    expect(page.locator("span[data-state]")).to_have_text("已销号")
    expect(page.locator("[data-step=close]")).to_contain_text("整改到位，同意销号")
    expect(page.get_by_role("link", name="销号", exact=True)).to_have_count(0)
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_by == leader
    assert Rectification.objects.get(pk=item.pk).history.first().history_user == leader


def test_session_form_fits_a_phone(browser_login, live_server, staff, campaign, page):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login("owner")
    page.goto(f"{live_server.url}/study-sessions/new/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    expect(page.get_by_label("学习主题")).to_be_visible()
