"""send_reminders: one digest per person per day, by colour; overdue items to the leaders; mail through a
real SMTP server and the work group through a real HTTP server; idempotent per day."""

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from bureau.ledger.lifecycle import WorkState
from bureau.ledger.notifications import Notification
from bureau.ledger.reminders import SentDigest, digests_for
from bureau.ledger.work_items import Warning
from bureau.models import AuditEvent
from tests.reminder_servers import MailServer, WorkGroupRobot, free_port
from tests.world import (
    BureauFactory,
    CampaignFactory,
    DepartmentFactory,
    EnterpriseIssueFactory,
    PlanTaskFactory,
    RectificationFactory,
    UserFactory,
)

DAY = datetime.date(2019, 12, 20)
SITE = "https://ledger.example.gov.cn"


def on(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


def close(item):
    """Closes the item off (已销号) the day before: out of `open()`, so out of every reminder."""
    model = type(item)
    model.all_objects.filter(pk=item.pk).update(status=WorkState.CLOSED, closed_on=on(-1))
    assert not model.objects.open().filter(pk=item.pk).exists()


@pytest.fixture
def mail(settings):
    with MailServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "台账 <ledger@example.gov.cn>"
        settings.SITE_URL = SITE
        settings.REMINDER_WEBHOOK_URL = ""
        yield server


@pytest.fixture
def robot(settings, mail):
    with WorkGroupRobot() as server:
        settings.REMINDER_WEBHOOK_URL = server.url
        yield server


@pytest.fixture
def world(bureau, campaign, department, staff, colleague, leader, admin_user, auditor):
    """青田 on 2019-12-20: two departments, three staff with items in every colour, two leaders; 景宁 beside it."""
    farm = DepartmentFactory(bureau=bureau, name="农村与社会发展科")
    staff.email = "owner@ledger.example.cn"
    staff.save()
    colleague.email = "colleague@ledger.example.cn"
    colleague.email_reminders = False
    colleague.save()
    leader.email = "boss@ledger.example.cn"
    leader.save()
    farmer = UserFactory(username="farm", last_name="周", first_name="海峰", bureau=bureau, department=farm)
    head = UserFactory(
        username="head", bureau=bureau, department=department, role="leader", email="head@ledger.example.cn"
    )
    UserFactory(username="retired", bureau=bureau, role="leader", is_active=False, email="retired@example.cn")

    def item(factory, owner, deadline, title, dept=department, **extra):
        text = {"problem": title} if factory is RectificationFactory else {}
        text = {"title": title} if factory is PlanTaskFactory else text
        text = {"description": title} if factory is EnterpriseIssueFactory else text
        return factory(
            campaign=campaign, recorded_by=owner, owner=owner, deadline=deadline, department=dept, **text, **extra
        )

    items = {
        "owner-red": item(RectificationFactory, staff, on(-2), "办事指南更新不及时"),
        "owner-yellow": item(PlanTaskFactory, staff, on(2), "开展专题调研"),
        "owner-blue": item(EnterpriseIssueFactory, staff, on(6), "缺少研发资金"),
        "owner-later": item(RectificationFactory, staff, on(20), "制度汇编尚未印发"),
        "owner-binned": item(RectificationFactory, staff, on(-1), "已删除的问题"),
        "owner-done": item(RectificationFactory, staff, on(-3), "已经整改的问题"),
        "colleague-red": item(EnterpriseIssueFactory, colleague, on(-1), "融资担保未落实"),
        "farm-yellow": item(PlanTaskFactory, farmer, on(3), "走访种植大户", dept=farm),
        "farm-blue": item(RectificationFactory, farmer, on(7), "科技特派员服务不到位", dept=farm),
        "farm-later": item(RectificationFactory, farmer, on(8), "农技培训覆盖面窄", dept=farm),
        "farm-red": item(RectificationFactory, farmer, on(-10), "群众办事需多次咨询", dept=farm),
        "boss-yellow": item(PlanTaskFactory, leader, on(0), "召开专题民主生活会", dept=None),
    }
    items["owner-binned"].soft_delete(staff)
    close(items["owner-done"])

    jingning = BureauFactory(name="景宁畲族自治县科学技术局")
    their_campaign = CampaignFactory(bureau=jingning)
    their_staff = UserFactory(username="jn-staff", bureau=jingning, email="jn-staff@ledger.example.cn")
    their_leader = UserFactory(
        username="jn-leader", bureau=jingning, role="leader", email="jn-leader@ledger.example.cn"
    )
    items["jn-red"] = RectificationFactory(
        campaign=their_campaign,
        recorded_by=their_staff,
        owner=their_staff,
        deadline=on(-5),
        problem="科技信息发布不及时",
    )
    people = {
        "owner": staff,
        "colleague": colleague,
        "leader": leader,
        "head": head,
        "farm": farmer,
        "jn-staff": their_staff,
        "jn-leader": their_leader,
    }
    return {"items": items, "people": people, "farm": farm, "jingning": jingning}


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=out)
    return out.getvalue()


