"""Work items (督办事项: rectifications, plan tasks, enterprise problems): their supervision colours and
what a person has to do.

A work item's model builds on `lifecycle.WorkItem` (its state, 分管领导, close-off) and has `owner`
(责任人), `deadline`, `department` and `bureau`; its QuerySet builds on `WorkItemQuerySet`, which says
which rows are still open (`IS_OPEN`, `open()`, `overdue(today)`) and closed off (`IS_CLOSED`).
The colour rule is written here once, twice over: `warning_for` for one item in Python,
`WorkItemQuerySet.with_warning` for many in the database; the tests hold the two together.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.ledger.access import Action
from bureau.ledger.lifecycle import OPEN_STATES, Step, WorkEvent, WorkState
from bureau.ledger.records import RecordQuerySet

BLUE_WARNING_DAYS = 7
YELLOW_WARNING_DAYS = 3


class Warning(models.TextChoices):
    """Supervision colours: the convention Chinese supervision systems use."""

    BLUE = "blue", _("蓝色预警")
    YELLOW = "yellow", _("黄色预警")
    RED = "red", _("红色预警")


def warning_for(deadline: datetime.date | None, done: bool, today: datetime.date | None = None) -> str | None:
    """The supervision colour of an open item: red when overdue, yellow within 3 days, blue within 7."""
    if done or deadline is None:
        return None
    days_left = (deadline - (today or timezone.localdate())).days
    if days_left < 0:
        return Warning.RED
    if days_left <= YELLOW_WARNING_DAYS:
        return Warning.YELLOW
    if days_left <= BLUE_WARNING_DAYS:
        return Warning.BLUE
    return None


# How urgent an item is, most urgent first: what lists and 我的待办 sort and group by.
OVERDUE, RED, YELLOW, BLUE, REST = range(5)
URGENCY_OF_WARNING = {Warning.RED: RED, Warning.YELLOW: YELLOW, Warning.BLUE: BLUE}


class WorkItemQuerySet(RecordQuerySet):
    """What every work item's QuerySet answers, by the states of the work loop (bureau.ledger.lifecycle)."""

    # The rules every figure, list, warning and reminder counts by: not yet closed off (待签收, 办理中,
    # 申请销号), and closed off (已销号, counted on its close-off day).
    IS_OPEN = Q(status__in=OPEN_STATES)
    IS_CLOSED = Q(status=WorkState.CLOSED)
    # Waiting for a leader: a close-off applied for, or a request for more time.
    AWAITING_REVIEW = Q(status=WorkState.APPLIED) | (IS_OPEN & Q(requested_deadline__isnull=False))

    def open(self):
        return self.filter(self.IS_OPEN)

    def closed(self):
        return self.filter(self.IS_CLOSED)

    def overdue(self, today=None):
        """Open past their deadline."""
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def frozen(self):
        """What a leader closed off is changed afterwards only by leaders and admins."""
        return self.IS_CLOSED

    def awaiting_review(self):
        return self.filter(self.AWAITING_REVIEW)

    def with_warning(self, today: datetime.date | None = None):
        """Annotate `warning_colour` (warning_for in SQL) and `urgency` (OVERDUE … REST)."""
        if "warning_colour" in self.query.annotations:
            return self
        today = today or timezone.localdate()
        is_open = self.IS_OPEN
        colour = Case(
            When(is_open & Q(deadline__lt=today), then=Value(Warning.RED.value)),
            When(
                is_open & Q(deadline__lte=today + datetime.timedelta(days=YELLOW_WARNING_DAYS)),
                then=Value(Warning.YELLOW.value),
            ),
            When(
                is_open & Q(deadline__lte=today + datetime.timedelta(days=BLUE_WARNING_DAYS)),
                then=Value(Warning.BLUE.value),
            ),
            default=Value(None),
            output_field=models.CharField(),
        )
        urgency = Case(
            When(is_open & Q(deadline__lt=today), then=Value(OVERDUE)),
            *(When(warning_colour=warning.value, then=Value(rank)) for warning, rank in URGENCY_OF_WARNING.items()),
            default=Value(REST),
            output_field=IntegerField(),
        )
        return self.annotate(warning_colour=colour).annotate(urgency=urgency)

    def by_urgency(self, today: datetime.date | None = None):
        """Overdue first, then red, yellow and blue by deadline, then the rest in the model's own order."""
        urgent_deadline = Case(When(urgency__lt=REST, then=F("deadline")), default=Value(None))
        ordering = self.model._meta.ordering
        return (
            self.with_warning(today)
            .annotate(urgent_deadline=urgent_deadline)
            .order_by("urgency", "urgent_deadline", *ordering)
        )

    def with_colour(self, colour: str, today: datetime.date | None = None):
        return self.with_warning(today).filter(warning_colour=colour)

    def urgent(self, today: datetime.date | None = None):
        """Open items that are overdue or red: what the navigation's badge counts."""
        today = today or timezone.localdate()
        return self.with_warning(today).filter(Q(warning_colour=Warning.RED) | (self.IS_OPEN & Q(deadline__lt=today)))


