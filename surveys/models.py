"""The research strand (调查研究): research visits, questionnaires and their answers, suggestions, reports.

Counting rules the reports rely on live here, as QuerySet methods that say which date they count by.
"""

import datetime
import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bureau.ledger.access import RestrictedQuerySet
from bureau.ledger.fields import acting_user, person
from bureau.ledger.records import RecordQuerySet, gather_errors
from bureau.models import Bureau
from campaigns.models import CampaignRecord

from .choices import (
    CHOICE_KINDS,
    OPEN_SUGGESTION_STATUSES,
    QuestionKind,
    QuestionnaireState,
    ReportStatus,
    ResearchMethod,
    ResponseChannel,
    SubjectType,
    SuggestionCategory,
    SuggestionSource,
    SuggestionStatus,
)

MAX_PEOPLE_MET = 10000


# --- research topics and subjects ----------------------------------------------------------------


class ResearchTopic(CampaignRecord):
    """A research topic (调研专题) the campaign lists; visits and reports are filed under one."""

    title = models.CharField(_("专题名称"), max_length=200)
    description = models.TextField(_("调研内容"), blank=True)
    date = models.DateField(_("列题日期"), default=timezone.localdate, help_text=_("确定这个调研专题的日期。"))
    lead = person(_("牵头人"), optional=True, help_text=_("牵头负责这个专题的人员。"))

    objects = RecordQuerySet.as_live_manager()
    all_objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("调研专题")
        ordering = ["date", "pk"]

    def __str__(self):
        return self.title


def subject_key(name: str) -> str:
    """How two spellings of one subject's name are recognised as the same subject.

    NFKC folds full-width letters and brackets, whitespace is dropped and case ignored:
    “县农业农村局 ” and “县农业农村局” are one department, not two.
    """
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


