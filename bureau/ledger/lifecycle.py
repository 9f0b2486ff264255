"""The work loop (督办闭环) of every work item — rectifications, plan tasks, enterprise problems — in one place.

An item is assigned (交办) to a 责任人 with a deadline, acknowledged (签收), worked on with progress
recorded, applied for close-off with evidence (申请销号), then a leader closes it off (销号) or returns it
(退回) with a reason. A deadline moves only on a request the leader grants (申请延期 → 同意 / 驳回), or by
the leader's own extension. Each step is a `WorkEvent`: who, when, the day it counts by, the opinion,
the evidence; the item's own save records it in the history.

The rules are a table (`TRANSITIONS`) rather than a state-machine library: the steps are few, several
leave the state unchanged (progress, extension requests), and the table is what the detail page, the
list's bulk actions, the tests and the access matrix all read.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.ledger.access import Action, allows
from bureau.ledger.fields import acting_user, person


class WorkState(models.TextChoices):
    PENDING = "pending", gettext_lazy("待签收")
    IN_PROGRESS = "in_progress", gettext_lazy("办理中")
    APPLIED = "applied", gettext_lazy("申请销号")
    CLOSED = "closed", gettext_lazy("已销号")


PENDING, IN_PROGRESS, APPLIED, CLOSED = WorkState.PENDING, WorkState.IN_PROGRESS, WorkState.APPLIED, WorkState.CLOSED
OPEN_STATES = (PENDING, IN_PROGRESS, APPLIED)


class Step(models.TextChoices):
    ASSIGN = "assign", gettext_lazy("交办")
    ACKNOWLEDGE = "acknowledge", gettext_lazy("签收")
    PROGRESS = "progress", gettext_lazy("记录进展")
    APPLY = "apply", gettext_lazy("申请销号")
    CLOSE = "close", gettext_lazy("销号")
    RETURN = "return", gettext_lazy("退回")
    ASK_EXTENSION = "ask_extension", gettext_lazy("申请延期")
    GRANT_EXTENSION = "grant_extension", gettext_lazy("同意延期")
    REFUSE_EXTENSION = "refuse_extension", gettext_lazy("驳回延期")
    EXTEND = "extend", gettext_lazy("延期")
    SATISFACTION = "satisfaction", gettext_lazy("满意度回访")


# Who may take a step: the item's 责任人, or a leader / admin of its bureau (restrict(user, "verify")).
OWNER, REVIEWER, EITHER = "owner", "reviewer", "either"


@dataclass(frozen=True)
class Transition:
    step: Step
    sources: tuple[str, ...]
    target: str | None  # None: the state stays as it is
    by: str
    opinion_label: str = ""
    opinion_required: bool = False
    asks_deadline: bool = False
    takes_evidence: bool = False
    # Only while a request for more time waits (True), only while none does (False), either way (None).
    while_extension_asked: bool | None = None
    button: str = "btn-outline-primary"

    @property
    def label(self) -> str:
        return self.step.label


def transition(step, sources, target, by, opinion="", *, required=False, **options) -> Transition:
    """One row of TRANSITIONS: `sources` one state or several; `opinion` labels the step's opinion box,
    `required` makes it mandatory."""
    if isinstance(sources, WorkState):
        sources = (sources,)
    return Transition(step, sources, target, by, opinion_label=opinion, opinion_required=required, **options)


def answer_to_extension(step, opinion, **options) -> Transition:
    """同意延期 / 驳回延期: a reviewer answers the 责任人's request for more time; the state stays."""
    return transition(step, OPEN_STATES, None, REVIEWER, opinion, while_extension_asked=True, **options)


PRIMARY, SUCCESS, DANGER = "btn-primary", "btn-success", "btn-outline-danger"

