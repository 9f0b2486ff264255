"""send_reminders on the demo, in the campaign's last weeks, through a real SMTP server: each person with
open items due gets exactly one digest listing exactly their items by colour, the overdue ones reach the
leaders, and a second run the same day sends nothing."""

import datetime
import io

import pytest
from django.core.management import call_command

from bureau.ledger.registry import work_item_types
from bureau.ledger.work_items import warning_for
from bureau.models import User
from tests.reminder_servers import MailServer

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 1, 10)
LABELS = {"red": "红色预警", "yellow": "黄色预警", "blue": "蓝色预警"}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def mail(settings):
    with MailServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.REMINDER_WEBHOOK_URL = ""
        yield server


def due_by_owner(day):
    """Independently of the reminders' code: every open item with a colour on `day`, by its owner, as
    (colour, address of its page, bureau)."""
    found = {}
    for record_type in work_item_types():
        for item in record_type.model.objects.filter(status__in=("pending", "in_progress", "applied")):
            colour = warning_for(item.deadline, False, today=day)
            if colour and item.owner.is_active:
                found.setdefault(item.owner.username, []).append((colour, item.get_absolute_url(), item.bureau_id))
    return found


def send(day):
    out = io.StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_each_person_gets_exactly_their_items_once_and_leaders_hear_of_the_overdue(demo, mail, settings):
    expected = due_by_owner(DAY)
    assert len(expected) >= 3, "the demo has items due in the campaign's last weeks"
    assert "2020-01-10：发送提醒" in send(DAY)

    by_address = {}
    for message in mail.messages:
        by_address.setdefault(message["To"], []).append(message)
    every_url = {url for items in expected.values() for _colour, url, _bureau in items}
    for username, items in expected.items():
        address = User.objects.get(username=username).email
        (digest,) = by_address[address]  # exactly one
        own = digest.get_content().split("其他同志的逾期事项")[0]
        mine = {url for _colour, url, _bureau in items}
        assert {url for url in every_url if f"{settings.SITE_URL}{url}" in own} == mine, username
        for colour, url, _bureau in items:
            # Listed under its own colour's heading: the last heading before it is its colour's.
            before = own[: own.index(f"{settings.SITE_URL}{url}")]
            heading = max(LABELS.values(), key=lambda label: before.rfind(f"{label}（"))
            assert heading == LABELS[colour], (username, url)

    leader = User.objects.get(username="leader")
    others = by_address[leader.email][0].get_content().split("其他同志的逾期事项")[1]
    overdue = {
        url
        for username, items in expected.items()
        if username != "leader"
        for colour, url, bureau in items
        if colour == "red" and bureau == leader.bureau_id
    }
    assert overdue and all(f"{settings.SITE_URL}{url}" in others for url in overdue)

    sent = len(mail.messages)
    assert "发送提醒 0 份" in send(DAY)
    assert len(mail.messages) == sent
