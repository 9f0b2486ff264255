"""系统设置: the pages where a bureau's admin sets up the bureau (profile, departments, campaigns, accounts,
research subjects, policies), through the test client, as the admin (`office`) of 青田县科学技术局."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau.models import Department, User
from bureau.setup import services
from campaigns.models import Campaign, LeadingGroupMember
from enterprises.models import Policy
from reports.models import Target
from surveys.models import ResearchSubject
from tests.helpers import Ledger, text_of
from tests.world import (
    PASSWORD,
    BureauFactory,
    CampaignFactory,
    DepartmentFactory,
    PlanTaskFactory,
    ResearchSubjectFactory,
    ResearchVisitFactory,
    StudySessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, admin_user):
    """The test client, signed in as the county bureau's admin."""
    client.force_login(admin_user)
    return client


def login(client, username, password, addr="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr)


def account_data(**overrides):
    data = {
        "username": "wangfang",
        "last_name": "王",
        "first_name": "芳",
        "email": "wangfang@ledger.example.cn",
        "role": "staff",
        "department": "",
        "email_reminders": "on",
    }
    return {**data, **overrides}


def assert_same_queries(client, url, grow, queries, django_assert_num_queries):
    """`url` runs `queries` queries, and as many again after `grow()` added rows (or versions).

    Every page's count includes the same 9 around it: the session and the user, the savepoint pair of the
    request's transaction, the menu's bureau tree and open-work count, the session saved with its savepoint
    pair. The rest is the page's: e.g. the departments list adds its count and its page of rows (with each
    department's accounts counted in the same query)."""
    client.get(url)  # warm the session and content-type caches
    with django_assert_num_queries(queries):
        first = client.get(url)
    assert first.status_code == 200
    grow()
    with django_assert_num_queries(queries):
        second = client.get(url)
    assert second.status_code == 200
    return first, second


# --- who may use the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "leader", "auditor"])
def test_only_the_bureaus_admin_sets_it_up(client, bureau, role):
    client.force_login(UserFactory(bureau=bureau, role=role))
    response = client.get(reverse("setup:guide"))
    assert response.status_code == 403
    if role != "auditor":  # the auditor is confined to the audit trail before any page
        assert "只有本单位的管理员可以进行系统设置" in text_of(response)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("setup:accounts"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_bureaus_rows_are_not_found(office, outsider):
    other = outsider.bureau
    department = DepartmentFactory(bureau=other, name="外局办公室")
    subject = ResearchSubjectFactory(bureau=other)
    policy = Policy.objects.create(bureau=other, name="外局政策")
    campaign = other.campaigns.get()
    for url in (
        reverse("setup:department-edit", args=[department.pk]),
        reverse("setup:department-history", args=[department.pk]),
        reverse("setup:campaign-edit", args=[campaign.pk]),
        reverse("setup:campaign-group", args=[campaign.pk]),
        reverse("setup:account-edit", args=[outsider.pk]),
        reverse("setup:account-history", args=[outsider.pk]),
        reverse("setup:subject-edit", args=[subject.pk]),
        reverse("setup:policy-edit", args=[policy.pk]),
    ):
        assert office.get(url).status_code == 404, url
    ledger = Ledger()
    assert office.post(reverse("setup:account-active", args=[outsider.pk])).status_code == 404
    assert office.post(reverse("setup:campaign-activate", args=[campaign.pk])).status_code == 404
    assert office.post(reverse("setup:department-delete", args=[department.pk])).status_code == 404
    ledger.assert_unchanged()


def test_a_city_admin_changes_nothing_of_the_county_below(client, city_admin, bureau, department):
    client.force_login(city_admin)
    assert client.get(reverse("setup:department-edit", args=[department.pk])).status_code == 404
    response = client.get(reverse("setup:departments"))
    assert response.status_code == 200 and department.name not in text_of(response)


def test_the_menu_links_to_setup_for_admins_and_the_django_admin_for_superusers_only(client, admin_user, staff):
    client.force_login(admin_user)
    body = text_of(client.get(reverse("profile")))
    assert reverse("setup:guide") in body and reverse("admin:index") not in body
    client.force_login(staff)
    body = text_of(client.get(reverse("profile")))
    assert reverse("setup:guide") not in body


# --- the guide and the home page ------------------------------------------------------------------------


def test_the_guide_ticks_what_is_done(office, bureau, campaign, staff, django_assert_num_queries):
    response = office.get(reverse("setup:guide"))
    body = text_of(response)
    # Departments, accounts and the campaign are there; the contact and the targets are not yet.
    assert "已完成 3/5" in body
    for url in ("setup:profile", "setup:departments", "setup:accounts", "setup:campaigns"):
        assert reverse(url) in body
    bureau.contact_person, bureau.contact_phone = "王芳", "0578-6812345"
    bureau.save()
    Target.objects.create(campaign=campaign, indicator="study.collective", value=12)
    assert "已完成 5/5" in text_of(office.get(reverse("setup:guide")))

    def more():
        DepartmentFactory.create_batch(5, bureau=bureau)

    assert_same_queries(office, reverse("setup:guide"), more, 14, django_assert_num_queries)


def test_a_new_bureaus_admin_lands_on_the_guide(client):
    bureau = BureauFactory(name="庆元县科学技术局")
    admin, _password = services.create_account(bureau=bureau, username="qy-admin", role="admin")
    admin.must_change_password = False
    admin.save()
    client.force_login(admin)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("setup:guide")
    assert "本单位还没有主题教育" in text_of(client.get(reverse("setup:guide")))


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_people_of_a_bureau_without_a_campaign_are_told_whom_to_ask(client, role):
    bureau = BureauFactory(name="庆元县科学技术局")
    client.force_login(UserFactory(bureau=bureau, role=role))
    for url in ("/", reverse("reports:dashboard")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "本单位尚未设置主题教育，请联系管理员" in text_of(response), url


# --- the bureau's profile -------------------------------------------------------------------------------


def test_the_profile_is_saved_and_its_history_shows_the_change(office, bureau, django_assert_num_queries):
    data = {"name": bureau.name, "contact_person": "王芳", "contact_phone": "0578-6812345", "report_deadline_day": 8}
    response = office.post(reverse("setup:profile"), data)
    assert response.status_code == 302
    bureau.refresh_from_db()
    assert (bureau.contact_person, bureau.report_deadline_day) == ("王芳", 8)
    body = text_of(office.get(reverse("setup:profile-history")))
    assert "联系人" in body and "王芳" in body

    def more():
        for n in range(5):
            bureau.contact_phone = f"0578-681234{n}"
            bureau.save()

    assert_same_queries(office, reverse("setup:profile-history"), more, 11, django_assert_num_queries)
    assert_same_queries(office, reverse("setup:profile"), lambda: None, 10, django_assert_num_queries)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("report_deadline_day", "40", "28"), ("name", "", "必填"), ("name", "景宁县科学技术局", "已有同名的单位")],
)
def test_a_bad_profile_is_refused_and_nothing_saved(office, bureau, outsider, field, value, message):
    data = {"name": bureau.name, "contact_person": "王芳", "contact_phone": "", "report_deadline_day": 5}
    data[field] = value
    response = office.post(reverse("setup:profile"), data)
    assert response.status_code == 400
    assert message in text_of(response)
    bureau.refresh_from_db()
    assert bureau.contact_person == "" and bureau.name == "青田县科学技术局"


# --- departments ----------------------------------------------------------------------------------------


def test_departments_are_created_edited_and_listed_with_their_accounts(office, bureau, department, staff):
    assert office.post(reverse("setup:department-create"), {"name": " 综合办公室 "}).status_code == 302
    created = Department.objects.get(bureau=bureau, name="综合办公室")
    response = office.post(reverse("setup:department-edit", args=[created.pk]), {"name": "办公室"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.name == "办公室"
    listing = office.get(reverse("setup:departments"), {"q": "高新"})
    assert [d.name for d in listing.context["records"]] == ["高新技术科"]
    assert listing.context["records"][0].user_count == 1
    history = text_of(office.get(reverse("setup:department-history", args=[created.pk])))
    assert "综合办公室" in history and "办公室" in history


def test_a_duplicate_department_is_a_field_error(office, department):
    ledger = Ledger()
    response = office.post(reverse("setup:department-create"), {"name": "高新技术科"})
    assert response.status_code == 400
    assert "已有名为“高新技术科”的科室" in text_of(response)
    ledger.assert_unchanged()


def test_a_department_in_use_is_not_deleted(office, bureau, department, staff, campaign):
    url = reverse("setup:department-delete", args=[department.pk])
    assert "确定删除科室" in text_of(office.get(url))
    response = office.post(url)
    assert response.status_code == 409 and "还有 1 个账户" in text_of(response)
    staff.department = None
    staff.save()
    StudySessionFactory(campaign=campaign, recorded_by=staff, department=department)
    response = office.post(url)
    assert response.status_code == 409 and "学习活动 1 条" in text_of(response)
    assert Department.objects.filter(pk=department.pk).exists()


def test_an_unused_department_is_deleted(office, bureau):
    spare = DepartmentFactory(bureau=bureau, name="备用科室")
    assert office.post(reverse("setup:department-delete", args=[spare.pk])).status_code == 302
    assert not Department.objects.filter(pk=spare.pk).exists()
    assert spare.history.filter(history_type="-").exists()  # the deletion is in its history


def test_the_department_pages_do_not_grow_with_rows(office, bureau, department, django_assert_num_queries):
    def more():
        for n in range(30):
            UserFactory(bureau=bureau, department=DepartmentFactory(bureau=bureau, name=f"科室{n:02}"))

    assert_same_queries(office, reverse("setup:departments"), more, 11, django_assert_num_queries)
    edit = reverse("setup:department-edit", args=[department.pk])
    assert_same_queries(
        office,
        edit,
        lambda: UserFactory.create_batch(5, bureau=bureau, department=department),
        11,
        django_assert_num_queries,
    )

    def renamed():
        for n in range(5):
            department.name = f"高新技术科{n}"
            department.save()

    history = reverse("setup:department-history", args=[department.pk])
    assert_same_queries(office, history, renamed, 11, django_assert_num_queries)


# --- campaigns ------------------------------------------------------------------------------------------


def campaign_data(**overrides):
    data = {
        "name": "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        "start": "2023-04-01",
        "end": "2023-08-31",
        "general_requirement": "学思想、强党性、重实践、建新功",
        "copy_from": "",
        "copy_leading_group": "on",
        "copy_plan_tasks": "on",
        "copy_targets": "on",
        "copy_questionnaires": "on",
        "make_active": "on",
    }
    return {**data, **overrides}


def test_a_new_campaign_is_copied_from_the_last_and_becomes_the_current_one(
    office, bureau, campaign, staff, leader, admin_user
):
    LeadingGroupMember.objects.create(campaign=campaign, user=leader, role="leader", duty="全面负责")
    PlanTaskFactory.create_batch(3, campaign=campaign, recorded_by=staff)
    Target.objects.create(campaign=campaign, indicator="study.collective", value=12)
    response = office.post(reverse("setup:campaign-create"), campaign_data(copy_from=campaign.pk), follow=True)
    new = Campaign.objects.get(name__startswith="学习贯彻")
    assert response.redirect_chain[-1][0] == reverse("setup:campaign-edit", args=[new.pk])
    body = text_of(response)
    assert "已复制：领导小组 1 人、实施方案任务 3 项、目标 1 项、调查问卷 0 份" in body
    assert Campaign.objects.active_for_bureau(bureau.pk) == new
    campaign.refresh_from_db()
    assert not campaign.is_active
    assert new.leading_group.count() == 1 and new.targets.count() == 1


def test_a_new_campaign_may_stay_in_the_background(office, bureau, campaign):
    data = campaign_data()
    del data["make_active"], data["copy_leading_group"]
    assert office.post(reverse("setup:campaign-create"), data).status_code == 302
    assert Campaign.objects.active_for_bureau(bureau.pk) == campaign
    assert Campaign.objects.filter(bureau=bureau).count() == 2


def test_the_copy_choices_are_ticked_at_first(office, campaign):
    form = office.get(reverse("setup:campaign-create")).context["form"]
    for name in ("copy_leading_group", "copy_plan_tasks", "copy_targets", "copy_questionnaires", "make_active"):
        assert form[name].value() is True, name
    assert list(form.fields["copy_from"].queryset) == [campaign]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": "2023-03-01"}, "结束日期不能早于开始日期"),
        ({"name": ""}, "必填"),
        ({"start": "2023-02-30"}, "有效的日期"),
        ({"copy_from": "999999"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_campaign_is_refused_and_nothing_saved(office, campaign, outsider, overrides, message):
    ledger = Ledger()
    response = office.post(reverse("setup:campaign-create"), campaign_data(**overrides))
    assert response.status_code == 400
    assert message in text_of(response)
    ledger.assert_unchanged()


def test_another_bureaus_campaign_is_not_offered_to_copy(office, campaign, outsider):
    theirs = outsider.bureau.campaigns.get()
    response = office.post(reverse("setup:campaign-create"), campaign_data(copy_from=theirs.pk))
    assert response.status_code == 400


def test_a_campaign_is_edited_but_not_shrunk_past_its_records(office, campaign, staff):
    StudySessionFactory(campaign=campaign, recorded_by=staff, date=datetime.date(2019, 10, 15))
    url = reverse("setup:campaign-edit", args=[campaign.pk])
    data = {"name": "主题教育（第一批）", "start": "2019-09-01", "end": "2020-01-31", "general_requirement": ""}
    assert office.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "主题教育（第一批）"
    response = office.post(url, {**data, "start": "2019-11-01"})
    assert response.status_code == 400 and "学习活动" in text_of(response)
    campaign.refresh_from_db()
    assert campaign.start == datetime.date(2019, 9, 1)
    assert "主题教育（第一批）" in text_of(office.get(reverse("setup:campaign-history", args=[campaign.pk])))


def test_an_earlier_campaign_is_made_current_again(office, bureau, campaign):
    later = CampaignFactory(
        bureau=bureau, name="第二批", start=datetime.date(2020, 3, 1), end=datetime.date(2020, 8, 31)
    )
    services.activate_campaign(later)
    assert office.get(reverse("setup:campaign-activate", args=[campaign.pk])).status_code == 405
    assert office.post(reverse("setup:campaign-activate", args=[campaign.pk])).status_code == 302
    assert Campaign.objects.active_for_bureau(bureau.pk) == campaign
    assert list(Campaign.objects.filter(bureau=bureau, is_active=True)) == [campaign]


def test_the_leading_group_is_set_up_on_its_page(office, campaign, leader, staff, outsider):
    url = reverse("setup:campaign-group", args=[campaign.pk])
    assert office.post(url, {"user": leader.pk, "role": "leader", "duty": "全面负责"}).status_code == 302
    duplicate = office.post(url, {"user": leader.pk, "role": "member", "duty": ""})
    assert duplicate.status_code == 400 and "已在领导小组中" in text_of(duplicate)
    assert office.post(url, {"user": outsider.pk, "role": "member"}).status_code == 400  # not of this bureau
    member = LeadingGroupMember.objects.get(campaign=campaign)
    assert member.user == leader and member.role == "leader"
    remove = reverse("setup:campaign-group-remove", args=[campaign.pk, member.pk])
    assert office.post(remove).status_code == 302
    assert not LeadingGroupMember.objects.filter(campaign=campaign).exists()


def test_the_campaign_pages_do_not_grow_with_rows(office, bureau, campaign, django_assert_num_queries):
    def more():
        for n in range(30):
            CampaignFactory(bureau=bureau, name=f"主题教育{n}", is_active=False)

    assert_same_queries(office, reverse("setup:campaigns"), more, 12, django_assert_num_queries)
    edit = reverse("setup:campaign-edit", args=[campaign.pk])
    assert_same_queries(
        office, edit, lambda: PlanTaskFactory.create_batch(5, campaign=campaign), 12, django_assert_num_queries
    )

    def renamed():
        for n in range(5):
            campaign.name = f"主题教育第{n}版"
            campaign.save()

    history = reverse("setup:campaign-history", args=[campaign.pk])
    assert_same_queries(office, history, renamed, 11, django_assert_num_queries)

    def members():
        for _n in range(10):
            LeadingGroupMember.objects.create(campaign=campaign, user=UserFactory(bureau=bureau), role="member")

    group = reverse("setup:campaign-group", args=[campaign.pk])
    assert_same_queries(office, group, members, 12, django_assert_num_queries)


# --- accounts -------------------------------------------------------------------------------------------


def test_a_new_account_shows_its_one_time_password_once(office, bureau, department):
    response = office.post(reverse("setup:account-create"), account_data(department=department.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    body = text_of(response)
    assert password in body and "只显示这一次" in body and "首次登录" in body
    account = User.objects.get(username="wangfang")
    assert (account.bureau, account.department, account.role) == (bureau, department, "staff")
    assert account.must_change_password and account.get_full_name() == "王芳"
    # Not in a message, a URL or a later page.
    later = office.get(reverse("setup:account-edit", args=[account.pk]))
    assert password not in text_of(later)
    assert password not in text_of(office.get(reverse("setup:accounts")))

    fresh = Client()
    assert login(fresh, "wangfang", password).status_code == 302
    forced = fresh.get("/")
    assert forced.status_code == 302 and forced["Location"] == reverse("password_change")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "王芳"}, "只能包含英文字母、数字和"),
        ({"username": "has space"}, "只能包含英文字母、数字和"),
        ({"username": "OWNER"}, "已被使用"),
        ({"username": ""}, "必填"),
        ({"email": "not-an-address"}, "有效的"),
        ({"role": "root"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_account_is_refused_and_nothing_saved(office, staff, overrides, message):
    ledger = Ledger()
    response = office.post(reverse("setup:account-create"), account_data(**overrides))
    assert response.status_code == 400
    assert message in text_of(response)
    assert "password" not in response.context
    ledger.assert_unchanged()


def test_an_account_of_another_bureaus_department_is_refused(office, outsider):
    theirs = DepartmentFactory(bureau=outsider.bureau, name="外局办公室")
    response = office.post(reverse("setup:account-create"), account_data(department=theirs.pk))
    assert response.status_code == 400
    assert not User.objects.filter(username="wangfang").exists()


def test_nobody_is_made_superuser_here(office, bureau):
    data = account_data(is_superuser="on", is_staff="on", bureau=BureauFactory(name="别的局").pk, groups="1")
    assert office.post(reverse("setup:account-create"), data).status_code == 200
    account = User.objects.get(username="wangfang")
    assert not account.is_superuser and not account.is_staff and account.bureau == bureau
    edit = reverse("setup:account-edit", args=[account.pk])
    assert office.post(edit, account_data(is_superuser="on", role="leader")).status_code == 302
    account.refresh_from_db()
    assert not account.is_superuser and account.role == "leader"


def test_an_admin_gives_no_role_above_their_own_nor_touches_a_superuser(client, bureau):
    admin = UserFactory(bureau=bureau, role="admin")
    root = UserFactory(bureau=bureau, username="root", is_superuser=True)
    client.force_login(admin)
    form = client.get(reverse("setup:account-create")).context["form"]
    # The auditor is appointed by the installation's superuser, never by the admin they audit.
    assert [value for value, _label in form.fields["role"].choices] == ["staff", "leader", "admin"]
    assert client.post(reverse("setup:account-create"), account_data(role="auditor")).status_code == 400
    assert not User.objects.filter(username="wangfang").exists()
    leader = UserFactory(bureau=bureau, role="leader")
    assert [v for v, _label in services.roles_given_by(leader)] == ["staff", "leader"]
    assert client.get(reverse("setup:account-edit", args=[root.pk])).status_code == 404
    assert client.post(reverse("setup:account-reset-password", args=[root.pk])).status_code == 404
    assert client.post(reverse("setup:account-active", args=[root.pk])).status_code == 404


def test_the_auditors_account_is_not_the_admins_to_change(office, auditor):
    listing = text_of(office.get(reverse("setup:accounts")))
    assert "auditor" in listing and reverse("setup:account-edit", args=[auditor.pk]) not in listing
    ledger = Ledger()
    for name in ("setup:account-edit", "setup:account-reset-password", "setup:account-active", "setup:account-unlock"):
        response = office.post(reverse(name, args=[auditor.pk]), account_data(role="staff"))
        assert response.status_code == 403 and "审计员的账户由系统管理员" in text_of(response), name
    ledger.assert_unchanged()
    auditor.refresh_from_db()
    assert auditor.role == "auditor" and auditor.is_active


def test_an_admin_changes_neither_their_own_role_nor_deactivates_themselves(office, admin_user):
    edit = reverse("setup:account-edit", args=[admin_user.pk])
    page = office.get(edit)
    assert "不能修改自己的角色" in text_of(page)
    assert office.post(edit, account_data(role="staff", email="office@ledger.example.cn")).status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.role == "admin" and admin_user.email == "office@ledger.example.cn"
    response = office.post(reverse("setup:account-active", args=[admin_user.pk]))
    assert response.status_code == 403 and "不能停用自己的账户" in text_of(response)
    assert office.post(reverse("setup:account-reset-password", args=[admin_user.pk])).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_deactivating_an_account_ends_its_sessions(office, colleague):
    theirs = Client()
    assert login(theirs, "colleague", PASSWORD).status_code == 302
    assert theirs.get("/").status_code == 200
    response = office.post(reverse("setup:account-active", args=[colleague.pk]))
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    after = theirs.get("/")
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    assert login(Client(), "colleague", PASSWORD).status_code != 302
    # And back again.
    assert office.post(reverse("setup:account-active", args=[colleague.pk])).status_code == 302
    colleague.refresh_from_db()
    assert colleague.is_active


def test_a_reset_password_is_shown_once_and_the_old_one_stops_working(office, colleague):
    theirs = Client()
    login(theirs, "colleague", PASSWORD)
    response = office.post(reverse("setup:account-reset-password", args=[colleague.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert password in text_of(response)
    assert theirs.get("/").status_code == 302  # signed out
    assert login(Client(), "colleague", PASSWORD).status_code != 302
    fresh = Client()
    assert login(fresh, "colleague", password).status_code == 302
    assert fresh.get("/")["Location"] == reverse("password_change")


def test_unlocking_lifts_the_lock_out(office, colleague):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), "colleague", "wrong")
    assert services.is_locked_out(colleague)
    listing = office.get(reverse("setup:accounts"), {"q": "colleague"})
    assert [a.locked_out for a in listing.context["records"]] == [True]
    assert "已锁定" in text_of(listing)
    assert office.post(reverse("setup:account-unlock", args=[colleague.pk])).status_code == 302
    assert not services.is_locked_out(colleague)
    assert not AccessAttempt.objects.filter(username="colleague").exists()
    assert login(Client(), "colleague", PASSWORD).status_code == 302


def test_a_lock_out_that_cooled_off_is_not_shown(colleague):
    attempt = AccessAttempt.objects.create(
        username="colleague", ip_address="10.1.1.1", user_agent="-", failures_since_start=settings.AXES_FAILURE_LIMIT
    )
    assert services.is_locked_out(colleague)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=2))
    assert not services.is_locked_out(colleague)


def test_accounts_are_searched_and_filtered(office, bureau, department, staff, colleague, leader):
    url = reverse("setup:accounts")

    def names(**query):
        return sorted(a.username for a in office.get(url, query).context["records"])

    assert names(q="coll") == ["colleague"]
    assert names(q=staff.get_full_name()) == ["owner"]  # 张同志N: family name and given name together
    assert names(role="leader") == ["boss"]
    assert names(department=department.pk) == ["colleague", "owner"]
    colleague.is_active = False
    colleague.save()
    assert "colleague" not in names(active="1") and names(active="0") == ["colleague"]
    assert office.get(url, {"department": "x"}).status_code == 400


def test_an_account_edit_is_in_its_history(office, colleague, department):
    edit = reverse("setup:account-edit", args=[colleague.pk])
    data = account_data(email="colleague@ledger.example.cn", role="leader", department=department.pk)
    assert office.post(edit, data).status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == "leader" and colleague.username == "colleague"  # the username stays
    body = text_of(office.get(reverse("setup:account-history", args=[colleague.pk])))
    assert "colleague@ledger.example.cn" in body and "局领导" in body


def test_the_account_pages_do_not_grow_with_rows(office, bureau, colleague, django_assert_num_queries):
    def more():
        for n in range(30):
            user = UserFactory(bureau=bureau, department=DepartmentFactory(bureau=bureau, name=f"科室{n:02}"))
            AccessAttempt.objects.create(
                username=user.username,
                ip_address="10.1.1.1",
                user_agent="-",
                attempt_time=timezone.now(),
                failures_since_start=settings.AXES_FAILURE_LIMIT,
            )

    assert_same_queries(office, reverse("setup:accounts"), more, 13, django_assert_num_queries)
    edit = reverse("setup:account-edit", args=[colleague.pk])
    # The department choices are one query however many there are.
    assert_same_queries(
        office, edit, lambda: DepartmentFactory.create_batch(5, bureau=bureau), 12, django_assert_num_queries
    )

    def edited():
        for n in range(5):
            colleague.email = f"c{n}@ledger.example.cn"
            colleague.save()

    history = reverse("setup:account-history", args=[colleague.pk])
    assert_same_queries(office, history, edited, 11, django_assert_num_queries)


# --- research subjects and policies ---------------------------------------------------------------------


def test_subjects_are_created_edited_and_listed_with_their_visits(office, bureau, campaign, staff):
    data = {"subject_type": "department", "name": "县农业农村局"}
    assert office.post(reverse("setup:subject-create"), data).status_code == 302
    subject = ResearchSubject.objects.get(bureau=bureau)
    ResearchVisitFactory.create_batch(2, campaign=campaign, recorded_by=staff, subject=subject)
    listing = office.get(reverse("setup:subjects"), {"q": "农业"})
    assert [(s.name, s.visit_count) for s in listing.context["records"]] == [("县农业农村局", 2)]
    edit = reverse("setup:subject-edit", args=[subject.pk])
    assert office.post(edit, {"subject_type": "department", "name": "县农业农村局（乡村振兴局）"}).status_code == 302
    assert "乡村振兴局" in text_of(office.get(reverse("setup:subject-history", args=[subject.pk])))


@pytest.mark.parametrize("name", ["县农业农村局", " 县农业农村局 ", "县农业 农村局"])
def test_a_duplicate_subject_is_a_field_error(office, bureau, name):
    ResearchSubjectFactory(bureau=bureau, name="县农业农村局")
    ledger = Ledger()
    response = office.post(reverse("setup:subject-create"), {"subject_type": "intermediary", "name": name})
    assert response.status_code == 400 and "已有同名的调研对象" in text_of(response)
    ledger.assert_unchanged()


def test_policies_are_created_edited_and_duplicates_refused(office, bureau):
    assert (
        office.post(reverse("setup:policy-create"), {"name": "科技创新券", "order": 10, "is_active": "on"}).status_code
        == 302
    )
    policy = Policy.objects.get(bureau=bureau, name="科技创新券")
    duplicate = office.post(reverse("setup:policy-create"), {"name": "科技创新券", "order": 11})
    assert duplicate.status_code == 400 and "已有名为“科技创新券”的政策" in text_of(duplicate)
    edit = reverse("setup:policy-edit", args=[policy.pk])
    assert office.post(edit, {"name": "科技创新券", "order": 3}).status_code == 302  # unticked: retired
    policy.refresh_from_db()
    assert (policy.order, policy.is_active) == (3, False)
    assert office.get(reverse("setup:policies"), {"q": "创新券"}).context["records"] == [policy]
    assert "启用" in text_of(office.get(reverse("setup:policy-history", args=[policy.pk])))


def test_the_subject_and_policy_pages_do_not_grow_with_rows(office, bureau, campaign, staff, django_assert_num_queries):
    subject = ResearchSubjectFactory(bureau=bureau)

    def subjects():
        for _ in range(30):
            ResearchVisitFactory(campaign=campaign, recorded_by=staff, subject=ResearchSubjectFactory(bureau=bureau))

    assert_same_queries(office, reverse("setup:subjects"), subjects, 11, django_assert_num_queries)
    edit = reverse("setup:subject-edit", args=[subject.pk])
    assert_same_queries(
        office,
        edit,
        lambda: ResearchVisitFactory.create_batch(5, campaign=campaign, recorded_by=staff, subject=subject),
        11,
        django_assert_num_queries,
    )

    def renamed():
        for n in range(5):
            subject.name = f"县有关部门第{n}版"
            subject.save()

    history = reverse("setup:subject-history", args=[subject.pk])
    assert_same_queries(office, history, renamed, 11, django_assert_num_queries)

    policy = Policy.objects.create(bureau=bureau, name="政策0")

    def policies():
        Policy.objects.bulk_create([Policy(bureau=bureau, name=f"政策{n}") for n in range(1, 31)])

    assert_same_queries(office, reverse("setup:policies"), policies, 11, django_assert_num_queries)
    edit = reverse("setup:policy-edit", args=[policy.pk])
    assert_same_queries(office, edit, lambda: None, 11, django_assert_num_queries)

    def reordered():
        for n in range(5):
            policy.order = n
            policy.save()

    history = reverse("setup:policy-history", args=[policy.pk])
    assert_same_queries(office, history, reordered, 11, django_assert_num_queries)