TRANSITIONS = {
    t.step: t
    for t in (
        transition(Step.ASSIGN, OPEN_STATES, PENDING, REVIEWER),
        transition(Step.ACKNOWLEDGE, PENDING, IN_PROGRESS, OWNER, gettext_lazy("签收意见"), button=PRIMARY),
        transition(
            Step.PROGRESS, IN_PROGRESS, None, OWNER, gettext_lazy("进展情况"), required=True, takes_evidence=True
        ),
        transition(
            Step.APPLY, IN_PROGRESS, APPLIED, OWNER, gettext_lazy("申请说明"), takes_evidence=True, button=PRIMARY
        ),
        transition(Step.CLOSE, APPLIED, CLOSED, REVIEWER, gettext_lazy("审核意见"), button=SUCCESS),
        transition(Step.RETURN, APPLIED, IN_PROGRESS, REVIEWER, gettext_lazy("退回理由"), required=True, button=DANGER),
        transition(
            Step.ASK_EXTENSION,
            (PENDING, IN_PROGRESS),
            None,
            OWNER,
            gettext_lazy("延期理由"),
            required=True,
            asks_deadline=True,
            while_extension_asked=False,
        ),
        answer_to_extension(Step.GRANT_EXTENSION, gettext_lazy("审核意见"), button=SUCCESS),
        answer_to_extension(Step.REFUSE_EXTENSION, gettext_lazy("驳回理由"), required=True, button=DANGER),
        transition(
            Step.EXTEND, OPEN_STATES, None, REVIEWER, gettext_lazy("延期理由"), required=True, asks_deadline=True
        ),
        transition(Step.SATISFACTION, CLOSED, None, EITHER, gettext_lazy("企业意见")),
    )
}

# Taken from the detail page's buttons; ASSIGN is the form's and the list's (改派), SATISFACTION the model's.
PAGE_STEPS = tuple(step for step in TRANSITIONS if step != Step.ASSIGN)


class Refused(Exception):
    """The step does not apply to the item as it is now (a closed item applied for again, say): 409."""


class WorkEventQuerySet(models.QuerySet):
    def of(self, item):
        content_type = ContentType.objects.get_for_model(item, for_concrete_model=True)
        return self.filter(content_type=content_type, object_id=item.pk)


