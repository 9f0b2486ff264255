"""Daily reminders (督办提醒) of work items near or past their deadline.

    send_reminders(day) → Outcome      (python manage.py send_reminders [--date …] [--dry-run])

Each person with open work items due within 7 days (蓝色预警), within 3 days (黄色预警) or overdue
(红色预警) gets one digest a day listing exactly those items by colour. Overdue items also go to the
leaders of the item's department and of its bureau, in a section of their own digest. A digest is an
in-app notification and, unless the person has no address or turned it off, an e-mail. With
REMINDER_WEBHOOK_URL set, each department's items are also posted once a day to the work group's
robot (DingTalk markdown).

Work items are found through the registry and read only through what every work item offers: `owner`,
`deadline`, `department`, `bureau`, `get_absolute_url()` and the QuerySet's `open()` and
`overdue(day)`; never their states, which the work loop owns (bureau.ledger.lifecycle: an item is
reminded of until a leader closes it off).

What was delivered is kept in SentDigest, one row per (person, day) and per (department, day), under
unique constraints: a second run on the same day sends nothing, and of two runs at once only one sends.
"""

import base64
import datetime
import hashlib
import hmac
import json
import smtplib
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.choices import Role
from bureau.ledger.fields import optional_reference, person
from bureau.ledger.notifications import notify
from bureau.ledger.registry import work_item_types
from bureau.ledger.work_items import BLUE_WARNING_DAYS, Warning, warning_for

# Most urgent first: the order a digest lists its sections in.
COLOURS = (Warning.RED, Warning.YELLOW, Warning.BLUE)

COLOUR_HINTS = {
    Warning.RED: gettext_lazy("已逾期"),
    Warning.YELLOW: gettext_lazy("3 天内到期"),
    Warning.BLUE: gettext_lazy("7 天内到期"),
}


