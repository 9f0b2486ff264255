"""Trust journeys in Chromium: delete and restore with attachments; two people editing the same record."""

import pytest
from playwright.sync_api import expect

from bureau.ledger.uploads import store_attachment
from campaigns.models import StudySession
from tests.helpers import png_bytes
from tests.world import StudySessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delete_then_restore_keeps_attachments(browser_login, live_server, staff, campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = StudySessionFactory(recorded_by=staff, campaign=campaign, topic="十月集中学习（签到表）")
    upload = SimpleUploadedFile("签到表.png", png_bytes((400, 300)), content_type="image/png")
    store_attachment(session, upload, "image/png", staff, "sign_in")
    page = browser_login("owner")
    page.goto(f"{live_server.url}/study-sessions/{session.pk}/")
    page.get_by_role("link", name="删除").click()
    expect(page.get_by_role("alert")).to_contain_text("移入回收站")
    page.get_by_role("button", name="确认删除").click()
    expect(page.get_by_role("alert")).to_contain_text("可在回收站中恢复")
    expect(page.get_by_role("row").filter(has_text="十月集中学习")).to_have_count(0)
    assert not StudySession.objects.filter(pk=session.pk).exists()

    page.locator("#mainNav .dropdown-toggle").last.click()
    page.get_by_role("link", name="回收站").click()
    row = page.get_by_role("row").filter(has_text="十月集中学习（签到表）")
    row.get_by_role("button", name="恢复").click()
    expect(page.get_by_role("alert")).to_contain_text("已恢复")
    expect(page.get_by_role("heading", name="十月集中学习（签到表）")).to_be_visible()
    thumbnail = page.get_by_role("img", name="签到表.png")
    expect(thumbnail).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", thumbnail.element_handle()) > 0
    assert StudySession.objects.get(pk=session.pk).attachments.count() == 1


def test_second_save_is_refused_with_the_diff_and_keeps_typing(
    browser, live_server, staff, leader, admin_user, campaign
):
    session = StudySessionFactory(recorded_by=staff, campaign=campaign, topic="原来的主题", place="三楼会议室")
    url = f"{live_server.url}/study-sessions/{session.pk}/edit/"

    def open_as(username):
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("correct horse battery")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(url)
        return page

    first = open_as("owner")
    second = open_as("office")  # the admin may edit any record of the bureau
    first.get_by_label("学习主题").fill("我先保存的主题")
    first.get_by_role("button", name="保存").click()
    expect(first.get_by_role("alert")).to_contain_text("已保存修改")

    second.get_by_label("地点").fill("二楼党员活动室")
    second.get_by_label("学习主题").fill("我后保存的主题")
    second.get_by_role("button", name="保存").click()
    errors = second.locator("#form-errors")
    expect(errors).to_contain_text("已被他人修改")
    expect(errors.get_by_role("row").filter(has_text="学习主题")).to_contain_text("我先保存的主题")
    expect(second.get_by_label("学习主题")).to_have_value("我后保存的主题")
    expect(second.get_by_label("地点")).to_have_value("二楼党员活动室")
    session.refresh_from_db()
    assert session.topic == "我先保存的主题" and session.place == "三楼会议室"

    # Having seen the other change, the second person saves deliberately.
    second.get_by_role("button", name="保存").click()
    expect(second.get_by_role("alert")).to_contain_text("已保存修改")
    session.refresh_from_db()
    assert session.topic == "我后保存的主题" and session.place == "二楼党员活动室"
    assert session.history.count() == 3