def titles(items) -> list[str]:
    """The titles of digest items, or of the work items themselves, as a digest shows them."""
    return sorted(getattr(item, "title", None) if hasattr(item, "colour") else str(item) for item in items)


def test_each_person_gets_one_digest_with_exactly_their_items_by_colour(world, settings):
    settings.SITE_URL = SITE
    items, people = world["items"], world["people"]
    digests = {digest.recipient.username: digest for digest in digests_for(DAY)}
    assert sorted(digests) == sorted(["owner", "colleague", "boss", "head", "farm", "jn-staff", "jn-leader"])

    def own(username):
        return {colour.value: titles(found) for colour, found in digests[username].own.items() if found}

    assert own("owner") == {
        "red": [str(items["owner-red"])],
        "yellow": [str(items["owner-yellow"])],
        "blue": [str(items["owner-blue"])],
    }
    assert own("colleague") == {"red": [str(items["colleague-red"])]}
    assert own("farm") == {
        "red": [str(items["farm-red"])],
        "yellow": [str(items["farm-yellow"])],
        "blue": [str(items["farm-blue"])],
    }
    assert own("boss") == {"yellow": [str(items["boss-yellow"])]}
    assert own("head") == {}
    assert own("jn-staff") == {"red": [str(items["jn-red"])]}
    # The item's own links, absolute, on the site's address.
    assert digests["owner"].own[Warning.RED][0].url == f"{SITE}{items['owner-red'].get_absolute_url()}"
    assert digests["owner"].recipient == people["owner"]


def test_an_item_is_reminded_of_until_a_leader_closes_it_off(world):
    """Applied for close-off (申请销号) is still open: its deadline holds until the leader decides."""
    items = world["items"]
    type(items["owner-red"]).objects.filter(pk=items["owner-red"].pk).update(status=WorkState.APPLIED, result="已整改")
    digests = {digest.recipient.username: digest for digest in digests_for(DAY)}
    assert titles(digests["owner"].own[Warning.RED]) == [str(items["owner-red"])]
    close(items["owner-red"])
    digests = {digest.recipient.username: digest for digest in digests_for(DAY)}
    assert Warning.RED not in digests["owner"].own


def test_overdue_items_reach_the_department_leader_and_the_bureau_leaders(world):
    items = world["items"]
    digests = {digest.recipient.username: digest for digest in digests_for(DAY)}
    county_overdue = titles([items["owner-red"], items["colleague-red"], items["farm-red"]])
    # 高新技术科's leader hears of the department's overdue items, and as a bureau leader of the others too.
    assert titles(digests["head"].others_overdue) == county_overdue
    assert titles(digests["boss"].others_overdue) == county_overdue
    # Another county's leader hears of that county's only; staff hear of nobody else's.
    assert titles(digests["jn-leader"].others_overdue) == [str(items["jn-red"])]
    assert digests["owner"].others_overdue == [] and digests["farm"].others_overdue == []
    assert "retired" not in digests


def test_the_colours_are_those_the_items_show(campaign, staff):
    """Run for today, each item's colour in the digest is its own `warning`."""
    today = timezone.localdate()
    for days in (-1, 0, 3, 4, 7):
        RectificationFactory(campaign=campaign, recorded_by=staff, deadline=today + datetime.timedelta(days=days))
    digest = next(d for d in digests_for(today) if d.recipient == staff)
    shown = {item.title: colour.value for colour, found in digest.own.items() for item in found}
    from campaigns.models import Rectification

    expected = {str(r): r.warning for r in Rectification.objects.filter(owner=staff) if r.warning}
    assert shown == expected and len(shown) == 5


