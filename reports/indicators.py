"""The indicator catalogue: every figure the dashboard, the JSON summary and the monthly workbook show.

One entry per indicator: a stable key, a label (Chinese; English comes from the translation catalog),
a strand, a unit, and how it is counted — which records (model and condition, the condition taken
from the model's QuerySet rules), placed in time by which date, and the measure (count, distinct
count or sum). `reports.selectors` turns any set of entries into a fixed number of
grouped queries (one per model and date field), so adding an indicator is adding one entry here.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from bureau.ledger.navigation import STRANDS as NAVIGATION_STRANDS
from campaigns.choices import StudyKind
from campaigns.models import PlanTaskQuerySet, RectificationQuerySet
from enterprises.choices import ApplicationKind
from enterprises.models import ApplicationQuerySet, CooperationAgreementQuerySet, EnterpriseIssueQuerySet
from surveys.choices import SERVICE_RECIPIENT_TYPES, SubjectType
from surveys.models import ResponseQuerySet

# The four strands of the campaign, as the navigation bar names them.
STRANDS = {key: NAVIGATION_STRANDS[key] for key in ("study", "research", "enterprise", "rectification")}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    strand: str
    unit: str
    model: str  # "app_label.ModelName"
    date_field: str  # the date that places a record in a month; "__date" is added for datetimes
    measure: str = "count"  # count | distinct | sum | on_time_rate | average_days
    measure_field: str = "pk"
    # Outcome measures (on_time_rate, average_days) of closed-off work items: `date_field` is the close-off
    # date, compared with the item's deadline, and counted from the day the item was given (`given_field`).
    deadline_field: str = "deadline"
    given_field: str = "date"
    condition: Q = field(default_factory=Q)
    # "Overdue" indicators also need this date field to lie before today (read when counting).
    overdue_by: str = ""
    bureau_path: str = "bureau"
    campaign_path: str = "campaign"
    department_path: str = "department"

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def condition_for(self, today) -> Q:
        if self.overdue_by:
            return self.condition & Q(**{f"{self.overdue_by}__lt": today})
        return self.condition

    @property
    def is_outcome(self) -> bool:
        """A rate or an average, not an amount: no trend line, no target, "—" when nothing is closed."""
        return self.measure in ("on_time_rate", "average_days")

    def aggregates(self, condition: Q) -> dict:
        """The aggregates whose values `value_of` combines into the figure, by part name."""
        if self.measure == "distinct":
            return {"n": Count(self.measure_field, distinct=True, filter=condition)}
        if self.measure == "sum":
            return {"n": Sum(self.measure_field, filter=condition)}
        if self.measure == "on_time_rate":
            on_time = Q(**{f"{self.date_field}__lte": F(self.deadline_field)})
            return {"n": Count("pk", filter=condition & on_time), "of": Count("pk", filter=condition)}
        if self.measure == "average_days":
            taken = ExpressionWrapper(F(self.date_field) - F(self.given_field), output_field=DurationField())
            return {"n": Sum(taken, filter=condition), "of": Count("pk", filter=condition)}
        return {"n": Count("pk", filter=condition)}

    def value_of(self, parts: dict):
        n = parts["n"]
        if self.measure == "on_time_rate":
            return round(100 * n / parts["of"], 1) if parts["of"] else None
        if self.measure == "average_days":
            return round(n.total_seconds() / 86400 / parts["of"], 1) if parts["of"] else None
        return n or 0


def _study(key, kind, label):
    return Indicator(f"study.{key}", label, "study", _("次"), "campaigns.StudySession", "date", condition=Q(kind=kind))


def _application(key, kind, label):
    return Indicator(
        f"applications.{key}",
        label,
        "enterprise",
        _("家"),
        "enterprises.Application",
        "filed_on",
        condition=ApplicationQuerySet.IS_FILED & Q(kind=kind),
    )


def _outcomes(prefix, item, model, closed_on, closed, strand="rectification"):
    """How well a kind of work item is closed off: the share closed by its deadline, and the average days
    from being given to being closed off — counted in the month of the close-off (DESIGN §5: outcomes,
    never activity volume)."""
    common = {"model": model, "date_field": closed_on, "condition": closed, "strand": strand}
    return (
        Indicator(
            f"{prefix}on_time_rate",
            format_lazy(_("{item}按期销号率"), item=item),
            unit="%",
            measure="on_time_rate",
            **common,
        ),
        Indicator(
            f"{prefix}average_days",
            format_lazy(_("{item}平均销号天数"), item=item),
            unit=_("天"),
            measure="average_days",
            **common,
        ),
    )


CATALOGUE: tuple[Indicator, ...] = (
    _study("central_group", StudyKind.CENTRAL_GROUP, _("党组中心组理论学习")),
    _study("collective", StudyKind.COLLECTIVE, _("党员集中学习")),
    _study("seminar", StudyKind.SEMINAR, _("专题研讨")),
    _study("practice", StudyKind.PRACTICE, _("实践教育")),
    _study("delivered", StudyKind.DELIVERED, _("送学上门")),
    _study("self_study", StudyKind.SELF_STUDY, _("个人自学")),
    Indicator(
        "study.attendance",
        _("参学人次"),
        "study",
        _("人次"),
        "campaigns.StudySession",
        "date",
        measure="sum",
        measure_field="attendance",
    ),
    Indicator(
        "research.enterprises",
        _("调研企业"),
        "research",
        _("家"),
        "enterprises.EnterpriseVisit",
        "date",
        measure="distinct",
        measure_field="enterprise",
    ),
    Indicator(
        "research.departments",
        _("调研有关部门"),
        "research",
        _("家"),
        "surveys.ResearchVisit",
        "date",
        measure="distinct",
        measure_field="subject",
        condition=Q(subject__subject_type=SubjectType.DEPARTMENT),
    ),
    Indicator(
        "research.intermediaries",
        _("调研科技中介"),
        "research",
        _("家"),
        "surveys.ResearchVisit",
        "date",
        measure="distinct",
        measure_field="subject",
        condition=Q(subject__subject_type=SubjectType.INTERMEDIARY),
    ),
    Indicator(
        "research.people_visited",
        _("走访服务对象人次"),
        "research",
        _("人次"),
        "surveys.ResearchVisit",
        "date",
        measure="sum",
        measure_field="people_met",
        condition=Q(subject__subject_type__in=SERVICE_RECIPIENT_TYPES),
    ),
    Indicator(
        "research.questionnaires",
        _("回收问卷"),
        "research",
        _("份"),
        "surveys.Response",
        "submitted_at__date",
        # Staff may discard stuffed responses; they count nowhere.
        condition=ResponseQuerySet.COUNTED,
        bureau_path="questionnaire__bureau",
        campaign_path="questionnaire__campaign",
        department_path="questionnaire__department",
    ),
    Indicator(
        "research.suggestions",
        _("收集意见建议"),
        "research",
        _("条"),
        "surveys.Suggestion",
        "date",
    ),
    Indicator(
        "research.reports",
        _("形成调研报告"),
        "research",
        _("篇"),
        "surveys.ResearchReport",
        "date",
    ),
    Indicator(
        "enterprise.visits",
        _("走访服务企业"),
        "enterprise",
        _("次"),
        "enterprises.EnterpriseVisit",
        "date",
    ),
    Indicator(
        "enterprise.issues_resolved",
        _("帮助企业解决问题"),
        "enterprise",
        _("个"),
        "enterprises.EnterpriseIssue",
        "closed_on",
        condition=EnterpriseIssueQuerySet.IS_RESOLVED,
    ),
    Indicator(
        "enterprise.issues_open",
        _("企业问题待解决"),
        "enterprise",
        _("个"),
        "enterprises.EnterpriseIssue",
        "date",
        condition=EnterpriseIssueQuerySet.IS_OPEN,
    ),
    _application(
        "national_high_tech",
        ApplicationKind.NATIONAL_HIGH_TECH,
        _("申报国家高新技术企业"),
    ),
    _application("provincial_sme", ApplicationKind.PROVINCIAL_SME, _("省级科技型中小企业")),
    _application(
        "provincial_research_institute",
        ApplicationKind.PROVINCIAL_RESEARCH_INSTITUTE,
        _("省级企业研究院"),
    ),
    _application(
        "provincial_rd_centre",
        ApplicationKind.PROVINCIAL_RD_CENTRE,
        _("省级高新技术企业研发中心"),
    ),
    Indicator(
        "cooperation.agreements",
        _("签订合作协议"),
        "enterprise",
        _("份"),
        "enterprises.CooperationAgreement",
        "signed_on",
        condition=~CooperationAgreementQuerySet.IS_PLATFORM,
    ),
    Indicator(
        "cooperation.platforms",
        _("共建创新平台"),
        "enterprise",
        _("个"),
        "enterprises.CooperationAgreement",
        "signed_on",
        condition=CooperationAgreementQuerySet.IS_PLATFORM,
    ),
    Indicator(
        "rectification.found",
        _("查摆问题"),
        "rectification",
        _("个"),
        "campaigns.Rectification",
        "date",
    ),
    Indicator(
        "rectification.done",
        _("完成整改"),
        "rectification",
        _("个"),
        "campaigns.Rectification",
        "closed_on",
        condition=RectificationQuerySet.IS_DONE,
    ),
    Indicator(
        "rectification.overdue",
        _("整改逾期"),
        "rectification",
        _("个"),
        "campaigns.Rectification",
        "date",
        condition=RectificationQuerySet.IS_OPEN,
        overdue_by="deadline",
    ),
    Indicator(
        "plan.tasks_done",
        _("实施方案任务完成"),
        "rectification",
        _("项"),
        "campaigns.PlanTask",
        "closed_on",
        condition=PlanTaskQuerySet.IS_DONE,
    ),
    Indicator(
        "plan.tasks_overdue",
        _("实施方案任务逾期"),
        "rectification",
        _("项"),
        "campaigns.PlanTask",
        "deadline",
        condition=PlanTaskQuerySet.IS_OPEN,
        overdue_by="deadline",
    ),
    *_outcomes("rectification.", _("整改"), "campaigns.Rectification", "closed_on", RectificationQuerySet.IS_DONE),
    *_outcomes("plan.", _("实施方案任务"), "campaigns.PlanTask", "closed_on", PlanTaskQuerySet.IS_DONE),
    *_outcomes(
        "enterprise.issues_",
        _("企业问题"),
        "enterprises.EnterpriseIssue",
        "closed_on",
        EnterpriseIssueQuerySet.IS_CLOSED,
        strand="enterprise",
    ),
)

BY_KEY = {indicator.key: indicator for indicator in CATALOGUE}