class WorkEvent(models.Model):
    """One step of the work loop on one item: dated, signed, with the opinion and (through attachments) evidence."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    step = models.CharField(_("办理环节"), max_length=20, choices=Step.choices)
    actor = person(_("办理人"), null=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    # The day the step counts by: a close-off in November counts in November's figures.
    day = models.DateField(_("日期"), default=timezone.localdate)
    opinion = models.TextField(_("意见"), blank=True)
    deadline = models.DateField(_("时限"), null=True, blank=True)
    state_before = models.CharField(_("原状态"), max_length=16, choices=WorkState.choices, blank=True)
    state_after = models.CharField(_("新状态"), max_length=16, choices=WorkState.choices, blank=True)
    owner = person(_("责任人"), null=True)

    objects = WorkEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="work_event_item")]

    def __str__(self):
        return f"{self.get_step_display()} {self.at:%Y-%m-%d}"

    @property
    def changes_state(self) -> bool:
        return bool(self.state_after) and self.state_after != self.state_before


class WorkItem(models.Model):
    """The fields of the work loop, shared by every work item's model (with its own `owner` and `deadline`)."""

    status = models.CharField(_("办理状态"), max_length=16, choices=WorkState.choices, default=WorkState.PENDING)
    supervisor = person(_("分管领导"), optional=True)
    measure = models.TextField(_("工作措施"), blank=True)
    original_deadline = models.DateField(_("原定时限"), null=True, blank=True, editable=False)
    requested_deadline = models.DateField(_("申请延期至"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    closed_by = acting_user(_("销号人"))

    # What the loop changes: a closed month's values hold, a step is a fact of its own day (CampaignRecord).
    lifecycle_fields = ("status", "deadline", "requested_deadline", "closed_on", "closed_by", "owner", "supervisor")
    # Fields a step's form asks for, by step (an enterprise problem's outcome when applying, say).
    step_fields: dict = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.original_deadline is None:
            self.original_deadline = self.deadline
        super().save(*args, **kwargs)

    # --- state ---------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.status == WorkState.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()

    @property
    def warning(self):
        from bureau.ledger.work_items import warning_for

        return warning_for(self.deadline, not self.is_open)

    def get_warning_display(self) -> str:
        from bureau.ledger.work_items import Warning

        return Warning(self.warning).label if self.warning else ""

    @property
    def extension_asked(self) -> bool:
        return self.requested_deadline is not None

    @property
    def was_extended(self) -> bool:
        return self.original_deadline is not None and self.deadline != self.original_deadline

    # --- steps ---------------------------------------------------------------------------------

    def step_applies(self, step) -> bool:
        """May this step be taken on the item as it is now, by someone allowed to take it?"""
        transition = TRANSITIONS.get(step)
        if transition is None or self.is_deleted or self.status not in transition.sources:
            return False
        if step == Step.SATISFACTION:
            return False  # asked only where the model asks it (an enterprise problem solved)
        asked = transition.while_extension_asked
        return asked is None or asked == self.extension_asked

    def step_refusal(self, step) -> str | None:
        """Why the step does not apply now, for the 409 page; None when it does."""
        if self.step_applies(step):
            return None
        if self.is_deleted:
            return _("该事项已删除，不能办理。")
        if step == Step.SATISFACTION and self.step_fields.get(Step.SATISFACTION) is None:
            return _("%(kind)s没有满意度回访。") % {"kind": self._meta.verbose_name}
        if TRANSITIONS[step].while_extension_asked is True:
            return _("该事项没有待审核的延期申请。")
        if TRANSITIONS[step].while_extension_asked is False and self.extension_asked:
            return _("该事项已有延期申请等待审核，请勿重复申请。")
        return _("事项当前状态为“%(state)s”，不能“%(step)s”。") % {
            "state": self.get_status_display(),
            "step": TRANSITIONS[step].label,
        }

    def roles_of(self, user) -> set[str]:
        """The parts `user` plays on this item: its 责任人 (OWNER), a leader or admin deciding (REVIEWER)."""
        roles = set()
        if (
            self.owner_id == user.pk
            and user.bureau_id == self.bureau_id
            and not user.is_auditor
            and allows(user, Action.VIEW, self)
        ):
            roles.add(OWNER)
        if allows(user, Action.VERIFY, self):
            roles.add(REVIEWER)
        return roles

    def may_take(self, user, step, roles: set[str] | None = None) -> bool:
        """The role rule: the 责任人 acknowledges, reports and applies; a leader or admin decides."""
        transition = TRANSITIONS.get(step)
        if transition is None:
            return False
        roles = self.roles_of(user) if roles is None else roles
        return bool(roles) if transition.by == EITHER else transition.by in roles

    def steps_for(self, user) -> list[Transition]:
        """The buttons the detail page shows this user: what applies now and their role may take."""
        roles = self.roles_of(user)
        return [
            TRANSITIONS[step] for step in PAGE_STEPS if self.step_applies(step) and self.may_take(user, step, roles)
        ]

    def apply_step(self, step, event: WorkEvent, values: dict) -> None:
        """Change the item for `step` (the state is set already); models add their own (a reopening, say)."""
        if step == Step.CLOSE:
            self.closed_on, self.closed_by = event.day, event.actor
        elif step == Step.ASK_EXTENSION:
            self.requested_deadline = event.deadline
        elif step == Step.GRANT_EXTENSION:
            self.deadline, self.requested_deadline = self.requested_deadline, None
            event.deadline = self.deadline
        elif step == Step.REFUSE_EXTENSION:
            event.deadline, self.requested_deadline = self.requested_deadline, None
        elif step == Step.EXTEND:
            self.deadline, self.requested_deadline = event.deadline, None
        elif step == Step.ASSIGN:
            self.owner = values["owner"]
            if values.get("department") is not None:
                self.department = values["department"]
        if self.status != WorkState.CLOSED:
            self.closed_on = self.closed_by = None

    def events(self):
        return WorkEvent.objects.of(self).select_related("actor", "owner")


def refusal(item, step, user, *, deadline: datetime.date | None = None) -> str | None:
    """Why `user` may not take `step` on `item` now (role, state, the new deadline); None when they may."""
    if not item.may_take(user, step):
        return _("您无权对该事项执行“%(step)s”。") % {"step": TRANSITIONS[step].label}
    reason = item.step_refusal(step)
    if reason:
        return reason
    if TRANSITIONS[step].asks_deadline and deadline is not None and deadline <= item.deadline:
        return _("现有时限 %(deadline)s 不早于新的时限，无需延期。") % {"deadline": item.deadline.isoformat()}
    return None


def try_step(item, step, user, *, opinion: str = "", deadline=None, values: dict | None = None, on=None) -> WorkEvent:
    """Change `item` in memory as `step` would and check every rule (closed months included); nothing is
    saved. Raises PermissionDenied (role), Refused (state) or ValidationError (the item's own rules).

    `on` dates the step on an earlier day (the demo's history, a test's); the pages always take today."""
    transition = TRANSITIONS[step]
    if not item.may_take(user, step):
        raise PermissionDenied(refusal(item, step, user))
    reason = refusal(item, step, user, deadline=deadline)
    if reason:
        raise Refused(reason)
    if transition.opinion_required and not opinion.strip():
        raise ValidationError({"opinion": _("请填写%(what)s。") % {"what": transition.opinion_label}})
    if transition.asks_deadline and deadline is None:
        raise ValidationError({"deadline": _("请填写新的时限。")})
    if on is not None and item.record_date and on < item.record_date:
        raise ValidationError(_("办理日期不能早于事项本身的日期。"))
    values = values or {}
    event = WorkEvent(
        item=item,
        step=step,
        actor=user,
        day=on or timezone.localdate(),
        at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))) if on else timezone.now(),
        opinion=opinion.strip(),
        deadline=deadline,
        state_before=item.status,
        state_after=transition.target or item.status,
    )
    for name, value in values.items():
        if name not in ("owner", "department"):
            setattr(item, name, value)
    item.status = event.state_after
    item.apply_step(step, event, values)
    event.state_after = item.status
    event.owner = item.owner
    item.clean()
    return event