class ResearchSubject(models.Model):
    """A department, intermediary or group of people the bureau researched: the registry visits pick from.

    “Departments researched” counts distinct subjects, so each subject is stored once per bureau and
    visits point at it instead of retyping its name.
    """

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(
        _("对象类型"),
        max_length=20,
        choices=SubjectType.choices,
        help_text=_(
            "有关部门、科技中介按“家”统计；科技特派员、科技工作者、农户/种植大户、乡镇干部是服务对象，按走访人次统计。"
        ),
    )
    name = models.CharField(_("对象名称"), max_length=100)
    name_key = models.CharField(max_length=100, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("调研对象")
        ordering = ["subject_type", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name_key"], name="research_subject_once_per_bureau"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_subject_type_display()}）"

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = subject_key(self.name)
        super().save(*args, **kwargs)


# --- research visits -----------------------------------------------------------------------------


class ResearchVisit(CampaignRecord):
    """A research visit to a subject that is not an enterprise: a department, an intermediary, farmers…"""

    subject = models.ForeignKey(
        ResearchSubject, verbose_name=_("调研对象"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("调研日期"), help_text=_("调研当天的日期，按此日期计入月份。"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    method = models.CharField(_("调研方式"), max_length=20, choices=ResearchMethod.choices)
    topic = models.ForeignKey(
        ResearchTopic,
        verbose_name=_("调研专题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        help_text=_("这次调研属于哪个调研专题；不属于任何专题的可不选。"),
    )
    people_met = models.PositiveIntegerField(
        _("走访人数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE_MET)],
        help_text=_("本次面对面交流或座谈的人数。走访服务对象时各次人数相加，得出“走访服务对象人次”。"),
    )
    findings = models.TextField(_("调研情况"), blank=True, help_text=_("了解到的情况、发现的问题、对方的诉求。"))

    str_select_related = ("subject",)  # what __str__ reads

    objects = RecordQuerySet.as_live_manager()
    all_objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("调研走访")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.subject.name}（{self.date:%Y-%m-%d}）"

    def clean(self):
        errors = gather_errors({}, super().clean)
        if self.topic_id and self.campaign_id and self.topic.campaign_id != self.campaign_id:
            errors.setdefault("topic", _("所选调研专题不属于这次主题教育。"))
        if errors:
            raise ValidationError(errors)


# --- questionnaires ------------------------------------------------------------------------------


class Questionnaire(CampaignRecord):
    """A questionnaire staff hand out (e.g. at a service event); respondents answer through its public links."""

    title = models.CharField(_("问卷标题"), max_length=200)
    intro = models.TextField(_("问卷说明"), blank=True, help_text=_("显示在问卷开头，如调查目的、填写须知。"))
    opens_on = models.DateField(_("开始日期"), help_text=_("开始发放、填写问卷的日期。"))
    closes_on = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("不填则一直开放。"))
    accepting = models.BooleanField(_("允许填写"), default=True, help_text=_("取消勾选可提前停止收集答卷。"))
    thank_you = models.TextField(_("致谢语"), blank=True, help_text=_("提交后显示；不填则使用默认致谢语。"))

    date_field = "opens_on"

    objects = RecordQuerySet.as_live_manager()
    all_objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("调查问卷")
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = gather_errors({}, super().clean)
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors.setdefault("closes_on", _("截止日期不能早于开始日期。"))
        if errors:
            raise ValidationError(errors)

    def state(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if not self.accepting or (self.closes_on and today > self.closes_on):
            return QuestionnaireState.CLOSED
        if today < self.opens_on:
            return QuestionnaireState.NOT_STARTED
        return QuestionnaireState.OPEN

    def get_state_display(self) -> str:
        return QuestionnaireState(self.state()).label

    @property
    def is_open(self) -> bool:
        return self.state() == QuestionnaireState.OPEN

    @property
    def counted_response_count(self) -> int:
        """Responses every figure counts (discarded ones are kept but not counted)."""
        return self.responses.filter(discarded_at__isnull=True).count()

    @property
    def questions_locked(self) -> bool:
        """Once answers exist, questions may be reworded or reordered but not added, removed or re-optioned."""
        return self.responses.exists()


class Question(models.Model):
    """One question of a questionnaire. Choice questions keep their options as a list of texts."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("调查问卷"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("题型"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    help_text = models.CharField(_("填写提示"), max_length=200, blank=True)
    required = models.BooleanField(_("必答"), default=True)
    options = models.JSONField(_("选项"), default=list, blank=True)
    history = HistoricalRecords()

    # A question is changed with its questionnaire, by whoever may change that.
    objects = RestrictedQuerySet.via("questionnaire__bureau", "questionnaire__recorded_by").as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("问卷题目")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


def make_token() -> str:
    # 128 random bits: a link cannot be guessed from another one or from the questionnaire's id.
    return secrets.token_urlsafe(16)


class QuestionnaireLink(models.Model):
    """A public link to a questionnaire for one group of respondents (e.g. 乡镇干部, 种植大户).

    Results can be split by link. The token in the URL is the only thing a respondent needs.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("调查问卷"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(_("填写对象"), max_length=50, help_text=_("如：乡镇干部、种植大户。"))
    token = models.CharField(_("链接密钥"), max_length=43, unique=True, default=make_token, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    requires_code = models.BooleanField(
        _("凭答卷编码填写"),
        default=False,
        help_text=_("开启后，填写人须输入发放的答卷纸条上的编码，每个编码只能提交一次。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.via("questionnaire__bureau", "questionnaire__recorded_by").as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("填写链接")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "label"], name="questionnaire_link_label_once"),
        ]

    def __str__(self):
        return self.label

    def get_public_url(self):
        return reverse("surveys:answer", args=[self.token])


class ResponseQuerySet(RestrictedQuerySet):
    """Answered questionnaires. A response belongs to a campaign through its questionnaire."""

    bureau_path = "questionnaire__bureau"
    owner_path = "questionnaire__recorded_by"

    def live(self):
        """Responses to questionnaires that are not in the recycle bin: what counts and exports see."""
        return self.filter(questionnaire__deleted_at__isnull=True)

    def from_client_since(self, client_key: str, since: datetime.datetime):
        return self.filter(client_key=client_key, created_at__gte=since)

    # What every figure counts: not discarded by staff, questionnaire not in the recycle bin.
    COUNTED = Q(questionnaire__deleted_at__isnull=True, discarded_at__isnull=True)

    def counted(self):
        return self.filter(self.COUNTED)

    def discarded(self):
        return self.filter(discarded_at__isnull=False)


class Response(models.Model):
    """One respondent's answers: submitted online through a link, or entered by staff from paper."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("调查问卷"), on_delete=models.PROTECT, related_name="responses"
    )
    link = models.ForeignKey(
        QuestionnaireLink,
        verbose_name=_("填写对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    channel = models.CharField(_("填写方式"), max_length=10, choices=ResponseChannel.choices)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now, editable=False)
    entered_by = person(_("录入人"), optional=True)
    # A keyed hash of the client's address, enough to limit floods without keeping respondents' IPs.
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    burst = models.BooleanField(
        _("疑似集中提交"),
        default=False,
        editable=False,
        help_text=_("同一网络地址在短时间内提交了多份答卷，请工作人员核实。"),
    )
    # Discarded, not deleted: the response stays (with its history) but no figure counts it.
    discarded_at = models.DateTimeField(_("剔除时间"), null=True, blank=True, editable=False)
    discarded_by = acting_user(_("剔除人"))
    discard_reason = models.CharField(_("剔除原因"), max_length=200, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("答卷")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["client_key", "created_at"], name="response_client_recent"),
            models.Index(fields=["questionnaire", "submitted_at"], name="response_by_questionnaire"),
        ]

    def __str__(self):
        return _("第 %(n)s 份答卷") % {"n": self.pk}

    def get_absolute_url(self):
        return reverse("surveys:response-detail", args=[self.questionnaire_id, self.pk])

    @property
    def campaign(self):
        return self.questionnaire.campaign

    @property
    def is_discarded(self) -> bool:
        return self.discarded_at is not None


def make_answer_code() -> str:
    # 8 characters without look-alikes (0/O, 1/I/L): typed from a paper slip on a phone, 40 bits a code.
    return "".join(secrets.choice(ANSWER_CODE_ALPHABET) for _ in range(ANSWER_CODE_LENGTH))


ANSWER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ANSWER_CODE_LENGTH = 8


def normalize_answer_code(text: str) -> str:
    """What the respondent typed, as stored: NFKC (full-width letters from a Chinese keyboard), no spaces
    or dashes, upper case."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in folded if ch.isalnum()).upper()


class AnswerCode(models.Model):
    """A one-time code printed on an answer slip handed out at a service event. A link that requires
    codes takes one answer per code: the code is used up by the response it came with."""

    link = models.ForeignKey(
        QuestionnaireLink, verbose_name=_("填写链接"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("答卷编码"), max_length=16, default=make_answer_code)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    response = models.OneToOneField(
        Response, verbose_name=_("答卷"), null=True, blank=True, on_delete=models.PROTECT, related_name="answer_code"
    )
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("答卷编码")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["link", "code"], name="answer_code_once_per_link")]

    def __str__(self):
        return f"{self.code[:4]}-{self.code[4:]}" if len(self.code) == ANSWER_CODE_LENGTH else self.code

    @property
    def is_used(self) -> bool:
        return self.response_id is not None


class Answer(models.Model):
    """The answer to one question: option texts, a rating or text, depending on the question's kind."""

    response = models.ForeignKey(Response, verbose_name=_("答卷"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("题目"), on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(_("所选选项"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("文字回答"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("回答")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]

    def __str__(self):
        return str(self.value)

    @property
    def value(self):
        """What a reader sees: the rating as a number, options joined by “；”, or the text."""
        if self.rating is not None:
            return self.rating
        if self.choices:
            return "；".join(self.choices)
        return self.text


# --- suggestions ---------------------------------------------------------------------------------


class SuggestionQuerySet(RecordQuerySet):
    """Suggestions (意见建议), placed in time by their collection date (`date`)."""

    def open(self):
        return self.filter(status__in=OPEN_SUGGESTION_STATUSES)

    def handled(self):
        return self.exclude(status__in=OPEN_SUGGESTION_STATUSES)


class Suggestion(CampaignRecord):
    """A suggestion (意见建议) collected from a questionnaire, a symposium, a visit or directly, and its handling."""

    date = models.DateField(_("收集日期"), help_text=_("收集到这条意见建议的日期，按此日期计入“收集意见建议”。"))
    source = models.CharField(
        _("来源"),
        max_length=20,
        choices=SuggestionSource.choices,
        help_text=_("选调查问卷或调研走访时，还要在下面选出具体的问卷或走访。"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("来源问卷"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        help_text=_("来源为调查问卷时必选。"),
    )
    response = models.ForeignKey(
        Response,
        verbose_name=_("来源答卷"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    visit = models.ForeignKey(
        ResearchVisit,
        verbose_name=_("来源调研活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    raised_by = models.CharField(_("提出人/单位"), max_length=100, blank=True, help_text=_("可不填（如匿名问卷）。"))
    content = models.TextField(_("建议内容"))
    category = models.CharField(_("类别"), max_length=20, choices=SuggestionCategory.choices)
    status = models.CharField(
        _("办理状态"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.RECEIVED,
        help_text=_("已答复、已采纳须填写答复内容；未采纳须写明理由。"),
    )
    reply = models.TextField(_("答复内容"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True, help_text=_("答复提出人的日期。"))
    not_adopted_reason = models.TextField(_("未采纳理由"), blank=True, help_text=_("办理状态为“未采纳”时必填。"))
    rectification = models.OneToOneField(
        "campaigns.Rectification",
        verbose_name=_("整改事项"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="suggestion",
    )

    progress_fields = ("status", "reply", "replied_on", "not_adopted_reason", "rectification")
    progress_date_fields = ("replied_on",)

    objects = SuggestionQuerySet.as_live_manager()
    all_objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("意见建议")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.content[:40]

    def clean(self):
        errors = gather_errors({}, super().clean)
        if self.source == SuggestionSource.QUESTIONNAIRE and not self.questionnaire_id:
            errors["questionnaire"] = _("来源为调查问卷时，请选择来源问卷。")
        if self.source == SuggestionSource.VISIT and not self.visit_id:
            errors["visit"] = _("来源为调研走访时，请选择来源调研活动。")
        if self.response_id and self.questionnaire_id and self.response.questionnaire_id != self.questionnaire_id:
            errors["questionnaire"] = _("来源答卷不属于所选问卷。")
        if self.status == SuggestionStatus.NOT_ADOPTED and not self.not_adopted_reason.strip():
            errors["not_adopted_reason"] = _("办理状态为“未采纳”时，请说明未采纳理由。")
        if self.status in (SuggestionStatus.ANSWERED, SuggestionStatus.ADOPTED) and not self.reply.strip():
            errors["reply"] = _("办理状态为“已答复”或“已采纳”时，请填写答复内容。")
        if self.replied_on and self.date and self.replied_on < self.date:
            errors["replied_on"] = _("答复日期不能早于收集日期。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SUGGESTION_STATUSES


# --- research reports ----------------------------------------------------------------------------


class ResearchReportQuerySet(RecordQuerySet):
    """Research reports (调研报告), placed in time by the date they were finished (`date`)."""

    def finished(self):
        return self.filter(status=ReportStatus.FINISHED)


class ResearchReport(CampaignRecord):
    """A research report (调研报告); the document itself is an attachment."""

    title = models.CharField(_("报告标题"), max_length=200)
    topic = models.ForeignKey(
        ResearchTopic,
        verbose_name=_("调研专题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    authors = models.CharField(_("执笔人"), max_length=200, help_text=_("多人用顿号分隔。"))
    date = models.DateField(_("成稿日期"), help_text=_("报告定稿的日期，按此日期计入“形成调研报告”。"))
    summary = models.TextField(_("内容摘要"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFTING)

    objects = ResearchReportQuerySet.as_live_manager()
    all_objects = ResearchReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("调研报告")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = gather_errors({}, super().clean)
        if self.topic_id and self.campaign_id and self.topic.campaign_id != self.campaign_id:
            errors.setdefault("topic", _("所选调研专题不属于这次主题教育。"))
        if errors:
            raise ValidationError(errors)
