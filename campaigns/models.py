"""The campaign, its plan and leading group, study sessions and the rectification ledger."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bureau.ledger.access import RestrictedQuerySet
from bureau.ledger.fields import person
from bureau.ledger.lifecycle import Step, WorkItem
from bureau.ledger.period_locks import is_locked, locked_message
from bureau.ledger.records import Record, RecordQuerySet, gather_errors
from bureau.ledger.work_items import BLUE_WARNING_DAYS as BLUE_WARNING_DAYS
from bureau.ledger.work_items import WorkItemQuerySet
from bureau.models import Bureau

from .choices import GroupRole, RectificationSource, StudyKind


class CampaignQuerySet(RestrictedQuerySet):
    def active_for_bureau(self, bureau_id):
        """The bureau's active campaign: the latest one that is active."""
        return self.filter(bureau_id=bureau_id, is_active=True).order_by("-start", "-pk").first()


class Campaign(models.Model):
    """A thematic-education campaign run by one bureau, e.g. the 2019 不忘初心、牢记使命 campaign."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(_("名称"), max_length=200)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    general_requirement = models.CharField(
        _("总要求"), max_length=200, blank=True, help_text=_("如：守初心、担使命、找差距、抓落实。")
    )
    is_active = models.BooleanField(
        _("进行中"), default=True, help_text=_("进行中的主题教育是各页面默认打开的那一次；同一时间只保留一个。")
    )
    history = HistoricalRecords()

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("主题教育")
        ordering = ["-start", "-pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


class LeadingGroupMember(models.Model):
    """A place in the campaign's leading group (领导小组) or its office."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("主题教育"), on_delete=models.CASCADE, related_name="leading_group"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT)
    role = models.CharField(_("职务"), max_length=16, choices=GroupRole.choices, default=GroupRole.MEMBER)
    duty = models.CharField(_("分工"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.via("campaign__bureau").as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("领导小组成员")
        ordering = ["campaign", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="leading_group_member_once")]

    def __str__(self):
        return f"{self.user}（{self.get_role_display()}）"


class CampaignRecord(Record):
    """A record that belongs to a campaign and happened on a date inside it.

    `date_field` names the field that places the record in time (lists, month locks, reports).

    A closed month locks what happened in it (DESIGN §5): the records dated in it, with their values as
    of the close. Progress made later is a fact of its own day: the `progress_fields` may still change,
    as long as the month of the date the progress is counted by (`progress_date_fields`, or today when
    the change carries no date) is open, before and after the change.
    """

    campaign = models.ForeignKey(Campaign, verbose_name=_("主题教育"), on_delete=models.PROTECT, related_name="+")

    date_field = "date"
    progress_fields: tuple[str, ...] = ()
    progress_date_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def record_date(self):
        return getattr(self, self.date_field)

    def fact_dates(self) -> set[datetime.date]:
        """The record's own date, where it is and where it was read from: moving it out of a closed month
        is a change to that month too."""
        return {d for d in (self.record_date, self.loaded_value(self.date_field)) if d}

    def lock_dates(self) -> set[datetime.date]:
        """Every closed month a delete or a restore would change: its own date's and its progress dates'."""
        days = self.fact_dates()
        for name in self.progress_date_fields:
            days |= {d for d in (getattr(self, name), self.loaded_value(name)) if d}
        return days

    def locked_changes(self) -> dict[str, datetime.date]:
        """{field: locked day} for what this save would change in a closed month; empty when it may be saved."""
        changed = self.changed_fields()
        facts = changed - set(self.progress_fields)
        if facts:
            for day in sorted(self.fact_dates()):
                if is_locked(self.bureau_id, day):
                    return {self.date_field: day}
        if not changed & set(self.progress_fields):
            return {}
        dated = [name for name in self.progress_date_fields if name in changed]
        for name in dated:
            for day in sorted(d for d in (getattr(self, name), self.loaded_value(name)) if d):
                if is_locked(self.bureau_id, day):
                    return {name: day}
        if not dated and is_locked(self.bureau_id, timezone.localdate()):
            return {self.date_field: timezone.localdate()}
        return {}

    def clean(self):
        super().clean()
        errors = {name: locked_message(locked_day) for name, locked_day in self.locked_changes().items()}
        day = self.record_date
        if self.campaign_id and day and not self.campaign.contains(day):
            errors.setdefault(
                self.date_field,
                _("日期须在主题教育期间（%(start)s 至 %(end)s）。")
                % {"start": self.campaign.start, "end": self.campaign.end},
            )
        if errors:
            raise ValidationError(errors)


class PlanTaskQuerySet(WorkItemQuerySet):
    # The rule the figures count by (plan.tasks_done, on the close-off day) and the lists show.
    IS_DONE = WorkItemQuerySet.IS_CLOSED


class PlanTask(WorkItem, CampaignRecord):
    """A task of the implementation plan (实施方案) with its deadline (时间节点)."""

    title = models.CharField(_("任务"), max_length=200)
    content = models.TextField(_("工作内容"), blank=True)
    date = models.DateField(_("下达日期"), default=timezone.localdate, help_text=_("任务交办下去的日期。"))
    deadline = models.DateField(
        _("完成时限"), help_text=_("实施方案规定的时间节点；到期前 7 天起预警，逾期为红色预警。")
    )
    owner = person(_("责任人"), help_text=_("任务交办给谁，由他/她签收办理。"))

    progress_fields = (*WorkItem.lifecycle_fields, "measure")
    progress_date_fields = ("closed_on",)

    objects = PlanTaskQuerySet.as_live_manager()
    all_objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("实施方案任务")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = gather_errors({}, super().clean)
        if self.date and self.deadline and self.deadline < self.date:
            errors.setdefault("deadline", _("完成时限不能早于下达日期。"))
        if errors:
            raise ValidationError(errors)


class StudySession(CampaignRecord):
    """One study activity: central-group study, collective study, a seminar, a visit to an education base…"""

    kind = models.CharField(
        _("学习形式"),
        max_length=20,
        choices=StudyKind.choices,
        help_text=_("个人自学也在这里登记；参观红色教育、廉政教育基地等选“实践教育”。"),
    )
    date = models.DateField(_("学习日期"), help_text=_("学习当天的日期，按此日期计入月份。"))
    topic = models.CharField(_("学习主题"), max_length=200)
    reading_material = models.TextField(_("学习内容/材料"), blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    host = models.CharField(_("主持人"), max_length=50, blank=True)
    attendance = models.PositiveIntegerField(
        _("参加人数"),
        default=0,
        validators=[MaxValueValidator(10000)],
        help_text=_("本次实到人数。参学人次是各次人数相加，同一人每参加一次计一人次；个人自学填 1。"),
    )
    minutes = models.TextField(_("会议记录/学习心得"), blank=True)

    objects = RecordQuerySet.as_live_manager()
    all_objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("学习活动")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.topic


class RectificationQuerySet(WorkItemQuerySet):
    # 完成整改: closed off by a leader (已销号), counted on the close-off day.
    IS_DONE = WorkItemQuerySet.IS_CLOSED


class Rectification(WorkItem, CampaignRecord):
    """A problem on the problem list (问题清单) and its rectification (整改台账)."""

    source = models.CharField(
        _("问题来源"),
        max_length=20,
        choices=RectificationSource.choices,
        help_text=_("问题是怎样发现的：班子查摆、个人查摆、调研发现、问卷反馈、企业反映或其他。"),
    )
    date = models.DateField(
        _("查摆日期"), default=timezone.localdate, help_text=_("查摆出问题的日期，按此日期计入“查摆问题”。")
    )
    problem = models.TextField(_("问题表现"), help_text=_("写清问题的具体表现，一条只写一个问题。"))
    measure = models.TextField(_("整改措施"), blank=True)
    owner = person(_("责任人"), help_text=_("事项交办给谁，由他/她签收办理。"))
    deadline = models.DateField(_("整改时限"), help_text=_("计划完成整改的日期；到期前 7 天起预警，逾期为红色预警。"))
    immediate = models.BooleanField(
        _("立行立改"), default=False, help_text=_("能马上改的问题请勾选，整改时限应定得短一些。")
    )
    result = models.TextField(_("整改成效"), blank=True, help_text=_("整改后的实际效果；申请销号时必填。"))

    progress_fields = (*WorkItem.lifecycle_fields, "measure", "result")
    progress_date_fields = ("closed_on",)
    step_fields = {Step.APPLY: ("result",)}

    objects = RectificationQuerySet.as_live_manager()
    all_objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("整改事项")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.problem[:40]

    def clean(self):
        errors = gather_errors({}, super().clean)
        if self.deadline and self.date and self.deadline < self.date:
            errors.setdefault("deadline", _("整改时限不能早于查摆日期。"))
        if errors:
            raise ValidationError(errors)

    def apply_step(self, step, event, values):
        if step == Step.APPLY and not self.result.strip():
            raise ValidationError({"result": _("申请销号时须填写整改成效。")})
        super().apply_step(step, event, values)