def work_item_types():
    from bureau.ledger.registry import work_item_types

    return work_item_types()


def urgent_count(user, today: datetime.date | None = None) -> int:
    """The user's own open items that are overdue or red, over every work-item type, in one query."""
    if user.bureau_id is None:
        return 0
    parts = [
        record_type.model.objects.restrict(user, Action.VIEW).filter(owner=user).urgent(today).order_by().values("pk")
        for record_type in work_item_types()
    ]
    if not parts:
        return 0
    first, *rest = parts
    return first.union(*rest, all=True).count() if rest else first.count()


class MyWork:
    """For the navigation of every page: what `urgent_count` says, asked only when a page shows it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def urgent(self) -> int:
        return urgent_count(self.user)


class Group:
    """One section of 我的待办: a colour (or overdue, or the rest) and its items."""

    LABELS = {
        OVERDUE: _("已逾期"),
        RED: Warning.RED.label,
        YELLOW: Warning.YELLOW.label,
        BLUE: Warning.BLUE.label,
        REST: _("其他待办"),
    }
    COLOURS = {OVERDUE: Warning.RED, RED: Warning.RED, YELLOW: Warning.YELLOW, BLUE: Warning.BLUE, REST: ""}

    def __init__(self, urgency: int, items: list):
        self.urgency, self.items = urgency, items
        self.label = self.LABELS[urgency]
        self.colour = self.COLOURS[urgency]


def latest_event(model, steps=(), field: str = "pk"):
    """A Subquery for each row of `model`: `field` of its latest `WorkEvent` (of one of `steps`, if given)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    events = WorkEvent.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
    if steps:
        events = events.filter(step__in=steps)
    return Subquery(events.order_by("-at", "-pk").values(field)[:1])


def _each_type(user, action, narrow):
    """The work items of every type that `user` may `action`, narrowed by `narrow(queryset, model)`, each
    with its `record_type`: one query per type."""
    for record_type in work_item_types():
        queryset = narrow(record_type.model.objects.restrict(user, action), record_type.model)
        for item in queryset.select_related(*record_type.list_select_related):
            item.record_type = record_type
            yield item


def _own_open_items(user, today: datetime.date) -> list:
    """The open items the user is 责任人 of, most urgent first, each with its latest step (`latest_step`,
    `latest_event_id`) and its latest application for close-off (`apply_event_id`): one query per type."""

    def narrow(queryset, model):
        return (
            queryset.open()
            .filter(owner=user)
            .by_urgency(today)
            .annotate(
                latest_step=latest_event(model, field="step"),
                latest_event_id=latest_event(model),
                apply_event_id=latest_event(model, (Step.APPLY,)),
            )
        )

    items = list(_each_type(user, Action.VIEW, narrow))
    for item in items:
        item.days_left = (item.deadline - today).days
        item.days_overdue = -item.days_left
        item.was_returned = item.status != WorkState.APPLIED and item.latest_step == Step.RETURN
    items.sort(key=lambda item: (item.urgency, item.deadline, item.pk))
    return items


