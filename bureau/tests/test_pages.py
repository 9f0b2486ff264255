"""Login, language and the site's frame: Chinese first, English on request."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "用户名" in body and "密码" in body and "登录" in body


@pytest.mark.django_db
def test_wrong_password_message_is_chinese(client, staff):
    response = client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    assert response.status_code == 400
    assert "请输入一个正确的" in response.content.decode()


def test_staff_logs_in_and_lands_on_home(client, staff):
    response = client.post(reverse("login"), {"username": "owner", "password": "correct horse battery"})
    assert response.status_code == 302 and response.url == "/"


def test_logout_needs_post_and_ends_session(client, staff):
    client.force_login(staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_page(client, staff):
    client.force_login(staff)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200 and "修改密码" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct horse battery", "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 400
    assert "密码太短" in response.content.decode()


def test_language_switch_to_english(client, staff):
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("campaigns:studysession-list")).content.decode()
    assert '<html lang="en">' in body
    assert "Study sessions" in body and "学习活动" not in body.split("<main")[1]


def test_navigation_by_strand(client, staff):
    client.force_login(staff)
    body = client.get("/").content.decode()
    for strand in ("学习教育", "检视整改"):
        assert strand in body


def test_404_page_is_chinese_in_layout(client, staff):
    client.force_login(staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_admin_site_is_for_admins_only(client, staff, admin_user):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    response = client.get("/admin/campaigns/studysession/")
    assert response.status_code == 200


def test_admin_role_sets_group_and_staff_flag(admin_user, staff):
    assert admin_user.is_staff and list(admin_user.groups.values_list("name", flat=True)) == ["管理员"]
    assert not staff.is_staff and list(staff.groups.values_list("name", flat=True)) == ["科员"]
