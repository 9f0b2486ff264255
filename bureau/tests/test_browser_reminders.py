"""A reminder on a phone: the bell's count, the notification, marking it read."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.world import RectificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_sees_the_bell_opens_the_reminder_and_marks_it_read(browser_login, live_server, page, staff, campaign):
    today = timezone.localdate()
    RectificationFactory(
        campaign=campaign, recorded_by=staff, problem="科技政策宣传不到位", deadline=today - datetime.timedelta(days=2)
    )
    call_command("send_reminders", "--date", f"{today:%Y-%m-%d}", stdout=io.StringIO())

    page.set_viewport_size({"width": 360, "height": 740})
    browser_login("owner")
    bell = page.get_by_role("link", name="未读通知 1 条")
    expect(bell).to_be_visible()  # in the bar itself, not behind the collapsed menu
    expect(bell).to_contain_text("1")
    bell.click()

    expect(page.get_by_role("heading", name="通知")).to_be_visible()
    item = page.locator(".list-group-item").filter(has_text="科技政策宣传不到位")
    expect(item).to_contain_text("红色预警")
    expect(item).to_contain_text("未读")
    item.get_by_role("button", name="标为已读").click()

    expect(page.get_by_role("link", name="通知（无未读）")).to_be_visible()
    expect(page.get_by_role("link", name="未读通知 1 条")).to_have_count(0)
    expect(page.locator("#notification-bell .badge")).to_have_count(0)
    expect(page.locator(".list-group-item").filter(has_text="科技政策宣传不到位")).to_contain_text("已读于")
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