def _groups(items) -> list[Group]:
    groups = {}
    for item in items:
        groups.setdefault(item.urgency, []).append(item)
    return [Group(urgency, found) for urgency, found in sorted(groups.items())]


def _awaiting_review(user) -> list:
    """For leaders and admins: the items of their bureau waiting for their review, each with what it waits
    for (`awaits_close`, `awaits_extension`: a close-off applied for, more time asked, or both) and the ids
    of those requests: one query per type."""
    if not user.can_verify:
        return []

    def narrow(queryset, model):
        return queryset.awaiting_review().annotate(
            apply_event_id=latest_event(model, (Step.APPLY,)),
            extension_event_id=latest_event(model, (Step.ASK_EXTENSION,)),
        )

    items = list(_each_type(user, Action.VERIFY, narrow))
    for item in items:
        item.awaits_close = item.status == WorkState.APPLIED
        item.awaits_extension = item.requested_deadline is not None
    return items


def _review_order(item):
    """Oldest request first; items with no request on record (entered as they are) last, by their own date."""
    asked = [event.at for event in (item.close_request, item.extension_request) if event is not None]
    return (not asked, min(asked) if asked else None, item.record_date, item.pk)


@dataclass
class MyWorkPage:
    """Everything 我的待办 shows one person, each of their own open items once:

    - `to_review`: (leaders and admins) what waits for their decision, oldest request first: a close-off
      applied for (`item.close_request`), more time asked (`item.extension_request`), or both;
    - `returned`: their open items whose latest step is a leader's 退回: `item.returned` is that event (the reason);
    - `groups`: the rest of their open items to work on, by colour, overdue first;
    - `applied`: their items applied for close-off (申请销号), waiting for a leader: `item.close_request`.
    """

    to_review: list
    returned: list
    groups: list[Group]
    applied: list

    @property
    def count(self) -> int:
        """The user's own open items: in `returned`, `groups` and `applied`."""
        return len(self.returned) + sum(len(group.items) for group in self.groups) + len(self.applied)


def my_work_page(user, today: datetime.date | None = None) -> MyWorkPage:
    """我的待办 in a number of queries that does not grow with the items: one per type for the user's own,
    one per type for what awaits their review, one for the steps the page quotes (returns, requests)."""
    today = today or timezone.localdate()
    own = _own_open_items(user, today)
    to_review = _awaiting_review(user)
    wanted = {item.latest_event_id for item in own if item.was_returned}
    wanted |= {item.apply_event_id for item in own if item.status == WorkState.APPLIED}
    wanted |= {item.apply_event_id for item in to_review if item.awaits_close}
    wanted |= {item.extension_event_id for item in to_review if item.awaits_extension}
    wanted.discard(None)  # entered in that state, with no request on record
    events = WorkEvent.objects.filter(pk__in=wanted).select_related("actor") if wanted else []
    events = {event.pk: event for event in events}
    for item in to_review:
        item.close_request = events.get(item.apply_event_id) if item.awaits_close else None
        item.extension_request = events.get(item.extension_event_id) if item.awaits_extension else None
    to_review.sort(key=_review_order)
    returned, applied, rest = [], [], []
    for item in own:
        if item.status == WorkState.APPLIED:
            item.close_request = events.get(item.apply_event_id)
            applied.append(item)
        elif item.was_returned:
            item.returned = events.get(item.latest_event_id)
            returned.append(item)
        else:
            rest.append(item)
    return MyWorkPage(to_review=to_review, returned=returned, groups=_groups(rest), applied=applied)