class SentDigest(models.Model):
    """A reminder digest already delivered: one per person per day, one work-group post per department
    (or, for items of no department, per bureau) per day. The unique constraints are what stop a second
    run, or a simultaneous one, from sending it again."""

    class Channel(models.TextChoices):
        PERSON = "person", gettext_lazy("个人提醒")
        WORK_GROUP = "work_group", gettext_lazy("工作群")

    channel = models.CharField(gettext_lazy("渠道"), max_length=16, choices=Channel.choices)
    day = models.DateField(gettext_lazy("提醒日期"))
    recipient = person(gettext_lazy("接收人"), optional=True, on_delete=models.CASCADE)
    bureau = models.ForeignKey(
        "bureau.Bureau", verbose_name=gettext_lazy("单位"), on_delete=models.CASCADE, related_name="+"
    )
    department = optional_reference("bureau.Department", gettext_lazy("科室"), on_delete=models.CASCADE)
    items = models.PositiveIntegerField(gettext_lazy("事项数"), default=0)
    emailed = models.BooleanField(gettext_lazy("已发邮件"), default=False)
    sent_at = models.DateTimeField(gettext_lazy("发送时间"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("已发送的提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"],
                condition=Q(channel="person"),
                name="sent_digest_one_per_person_per_day",
            ),
            models.UniqueConstraint(
                fields=["department", "day"],
                condition=Q(channel="work_group", department__isnull=False),
                name="sent_digest_one_post_per_department_per_day",
            ),
            models.UniqueConstraint(
                fields=["bureau", "day"],
                condition=Q(channel="work_group", department__isnull=True),
                name="sent_digest_one_post_per_bureau_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.channel} {self.recipient_id or self.department_id or self.bureau_id}"


def colour_on(deadline: datetime.date, day: datetime.date, overdue: bool) -> Warning | None:
    """The colour of an open item on `day`; `overdue` is the item type's own rule (`overdue(day)`)."""
    if overdue:
        return Warning.RED
    if deadline < day:
        return None  # past its deadline yet not overdue by its own rule (an extension, say): nothing to say
    return warning_for(deadline, False, today=day)


@dataclass(frozen=True)
class DueItem:
    """One work item as a reminder shows it."""

    kind: str
    title: str
    deadline: datetime.date
    url: str
    colour: Warning
    owner: object
    bureau: object
    department: object  # None: the item belongs to no department

    def days_text(self, day: datetime.date) -> str:
        days = (self.deadline - day).days
        if days < 0:
            return _("已逾期 %(days)s 天") % {"days": -days}
        if days == 0:
            return _("今天到期")
        return _("还剩 %(days)s 天") % {"days": days}


def due_items(day: datetime.date) -> list[DueItem]:
    """Every open work item, of every bureau, that has a colour on `day`: two queries per work-item type."""
    horizon = day + datetime.timedelta(days=BLUE_WARNING_DAYS)
    found = []
    for record_type in work_item_types():
        manager = record_type.model.objects
        overdue = set(manager.overdue(day).values_list("pk", flat=True))
        rows = (
            manager.open()
            .filter(Q(deadline__lte=horizon) | Q(pk__in=overdue))
            .select_related("owner", "bureau", "department")
            .order_by("deadline", "pk")
        )
        for item in rows:
            colour = colour_on(item.deadline, day, item.pk in overdue)
            if colour is None:
                continue
            found.append(
                DueItem(
                    kind=str(record_type.opts.verbose_name),
                    title=str(item),
                    deadline=item.deadline,
                    url=f"{settings.SITE_URL}{item.get_absolute_url()}",
                    colour=colour,
                    owner=item.owner,
                    bureau=item.bureau,
                    department=item.department,
                )
            )
    found.sort(key=lambda item: (item.deadline, item.kind, item.title))
    return found


def _line(item: DueItem, day: datetime.date, *, with_owner: bool) -> str:
    details = [_("截止 %(deadline)s") % {"deadline": f"{item.deadline:%Y-%m-%d}"}, item.days_text(day)]
    if with_owner:
        details.insert(0, _("责任人 %(owner)s") % {"owner": item.owner})
        if item.department is not None:
            details.insert(1, str(item.department))
    return f"· [{item.kind}] {item.title}（{'，'.join(details)}）\n  {item.url}"


def _counts(by_colour: dict) -> str:
    return "，".join(
        _("%(colour)s %(count)s 项") % {"colour": colour.label, "count": len(by_colour.get(colour, ()))}
        for colour in COLOURS
    )


@dataclass
class Digest:
    """One person's reminder of one day: their own items by colour, and others' overdue items they lead."""

    recipient: object
    day: datetime.date
    own: dict = field(default_factory=lambda: defaultdict(list))
    others_overdue: list = field(default_factory=list)

    @property
    def items(self) -> list[DueItem]:
        return [item for colour in COLOURS for item in self.own.get(colour, ())] + self.others_overdue

    @property
    def emails_to(self) -> str:
        """The address the digest is mailed to; empty when there is none or the person turned mail off."""
        return self.recipient.email if self.recipient.email and self.recipient.email_reminders else ""

    @property
    def why_no_email(self) -> str:
        if not self.recipient.email:
            return _("未填写电子邮箱")
        return "" if self.recipient.email_reminders else _("本人已关闭邮件提醒")

    def counts(self) -> str:
        parts = [_counts(self.own)] if self.own else []
        if self.others_overdue:
            parts.append(_("其他同志逾期 %(count)s 项") % {"count": len(self.others_overdue)})
        return "；".join(parts)

    def summary(self) -> str:
        return _("督办提醒 %(day)s：%(counts)s") % {"day": f"{self.day:%Y-%m-%d}", "counts": self.counts()}

    def sections(self) -> str:
        blocks = []
        for colour in COLOURS:
            items = self.own.get(colour)
            if items:
                heading = f"{colour.label}（{COLOUR_HINTS[colour]}）："
                blocks.append("\n".join([heading, *(_line(item, self.day, with_owner=False) for item in items)]))
        if self.others_overdue:
            heading = _("其他同志的逾期事项（红色预警）：")
            lines = (_line(item, self.day, with_owner=True) for item in self.others_overdue)
            blocks.append("\n".join([heading, *lines]))
        return "\n\n".join(blocks)

    def notification_text(self) -> str:
        return f"{self.summary()}\n\n{self.sections()}"

    def link(self) -> str:
        """The item's page when the digest is about one item; a longer digest links each item in its text."""
        items = self.items
        return items[0].url if len(items) == 1 else ""

    def email(self, connection=None) -> EmailMessage:
        greeting = _("%(name)s，您好：") % {"name": self.recipient}
        intro = _("截至 %(day)s，以下督办事项需要您关注：") % {"day": f"{self.day:%Y-%m-%d}"}
        footer = _("请登录主题教育工作台账办理：%(url)s/") % {"url": settings.SITE_URL}
        footer += "\n" + _("不想再收到邮件提醒，可在“个人设置”中关闭：%(url)s") % {
            "url": f"{settings.SITE_URL}{reverse('profile')}"
        }
        body = f"{greeting}\n\n{intro}\n\n{self.sections()}\n\n{footer}\n"
        subject = _("【督办提醒】%(day)s：%(counts)s") % {"day": f"{self.day:%Y-%m-%d}", "counts": self.counts()}
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [self.emails_to], connection=connection)


def overdue_readers(item: DueItem, leaders) -> list:
    """Who hears of someone else's overdue item: the leaders of its department, and the bureau's leaders
    (局领导, whether or not they belong to a department)."""
    return [
        leader
        for leader in leaders
        if leader.pk != item.owner.pk
        and (
            leader.bureau_id == item.bureau.pk
            or (item.department is not None and leader.department_id == item.department.pk)
        )
    ]


def digests_for(day: datetime.date, items: list[DueItem] | None = None) -> list[Digest]:
    """One digest per person with something to hear on `day`, in bureau and name order."""
    items = due_items(day) if items is None else items
    bureau_ids = {item.bureau.pk for item in items}
    department_ids = {item.department.pk for item in items if item.department is not None}
    leaders = list(
        get_user_model()
        .objects.filter(role=Role.LEADER, is_active=True)
        .filter(Q(bureau_id__in=bureau_ids) | Q(department_id__in=department_ids))
    )
    digests: dict[int, Digest] = {}

    def digest_of(user) -> Digest:
        return digests.setdefault(user.pk, Digest(recipient=user, day=day))

    for item in items:
        if item.owner.is_active:
            digest_of(item.owner).own[item.colour].append(item)
        if item.colour == Warning.RED:
            for leader in overdue_readers(item, leaders):
                digest_of(leader).others_overdue.append(item)
    for digest in digests.values():
        digest.others_overdue.sort(key=lambda item: (str(item.department or ""), item.deadline, item.title))
    return sorted(digests.values(), key=lambda d: (d.recipient.bureau_id or 0, d.recipient.username))


# --- the work group -----------------------------------------------------------------------------------


@dataclass
class GroupDigest:
    """One department's items of one day, as posted to the work group (items of no department: per bureau)."""

    bureau: object
    department: object
    day: datetime.date
    by_colour: dict = field(default_factory=lambda: defaultdict(list))

    @property
    def items(self) -> list[DueItem]:
        return [item for colour in COLOURS for item in self.by_colour.get(colour, ())]

    @property
    def name(self) -> str:
        department = self.department if self.department is not None else _("未分科室")
        return f"{self.bureau} {department}"

    def payload(self) -> dict:
        """DingTalk's group-robot markdown message."""
        title = _("督办提醒 %(day)s · %(name)s") % {"day": f"{self.day:%Y-%m-%d}", "name": self.name}
        blocks = [f"#### {title}", _counts(self.by_colour)]
        for colour in COLOURS:
            items = self.by_colour.get(colour)
            if not items:
                continue
            lines = [f"**{colour.label}（{COLOUR_HINTS[colour]}）**", ""]
            for item in items:
                label = item.title.replace("[", "［").replace("]", "］")
                owner = _("责任人 %(owner)s") % {"owner": item.owner}
                deadline = _("截止 %(deadline)s") % {"deadline": f"{item.deadline:%Y-%m-%d}"}
                lines.append(f"- {item.kind}：[{label}]({item.url})　{owner}，{deadline}，{item.days_text(self.day)}")
            blocks.append("\n".join(lines))
        return {"msgtype": "markdown", "markdown": {"title": title, "text": "\n\n".join(blocks)}}


def group_digests_for(day: datetime.date, items: list[DueItem]) -> list[GroupDigest]:
    groups: dict[tuple, GroupDigest] = {}
    for item in items:
        key = (item.bureau.pk, item.department.pk if item.department is not None else None)
        group = groups.setdefault(key, GroupDigest(bureau=item.bureau, department=item.department, day=day))
        group.by_colour[item.colour].append(item)
    return sorted(groups.values(), key=lambda g: (g.bureau.pk, str(g.department or "")))


class WebhookRefused(Exception):
    """The robot answered, but not with success."""


def signed_url(url: str, secret: str) -> str:
    """DingTalk's 加签: the time in ms and an HMAC-SHA256 of it keyed with the robot's secret."""
    timestamp = str(round(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    query = urllib.parse.urlencode({"timestamp": timestamp, "sign": base64.b64encode(digest).decode()})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def post_to_work_group(payload: dict, url: str | None = None) -> None:
    url = url or settings.REMINDER_WEBHOOK_URL
    secret = getattr(settings, "REMINDER_WEBHOOK_SECRET", "")
    request = urllib.request.Request(  # noqa: S310 — the administrator's URL, checked to be http(s) in settings
        signed_url(url, secret) if secret else url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.REMINDER_WEBHOOK_TIMEOUT) as response:  # noqa: S310
        body = response.read(64 * 1024)
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        answer = {}
    # DingTalk answers 200 with {"errcode": 0, "errmsg": "ok"}; any other code is a refusal.
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise WebhookRefused(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


# --- sending --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    day: datetime.date
    dry_run: bool = False
    sent: int = 0
    mails: int = 0
    posts: int = 0
    skipped: int = 0
    failures: list = field(default_factory=list)
    preview: list = field(default_factory=list)  # what a dry run would send

    def summary(self) -> str:
        if self.dry_run:
            return (
                f"{self.day:%Y-%m-%d}（试运行，未发送也未记录）：将发送提醒 {self.sent} 份"
                f"（邮件 {self.mails} 封，工作群 {self.posts} 条），跳过已发送 {self.skipped} 份。"
            )
        return (
            f"{self.day:%Y-%m-%d}：发送提醒 {self.sent} 份（邮件 {self.mails} 封，工作群 {self.posts} 条），"
            f"跳过已发送 {self.skipped} 份。"
        )


def send_reminders(day: datetime.date, *, dry_run: bool = False) -> Outcome:
    outcome = Outcome(day=day, dry_run=dry_run)
    items = due_items(day)
    already = set(
        SentDigest.objects.filter(day=day, channel=SentDigest.Channel.PERSON).values_list("recipient_id", flat=True)
    )
    connection = get_connection()  # opened for each message: one refusing address does not stop the others
    for digest in digests_for(day, items):
        if digest.recipient.pk in already:
            outcome.skipped += 1
            continue
        if dry_run:
            outcome.sent += 1
            outcome.mails += bool(digest.emails_to)
            mail = digest.emails_to or f"不发邮件：{digest.why_no_email}"
            outcome.preview.append(f"→ {digest.recipient}（{digest.recipient.username}，{mail}）")
            outcome.preview.append(_indent(digest.notification_text()))
            continue
        try:
            _deliver(digest, connection)
        except IntegrityError:
            outcome.skipped += 1  # a run at the same moment delivered it first
        except (smtplib.SMTPException, OSError) as error:
            outcome.failures.append(
                f"邮件发送失败：{digest.recipient}（{digest.emails_to}）：{error}。这份提醒未记为已发送，下次运行时重发。"
            )
        else:
            outcome.sent += 1
            outcome.mails += bool(digest.emails_to)
    if settings.REMINDER_WEBHOOK_URL:
        _post_group_digests(day, items, outcome)
    return outcome


def _deliver(digest: Digest, connection) -> None:
    # The claim comes first and the mail last, in one transaction: a second run waits on the claim's
    # unique key and then finds it taken; a mail that fails undoes the claim and the notification, so the
    # whole digest goes out on the next run.
    with transaction.atomic():
        SentDigest.objects.create(
            channel=SentDigest.Channel.PERSON,
            day=digest.day,
            recipient=digest.recipient,
            bureau_id=digest.recipient.bureau_id or digest.items[0].bureau.pk,
            items=len(digest.items),
            emailed=bool(digest.emails_to),
        )
        notify(digest.recipient, digest.notification_text(), digest.link())
        if digest.emails_to:
            digest.email(connection).send(fail_silently=False)


def _post_group_digests(day: datetime.date, items: list[DueItem], outcome: Outcome) -> None:
    already = {
        (bureau_id, department_id)
        for bureau_id, department_id in SentDigest.objects.filter(
            day=day, channel=SentDigest.Channel.WORK_GROUP
        ).values_list("bureau_id", "department_id")
    }
    for group in group_digests_for(day, items):
        key = (group.bureau.pk, group.department.pk if group.department is not None else None)
        if key in already:
            continue
        if outcome.dry_run:
            outcome.posts += 1
            outcome.preview.append(f"→ 工作群：{group.name}")
            outcome.preview.append(_indent(group.payload()["markdown"]["text"]))
            continue
        try:
            with transaction.atomic():
                SentDigest.objects.create(
                    channel=SentDigest.Channel.WORK_GROUP,
                    day=day,
                    bureau=group.bureau,
                    department=group.department,
                    items=len(group.items),
                )
                post_to_work_group(group.payload())
        except IntegrityError:
            continue
        except (OSError, WebhookRefused) as error:
            outcome.failures.append(f"工作群推送失败：{group.name}：{error}。未记为已发送，下次运行时重发。")
        else:
            outcome.posts += 1


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())
