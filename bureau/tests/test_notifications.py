"""In-app notifications: the bell's count, the page, marking read; private to their recipient."""

import pytest
from django.urls import reverse

from bureau.ledger.notifications import Notification, notify


def page_text(response) -> str:
    return response.content.decode()


def test_the_bell_shows_the_unread_count_for_screen_readers_too(client, staff, colleague):
    for n in range(3):
        notify(staff, f"督办提醒第{n}份")
    notify(colleague, "同事的提醒")
    Notification.objects.filter(text="督办提醒第0份").mark_read()
    client.force_login(staff)
    text = page_text(client.get(reverse("password_change")))
    assert 'id="notification-bell"' in text
    assert "未读通知 2 条" in text


def test_no_unread_means_no_count(client, staff):
    client.force_login(staff)
    text = page_text(client.get(reverse("ledger:notifications")))
    assert "通知（无未读）" in text and "未读通知" not in text
    assert "暂无通知。" in text


def test_the_page_lists_only_ones_own_newest_first_and_paged(client, staff, colleague):
    for n in range(25):
        notify(staff, f"我的通知{n:02d}")
    notify(colleague, "同事的通知")
    client.force_login(staff)
    first = client.get(reverse("ledger:notifications"))
    assert first.status_code == 200
    shown = [n.text for n in first.context["notifications"]]
    assert shown == [f"我的通知{n:02d}" for n in range(24, 4, -1)]
    second = client.get(reverse("ledger:notifications"), {"page": 2})
    assert [n.text for n in second.context["notifications"]] == [f"我的通知{n:02d}" for n in range(4, -1, -1)]
    assert "同事的通知" not in page_text(first) + page_text(second)
    assert client.get(reverse("ledger:notifications"), {"page": "第二页"}).status_code == 200
    assert "第 1 / 2 页" in page_text(first)


def test_marking_one_read(client, staff):
    notification = notify(staff, "督办提醒", "/rectifications/1/")
    client.force_login(staff)
    url = reverse("ledger:notification-read", args=[notification.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("ledger:notifications")
    notification.refresh_from_db()
    assert notification.is_read
    read_at = notification.read_at
    client.post(url)  # marking it again keeps the first time it was read
    notification.refresh_from_db()
    assert notification.read_at == read_at


def test_marking_read_returns_to_the_page_but_never_elsewhere(client, staff):
    first, second = notify(staff, "一"), notify(staff, "二")
    client.force_login(staff)
    back = client.post(reverse("ledger:notification-read", args=[first.pk]), {"next": "/notifications/?page=1"})
    assert back["Location"] == "/notifications/?page=1"
    away = client.post(reverse("ledger:notification-read", args=[second.pk]), {"next": "https://evil.example/"})
    assert away["Location"] == reverse("ledger:notifications")


def test_nobody_else_reads_or_marks_a_notification(client, staff, colleague, admin_user):
    notification = notify(staff, "只给本人的提醒")
    for other in (colleague, admin_user):
        client.force_login(other)
        assert client.post(reverse("ledger:notification-read", args=[notification.pk])).status_code == 404
        assert "只给本人的提醒" not in page_text(client.get(reverse("ledger:notifications")))
        client.post(reverse("ledger:notifications-read-all"))
    notification.refresh_from_db()
    assert not notification.is_read
    client.logout()
    assert client.post(reverse("ledger:notification-read", args=[notification.pk])).status_code == 302
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_marks_only_ones_own(client, staff, colleague):
    for n in range(3):
        notify(staff, f"我的{n}")
    theirs = notify(colleague, "同事的")
    client.force_login(staff)
    response = client.post(reverse("ledger:notifications-read-all"), follow=True)
    assert "已将 3 条通知标为已读。" in page_text(response)
    assert not Notification.objects.for_recipient(staff).unread().exists()
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert "未读通知" not in page_text(response)


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_costs_the_same_queries_for_1_and_20(client, staff, django_assert_num_queries, count):
    client.force_login(staff)
    url = reverse("ledger:notifications")
    client.get(url)  # warm the session and content-type caches
    for n in range(count):
        notify(staff, f"督办提醒{n}", f"/rectifications/{n}/")
    # session, user (with the bell's count in the same query), the page's count, the page of rows, the
    # session's expiry refresh, the badge of 我的待办; plus two savepoint pairs of ATOMIC_REQUESTS.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["notifications"]) == count
    assert f"未读通知 {count} 条" in page_text(response)


def test_marking_read_needs_the_csrf_token_of_the_page(staff):
    from django.test import Client

    notification = notify(staff, "督办提醒")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    url = reverse("ledger:notification-read", args=[notification.pk])
    assert browser.post(url).status_code == 403
    assert browser.post(reverse("ledger:notifications-read-all")).status_code == 403
    notification.refresh_from_db()
    assert not notification.is_read
    page = browser.get(reverse("ledger:notifications"))
    token = page.context["csrf_token"]
    assert browser.post(url, {"csrfmiddlewaretoken": str(token)}).status_code == 302
    notification.refresh_from_db()
    assert notification.is_read