def test_a_run_delivers_notifications_mails_and_work_group_posts(world, mail, robot):
    people, items = world["people"], world["items"]
    output = run("--date", "2019-12-20")

    assert "2019-12-20：发送提醒 7 份（邮件 5 封，工作群 4 条），跳过已发送 0 份。" in output
    # One in-app notification per person, with their items in it and nobody else's.
    for username, person in people.items():
        mine = Notification.objects.filter(recipient=person)
        assert mine.count() == 1, username
    owner_text = Notification.objects.get(recipient=people["owner"]).text
    assert owner_text.startswith("督办提醒 2019-12-20：红色预警 1 项，黄色预警 1 项，蓝色预警 1 项")
    for key in ("owner-red", "owner-yellow", "owner-blue"):
        assert str(items[key]) in owner_text
    for key in ("owner-later", "owner-binned", "owner-done", "colleague-red", "farm-red", "jn-red"):
        assert str(items[key]) not in owner_text
    red, yellow, blue = (owner_text.index(label) for label in ("红色预警（", "黄色预警（", "蓝色预警（"))
    assert red < owner_text.index(str(items["owner-red"])) < yellow < owner_text.index(str(items["owner-yellow"]))
    assert blue < owner_text.index(str(items["owner-blue"]))
    assert f"{SITE}/rectifications/{items['owner-red'].pk}/" in owner_text

    # The mails went through the SMTP server: one each, to those with an address who did not opt out.
    assert sorted(to for _from, tos in mail.envelopes for to in tos) == sorted(
        [
            "owner@ledger.example.cn",
            "boss@ledger.example.cn",
            "head@ledger.example.cn",
            "jn-staff@ledger.example.cn",
            "jn-leader@ledger.example.cn",
        ]
    )
    (boss_mail,) = mail.to("boss@ledger.example.cn")
    assert str(boss_mail["Subject"]).strip().startswith("【督办提醒】2019-12-20：")
    body = boss_mail.get_content()
    assert "其他同志的逾期事项（红色预警）" in body and str(items["farm-red"]) in body
    assert f"{SITE}{items['boss-yellow'].get_absolute_url()}" in body and str(items["boss-yellow"]) in body
    assert "责任人 周海峰" in body

    # The work group: one post per department (and one for each bureau's items of no department).
    assert len(robot.posts) == 4
    for path, payload in robot.posts:
        assert path.startswith("/robot/send?access_token=test-token")
        assert payload["msgtype"] == "markdown" and set(payload["markdown"]) == {"title", "text"}
    by_title = {payload["markdown"]["title"]: payload["markdown"]["text"] for _path, payload in robot.posts}
    tech = by_title["督办提醒 2019-12-20 · 青田县科学技术局 高新技术科"]
    assert str(items["owner-red"]) in tech and str(items["colleague-red"]) in tech
    assert str(items["farm-red"]) not in tech
    assert "督办提醒 2019-12-20 · 景宁畲族自治县科学技术局 未分科室" in by_title


def test_a_second_run_the_same_day_sends_nothing(world, mail, robot):
    run("--date", "2019-12-20")
    sent_mails, sent_posts = len(mail.messages), len(robot.posts)
    output = run("--date", "2019-12-20")
    assert "2019-12-20：发送提醒 0 份（邮件 0 封，工作群 0 条），跳过已发送 7 份。" in output
    assert len(mail.messages) == sent_mails and len(robot.posts) == sent_posts
    assert Notification.objects.count() == 7
    # The next day is a new day.
    assert "2019-12-21：发送提醒 7 份" in run("--date", "2019-12-21")


def test_dry_run_prints_what_would_be_sent_and_records_nothing(world, mail, robot):
    output = run("--date", "2019-12-20", "--dry-run")
    assert "将发送提醒 7 份（邮件 5 封，工作群 4 条）" in output
    assert "→ 周海峰（farm，不发邮件：未填写电子邮箱）" in output
    assert "不发邮件：本人已关闭邮件提醒" in output
    assert "→ 工作群：青田县科学技术局 高新技术科" in output
    assert not Notification.objects.exists() and not SentDigest.objects.exists()
    assert mail.messages == [] and robot.posts == []


