"""The enterprise service strand (服务企业): registry, visits, problems, qualification applications, cooperation.

The counting rules the reports rely on are QuerySet methods below. Each one's docstring says which date it
counts by; every date range is inclusive and either end may be left open (None).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc

from bureau.ledger.access import RestrictedQuerySet
from bureau.ledger.fields import acting_user, person
from bureau.ledger.lifecycle import Step, WorkItem, WorkState
from bureau.ledger.records import Record, RecordQuerySet, gather_errors
from bureau.ledger.work_items import WorkItemQuerySet
from bureau.models import Bureau
from campaigns.models import CampaignRecord

from .choices import (
    AgreementKind,
    ApplicationKind,
    ApplicationStatus,
    InstitutionKind,
    IssueCategory,
    IssueOutcome,
    Satisfaction,
    VisitPurpose,
)


def _is_future(day: datetime.date | None) -> bool:
    return day is not None and day > timezone.localdate()


def validate_credit_code(value: str):
    """A unified social credit code (统一社会信用代码): 18 characters ending in the GB 32100-2015 check character."""
    try:
        uscc.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，您输入了 %(n)s 位。"), code="length", params={"n": len(uscc.compact(value))}
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("统一社会信用代码校验位（最后一位）不正确，请对照营业执照逐位核对。"), code="checksum"
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("统一社会信用代码格式不正确：前 8 位应为数字，其余为数字或大写字母（不含 I、O、S、V、Z）。"),
            code="format",
        ) from None


validate_phone = RegexValidator(
    r"^[0-9+()\- ]{5,30}$", _("请输入有效的电话号码（数字，可含区号分隔符“-”）。"), code="phone"
)


# --- policies ------------------------------------------------------------------------------------

DEFAULT_POLICIES = [
    "高新技术企业认定",
    "研发费用加计扣除",
    "高新技术企业所得税减免",
    "认定后省级财政补助",
    "科技型企业融资支持",
    "人才引进政策",
    "省级科技型中小企业认定",
    "企业研发机构建设",
    "科技成果转化与产学研合作",
]


class Policy(models.Model):
    """One of the bureau's policies that staff explain to enterprises on a visit (送政策), e.g. 研发费用加计扣除.

    Every bureau starts with DEFAULT_POLICIES; its admin adds, reorders or retires entries in the admin site.
    """

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("政策名称"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用后不再出现在走访表单中，历史记录不受影响。")
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("政策")
        ordering = ["bureau", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="policy_unique_name_per_bureau")]

    def __str__(self):
        return self.name


def ensure_default_policies(bureau_id: int):
    """Give a bureau the standard policy list; running it again adds only what is missing."""
    Policy.objects.bulk_create(
        [Policy(bureau_id=bureau_id, name=name, order=i) for i, name in enumerate(DEFAULT_POLICIES, start=1)],
        ignore_conflicts=True,
    )


# --- the enterprise registry ---------------------------------------------------------------------


class EnterpriseQuerySet(RecordQuerySet):
    def search(self, text: str):
        """By (part of) the name or the credit code."""
        text = text.strip()
        return self.filter(Q(name__icontains=text) | Q(credit_code__icontains=text.upper())) if text else self


class Enterprise(Record):
    """An enterprise the bureau serves: the registry entry every visit, problem, application and agreement names.

    It belongs to the bureau, not to a campaign, and is not placed in time (no `date_field`): its history is
    what happened to it, shown on its page as one timeline.
    """

    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        validators=[validate_credit_code],
        help_text=_("18 位，见营业执照。"),
    )
    town = models.CharField(_("乡镇（街道）"), max_length=50)
    industry = models.CharField(_("所属行业"), max_length=100)
    in_high_tech_codes = models.BooleanField(
        _("属省高新技术产业行业代码范围"),
        default=False,
        help_text=_("企业的行业代码在省高新技术产业行业代码范围内的请勾选。"),
    )
    exports = models.BooleanField(
        _("出口企业"), default=False, help_text=_("有出口业务的请勾选，并填写出口国家/地区。")
    )
    export_markets = models.CharField(_("出口国家/地区"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])

    date_field = None

    objects = EnterpriseQuerySet.as_live_manager()
    all_objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业名录")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "credit_code"], name="enterprise_unique_code_per_bureau")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = gather_errors({}, super().clean)
        self.credit_code = uscc.compact(self.credit_code or "")
        if self.exports and not self.export_markets.strip():
            errors.setdefault("export_markets", _("出口企业须填写出口国家/地区。"))
        if not self.exports and self.export_markets.strip():
            errors.setdefault("export_markets", _("填写了出口国家/地区，请同时勾选“出口企业”。"))
        if self.bureau_id and self.credit_code:
            # all_objects: a code in the recycle bin is still taken (restoring it must not collide).
            same = Enterprise.all_objects.filter(bureau_id=self.bureau_id, credit_code=self.credit_code)
            other = same.exclude(pk=self.pk).first()
            if other is not None:
                message = _("本单位已登记统一社会信用代码为 %(code)s 的企业“%(name)s”，请勿重复登记。")
                if other.is_deleted:
                    message = _(
                        "统一社会信用代码为 %(code)s 的企业“%(name)s”在回收站中，请联系管理员恢复，勿重复登记。"
                    )
                errors.setdefault(
                    "credit_code",
                    ValidationError(message, code="duplicate", params={"code": other.credit_code, "name": other.name}),
                )
        if errors:
            raise ValidationError(errors)

    def live_record_counts(self) -> dict[str, int]:
        """What still refers to this enterprise; it may be deleted only when all are zero."""
        return {
            _("走访"): self.visits.filter(deleted_at__isnull=True).count(),
            _("问题"): self.issues.filter(deleted_at__isnull=True).count(),
            _("资质申报"): self.applications.filter(deleted_at__isnull=True).count(),
            _("合作协议"): self.agreements.filter(deleted_at__isnull=True).count(),
        }


# --- visits --------------------------------------------------------------------------------------


class EnterpriseVisit(CampaignRecord):
    """A visit to an enterprise: research, delivering policies, a service call or a follow-up."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("走访日期"), help_text=_("实际到企业走访的日期，不能晚于今天。"))
    purpose = models.CharField(
        _("走访目的"),
        max_length=16,
        choices=VisitPurpose.choices,
        help_text=_("送政策：向企业宣讲解读政策，请在下面勾选宣讲的政策；回访：了解此前反映问题的办理情况。"),
    )
    visitors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("走访人员"), related_name="+")
    policies = models.ManyToManyField(
        Policy,
        verbose_name=_("宣讲政策"),
        blank=True,
        related_name="visits",
        help_text=_("本次向企业宣传解读的政策，可多选；政策清单由管理员维护。"),
    )
    summary = models.TextField(
        _("走访情况"), blank=True, help_text=_("走访中了解到的情况；企业反映的问题请另行登记为企业问题。")
    )

    str_select_related = ("enterprise",)  # what __str__ reads: join it wherever visits are listed by name

    objects = RecordQuerySet.as_live_manager()
    all_objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业走访")
        verbose_name_plural = _("走访企业")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return _("%(date)s 走访%(enterprise)s") % {"date": self.date.isoformat(), "enterprise": self.enterprise}

    def clean(self):
        errors = {}
        if _is_future(self.date):
            errors["date"] = _("走访日期不能晚于今天，请记录已经开展的走访。")
        if gather_errors(errors, super().clean):
            raise ValidationError(errors)