def take_step(item, step, user, *, opinion="", deadline=None, values=None, evidence=(), evidence_kind="photo", on=None):
    """Take `step` on `item` as `user`: the item's change, its event, the evidence and the notifications, all
    or nothing. Two people acting on the same item at once are taken one after the other: the second sees
    the state the first left (and is refused if the step no longer applies)."""
    from bureau.ledger.uploads import store_attachment

    with transaction.atomic():
        current = type(item).all_objects.select_for_update().get(pk=item.pk)
        event = try_step(current, step, user, opinion=opinion, deadline=deadline, values=values, on=on)
        # The history says which step changed the item, and why when someone said why (延期：…).
        label = str(TRANSITIONS[step].label)
        current._change_reason = f"{label}：{event.opinion}"[:100] if event.opinion else label
        current.save()
        event.object_id = current.pk
        event.save()
        for upload, mime in evidence:
            attachment = store_attachment(current, upload, mime, user, evidence_kind)
            attachment.event = event
            attachment.save(update_fields=["event"])
        if on is None:  # a step replayed on an earlier day is history, not news
            _notify(current, event)
    return current, event


def record_assignment(item, user, on=None) -> WorkEvent:
    """A new item's first event: given to its 责任人 by whoever recorded it (`on`: an earlier day)."""
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9))) if on else item.created_at
    event = WorkEvent.objects.create(
        item=item,
        step=Step.ASSIGN,
        actor=user,
        deadline=item.deadline,
        state_after=item.status,
        owner=item.owner,
        at=at,
        day=timezone.localdate(at),
    )
    if on is None:
        _notify(item, event)
    return event


def reviewers_of(item):
    """Who decides on the item: the bureau's active leaders and admins, and its 分管领导."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return users.deciding_for(item.bureau_id) | users.filter(pk=item.supervisor_id, is_active=True)


def _notify(item, event: WorkEvent) -> None:
    from bureau.ledger.notifications import notify

    link = item.get_absolute_url()
    kind = type(item)._meta.verbose_name
    values = {"kind": kind, "item": item, "who": event.actor, "step": event.get_step_display()}
    if event.step in (Step.APPLY, Step.ASK_EXTENSION):
        text = _("%(who)s 对%(kind)s“%(item)s”%(step)s，请审核。") % values
        for reviewer in reviewers_of(item).exclude(pk=getattr(event.actor, "pk", None)):
            notify(reviewer, text, link)
        return
    if event.step == Step.ASSIGN:
        text = _("%(who)s 向您交办了%(kind)s“%(item)s”，时限 %(deadline)s，请签收。") % {
            **values,
            "deadline": item.deadline.isoformat(),
        }
    elif event.step in (Step.CLOSE, Step.RETURN, Step.GRANT_EXTENSION, Step.REFUSE_EXTENSION, Step.EXTEND):
        text = _("%(who)s 对您的%(kind)s“%(item)s”：%(step)s。") % values
        if event.opinion:
            text += _("意见：%(opinion)s") % {"opinion": event.opinion}
    else:
        return
    if item.owner_id != getattr(event.actor, "pk", None) and item.owner.is_active:
        notify(item.owner, text, link)