def test_opting_out_stops_the_mail_but_keeps_the_notification(world, mail):
    colleague = world["people"]["colleague"]
    run("--date", "2019-12-20")
    assert mail.to("colleague@ledger.example.cn") == []
    (notification,) = Notification.objects.filter(recipient=colleague)
    assert str(world["items"]["colleague-red"]) in notification.text
    # A digest about one item links to it.
    assert notification.link == f"{SITE}/enterprise-issues/{world['items']['colleague-red'].pk}/"


def test_a_failing_work_group_does_not_stop_the_mails_and_is_retried(world, mail, robot):
    robot.answer = "error"
    out = io.StringIO()
    with pytest.raises(CommandError, match="发送失败"):
        call_command("send_reminders", "--date", "2019-12-20", stdout=out, stderr=out)
    output = out.getvalue()
    assert "工作群推送失败：青田县科学技术局 高新技术科" in output
    assert "发送提醒 7 份（邮件 5 封，工作群 0 条）" in output
    assert len(mail.messages) == 5
    assert not SentDigest.objects.filter(channel=SentDigest.Channel.WORK_GROUP).exists()

    robot.answer = "ok"
    output = run("--date", "2019-12-20")
    assert "发送提醒 0 份（邮件 0 封，工作群 4 条），跳过已发送 7 份。" in output
    assert len(robot.posts) == 4 and len(mail.messages) == 5


def test_a_robot_refusing_the_message_counts_as_a_failure(world, mail, robot):
    robot.answer = "refuse"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2019-12-20", stdout=out, stderr=out)
    assert "errcode 310000" in out.getvalue()
    assert not SentDigest.objects.filter(channel=SentDigest.Channel.WORK_GROUP).exists()


def test_a_signed_robot_gets_timestamp_and_sign(world, mail, robot, settings):
    settings.REMINDER_WEBHOOK_SECRET = "SEC-test"
    run("--date", "2019-12-20")
    assert all("&timestamp=" in path and "&sign=" in path for path, _payload in robot.posts)


def test_an_unreachable_mail_server_is_reported_and_retried(world, mail, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2019-12-20", stdout=out, stderr=out)
    assert "邮件发送失败" in out.getvalue()
    # Those without mail got theirs; those whose mail failed get the whole digest on the next run.
    assert Notification.objects.count() == 2
    settings.EMAIL_PORT = mail.port
    assert "发送提醒 5 份（邮件 5 封" in run("--date", "2019-12-20")
    assert Notification.objects.count() == 7


def test_one_digest_per_person_and_day_is_enforced_by_the_database(world):
    owner, bureau = world["people"]["owner"], world["people"]["owner"].bureau
    SentDigest.objects.create(channel="person", day=DAY, recipient=owner, bureau=bureau)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentDigest.objects.create(channel="person", day=DAY, recipient=owner, bureau=bureau)
    SentDigest.objects.create(channel="work_group", day=DAY, bureau=bureau, department=world["farm"])
    with pytest.raises(IntegrityError), transaction.atomic():
        SentDigest.objects.create(channel="work_group", day=DAY, bureau=bureau, department=world["farm"])
    SentDigest.objects.create(channel="work_group", day=DAY, bureau=bureau)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentDigest.objects.create(channel="work_group", day=DAY, bureau=bureau)


def test_without_a_date_the_day_is_todays_in_beijing(world, mail):
    assert f"{timezone.localdate():%Y-%m-%d}：发送提醒" in run()


@pytest.mark.parametrize("bad", ["2019-13-01", "20191220", "昨天", "2019-02-30"])
def test_a_bad_date_is_refused_in_chinese(db, bad):
    with pytest.raises(CommandError, match="请按 YYYY-MM-DD 填写"):
        run("--date", bad)
    assert not SentDigest.objects.exists()


def test_a_bad_date_exits_non_zero():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", "2019-12-32"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "日期“2019-12-32”无效" in result.stderr


def test_turning_email_reminders_off_on_the_profile_page_is_audited(client, staff):
    client.force_login(staff)
    page = client.get("/accounts/profile/")
    assert page.status_code == 200 and "接收邮件提醒" in page.content.decode()
    response = client.post("/accounts/profile/", {})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.email_reminders is False
    entry = AuditEvent.objects.filter(action="account", target__startswith="owner").latest("seq")
    assert "email_reminders: True → False" in entry.detail and entry.username == "owner"
    client.post("/accounts/profile/", {"email_reminders": "on"})
    staff.refresh_from_db()
    assert staff.email_reminders is True