# --- problems raised by enterprises --------------------------------------------------------------


class EnterpriseIssueQuerySet(WorkItemQuerySet):
    # Solved (帮助企业解决问题): closed off as 已解决, counted on the close-off day. A problem the enterprise
    # is not satisfied with is reopened, and counts again only when it is closed off again.
    IS_RESOLVED = WorkItemQuerySet.IS_CLOSED & Q(outcome=IssueOutcome.RESOLVED)

    def resolved(self):
        return self.filter(self.IS_RESOLVED)


class EnterpriseIssue(WorkItem, CampaignRecord):
    """A problem an enterprise raised (at a visit or directly) and how the bureau dealt with it."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="issues")
    visit = models.ForeignKey(
        EnterpriseVisit,
        verbose_name=_("反映时的走访"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
        help_text=_("在走访中反映的问题请选择对应走访；企业直接反映的留空。"),
    )
    date = models.DateField(_("反映日期"), default=timezone.localdate, help_text=_("企业反映这个问题的日期。"))
    description = models.TextField(_("问题描述"))
    category = models.CharField(_("问题类别"), max_length=16, choices=IssueCategory.choices)
    owner = person(_("责任人"), help_text=_("问题交办给谁，由他/她签收办理。"))
    deadline = models.DateField(_("办理时限"), help_text=_("计划办结的日期；到期前 7 天起预警，逾期为红色预警。"))
    measure = models.TextField(_("办理措施"), blank=True)
    outcome = models.CharField(
        _("办理结果"),
        max_length=16,
        choices=IssueOutcome.choices,
        blank=True,
        help_text=_("申请销号时选择。已解决并经局领导销号的，才计入“帮助企业解决问题”。"),
    )
    resolution = models.TextField(_("解决方式"), blank=True, help_text=_("问题是怎样解决的。"))
    unresolved_reason = models.TextField(_("无法解决的原因"), blank=True, help_text=_("办理结果为“无法解决”时必填。"))
    feedback = models.TextField(_("企业反馈"), blank=True, help_text=_("满意度回访时企业的意见。"))
    satisfaction = models.CharField(
        _("企业满意度"),
        max_length=16,
        choices=Satisfaction.choices,
        blank=True,
        help_text=_("销号后回访企业时填写；企业不满意的，问题回到办理中。"),
    )
    satisfaction_by = acting_user(_("回访人"))
    satisfaction_on = models.DateField(_("回访日期"), null=True, blank=True, editable=False)

    # "Problems solved" is counted by the close-off day: a closed month's figure must not change either.
    progress_fields = (
        *WorkItem.lifecycle_fields,
        "measure",
        "outcome",
        "resolution",
        "unresolved_reason",
        "feedback",
        "satisfaction",
        "satisfaction_by",
        "satisfaction_on",
    )
    progress_date_fields = ("closed_on",)
    step_fields = {
        Step.APPLY: ("outcome", "resolution", "unresolved_reason"),
        Step.SATISFACTION: ("satisfaction", "feedback"),
    }

    objects = EnterpriseIssueQuerySet.as_live_manager()
    all_objects = EnterpriseIssueQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("企业问题")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.description[:40]

    def clean(self):
        errors = {}
        if _is_future(self.date):
            errors["date"] = _("反映日期不能晚于今天。")
        if self.deadline and self.date and self.deadline < self.date:
            errors["deadline"] = _("办理时限不能早于反映日期。")
        if self.visit_id and self.enterprise_id and self.visit.enterprise_id != self.enterprise_id:
            errors["visit"] = _("所选走访不是对该企业的走访，请重新选择。")
        if gather_errors(errors, super().clean):
            raise ValidationError(errors)

    @property
    def is_resolved(self) -> bool:
        return self.is_closed and self.outcome == IssueOutcome.RESOLVED

    def step_applies(self, step) -> bool:
        if step == Step.SATISFACTION:
            # Asked once after each close-off as 已解决.
            return not self.is_deleted and self.is_resolved and not self.satisfaction
        return super().step_applies(step)

    def apply_step(self, step, event, values):
        if step == Step.APPLY:
            errors = {}
            if not self.outcome:
                errors["outcome"] = _("请选择办理结果：已解决或无法解决。")
            elif self.outcome == IssueOutcome.RESOLVED and not self.resolution.strip():
                errors["resolution"] = _("办理结果为“已解决”时须填写解决方式。")
            elif self.outcome == IssueOutcome.UNRESOLVABLE and not self.unresolved_reason.strip():
                errors["unresolved_reason"] = _("办理结果为“无法解决”时须说明原因。")
            if errors:
                raise ValidationError(errors)
        if step == Step.SATISFACTION:
            if not self.satisfaction:
                raise ValidationError({"satisfaction": _("请选择企业的满意度。")})
            self.satisfaction_by, self.satisfaction_on = event.actor, event.day
            event.opinion = " ".join(filter(None, (f"【{self.get_satisfaction_display()}】", event.opinion)))
            if self.satisfaction == Satisfaction.DISSATISFIED:
                # 不满意 reopens the problem: back to 办理中, its close-off undone from today.
                self.status = WorkState.IN_PROGRESS
        if step == Step.APPLY:
            # A new close-off is asked about afresh; the earlier answer stays in the timeline.
            self.satisfaction, self.satisfaction_by, self.satisfaction_on = "", None, None
        super().apply_step(step, event, values)


# --- qualification applications ------------------------------------------------------------------


def current_year() -> int:
    return timezone.localdate().year


class ApplicationQuerySet(RecordQuerySet):
    FILED_STATUSES = (ApplicationStatus.FILED, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
    # Filed with the authority (已申报, 已认定 or 未通过); these always carry a filing date.
    IS_FILED = Q(status__in=FILED_STATUSES)

    def filed(self):
        return self.filter(self.IS_FILED)


class Application(CampaignRecord):
    """A qualification application (资质申报) the bureau helped an enterprise with.

    Placed in time by its filing date. Approval (已认定) makes it a qualification of the enterprise:
    every save calls `services.sync_qualification`, which keeps the two in step.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(
        _("申报类型"),
        max_length=32,
        choices=ApplicationKind.choices,
        help_text=_("企业申报的资质；认定后自动登记为该企业的资质。"),
    )
    year = models.PositiveSmallIntegerField(
        _("申报年度"),
        default=current_year,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("申报批次所属的年度。"),
    )
    status = models.CharField(
        _("申报状态"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PREPARING,
        help_text=_("递交材料后改为“已申报”；结果公布后改为“已认定”或“未通过”。"),
    )
    filed_on = models.DateField(
        _("申报日期"),
        null=True,
        blank=True,
        help_text=_("递交申报材料的日期；看板按此日期统计申报数。尚未申报的不填。"),
    )
    decided_on = models.DateField(
        _("认定日期"), null=True, blank=True, help_text=_("已认定或未通过时填写结果公布的日期。")
    )
    certificate_no = models.CharField(
        _("证书编号"), max_length=50, blank=True, help_text=_("已认定的填写证书上的编号。")
    )
    helped_by = person(_("协助人员"), optional=True, help_text=_("帮助企业准备申报的本局工作人员。"))

    date_field = "filed_on"
    str_select_related = ("enterprise",)
    progress_fields = ("status", "decided_on", "certificate_no")
    progress_date_fields = ("decided_on",)

    objects = ApplicationQuerySet.as_live_manager()
    all_objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("资质申报")
        ordering = ["-year", "-filed_on", "-pk"]

    def __str__(self):
        return _("%(enterprise)s · %(kind)s（%(year)s）") % {
            "enterprise": self.enterprise,
            "kind": self.get_kind_display(),
            "year": self.year,
        }

    @property
    def is_filed(self) -> bool:
        return self.status in ApplicationQuerySet.FILED_STATUSES

    def clean(self):
        errors = {}
        status = self.get_status_display()
        if _is_future(self.filed_on):
            errors["filed_on"] = _("申报日期不能晚于今天。")
        if _is_future(self.decided_on):
            errors["decided_on"] = _("认定日期不能晚于今天。")
        elif self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            errors["decided_on"] = _("认定日期不能早于申报日期。")
        if self.is_filed and not self.filed_on:
            errors.setdefault("filed_on", _("状态为“%(status)s”时须填写申报日期。") % {"status": status})
        if self.status == ApplicationStatus.PREPARING and self.filed_on:
            errors.setdefault("filed_on", _("已经申报的，请将申报状态改为“已申报”；尚未申报的请清空申报日期。"))
        if self.status == ApplicationStatus.APPROVED and not self.decided_on:
            errors.setdefault("decided_on", _("状态为“已认定”时须填写认定日期。"))
        if self.status == ApplicationStatus.REJECTED and not self.decided_on:
            errors.setdefault("decided_on", _("状态为“未通过”时须填写结果公布日期。"))
        if self.status in (ApplicationStatus.PREPARING, ApplicationStatus.FILED) and self.decided_on:
            errors.setdefault("decided_on", _("尚无认定结果，请清空认定日期或修改申报状态。"))
        if gather_errors(errors, super().clean):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from .services import sync_qualification

        # Whatever saves an application (its form, the admin, a revert, the recycle bin), the qualification
        # its approval grants follows in the same transaction: both or neither.
        with transaction.atomic():
            super().save(*args, **kwargs)
            sync_qualification(self)


# How long a qualification lasts when the rules fix it: a national high-tech certificate is valid three years.
VALIDITY_YEARS = {ApplicationKind.NATIONAL_HIGH_TECH: 3}


class Qualification(models.Model):
    """A qualification an enterprise holds (国家高新技术企业, 省级科技型中小企业…) and since when.

    Either granted by an approved application (and then kept in step with it by services.sync_qualification)
    or recorded directly for one the enterprise already held.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(_("资质类型"), max_length=32, choices=ApplicationKind.choices)
    awarded_on = models.DateField(_("认定日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=50, blank=True)
    application = models.OneToOneField(
        Application,
        verbose_name=_("资质申报"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="qualification",
    )
    history = HistoricalRecords()

    # An enterprise's qualifications are read and changed with the enterprise.
    objects = RestrictedQuerySet.via("enterprise__bureau", "enterprise__recorded_by").as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("企业资质")
        ordering = ["awarded_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.awarded_on.isoformat()}）"

    def clean(self):
        if _is_future(self.awarded_on):
            raise ValidationError({"awarded_on": _("认定日期不能晚于今天。")})
        if self.valid_until and self.awarded_on and self.valid_until < self.awarded_on:
            raise ValidationError({"valid_until": _("有效期不能早于认定日期。")})

    @staticmethod
    def default_valid_until(kind: str, awarded_on: datetime.date) -> datetime.date | None:
        years = VALIDITY_YEARS.get(kind)
        if years is None:
            return None
        try:
            return awarded_on.replace(year=awarded_on.year + years) - datetime.timedelta(days=1)
        except ValueError:  # 29 February
            return awarded_on.replace(year=awarded_on.year + years, day=28)

    @property
    def is_current(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()


# --- institutions and cooperation ----------------------------------------------------------------


class Institution(Record):
    """A university or research institute the bureau or its enterprises cooperate with."""

    name = models.CharField(_("院所名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=32, choices=InstitutionKind.choices)
    region = models.CharField(_("所在地"), max_length=100, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])

    date_field = None

    class Meta:
        verbose_name = verbose_name_plural = _("高校院所")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="institution_unique_name_per_bureau")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        if self.bureau_id and self.name:
            taken = Institution.all_objects.filter(bureau_id=self.bureau_id, name=self.name).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"name": _("本单位已登记“%(name)s”，请勿重复登记。") % {"name": self.name}})

    def live_record_counts(self) -> dict[str, int]:
        return {_("合作协议"): self.agreements.filter(deleted_at__isnull=True).count()}


class CooperationAgreementQuerySet(RecordQuerySet):
    def strategic(self):
        """战略合作协议 only: the article's "strategic cooperation agreements with universities / institutes"."""
        return self.filter(kind=AgreementKind.STRATEGIC)

    # Joint innovation platforms founded (共建创新平台): one agreement each.
    IS_PLATFORM = Q(kind=AgreementKind.PLATFORM)

    def platforms(self):
        return self.filter(self.IS_PLATFORM)


class CooperationAgreement(CampaignRecord):
    """A cooperation agreement with a university or institute: the bureau's own, or one it brokered for an enterprise.

    An agreement of kind 共建创新平台 founds a joint platform, named in `platform_name`.
    """

    kind = models.CharField(
        _("协议类型"),
        max_length=16,
        choices=AgreementKind.choices,
        help_text=_("共建创新平台计入“共建创新平台”，其余计入“签订合作协议”。"),
    )
    title = models.CharField(_("协议名称"), max_length=200)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("合作院所"),
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("列表中没有的院所，请先在“高校院所”中登记。"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("合作企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("本局牵线、由企业与院所签订的协议选择企业；本局与院所直接签订的留空。"),
    )
    signed_on = models.DateField(_("签订日期"), help_text=_("协议签订的日期，按此日期计入月份。"))
    platform_name = models.CharField(
        _("平台名称"),
        max_length=200,
        blank=True,
        help_text=_("共建创新平台时填写，如：海洋工程用钢可靠性研究技术中心。"),
    )
    summary = models.TextField(_("合作内容"), blank=True)

    date_field = "signed_on"

    objects = CooperationAgreementQuerySet.as_live_manager()
    all_objects = CooperationAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("合作协议")
        ordering = ["-signed_on", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if _is_future(self.signed_on):
            errors["signed_on"] = _("签订日期不能晚于今天。")
        if self.kind == AgreementKind.PLATFORM and not self.platform_name.strip():
            errors["platform_name"] = _("共建创新平台须填写平台名称。")
        if self.kind != AgreementKind.PLATFORM and self.platform_name.strip():
            errors["platform_name"] = _("只有“共建创新平台”类协议填写平台名称。")
        if gather_errors(errors, super().clean):
            raise ValidationError(errors)
