"""The indicator catalogue: every figure the dashboard, the JSON summary and the monthly workbook show.

One entry per indicator: a stable key, Chinese and English labels, a strand, a unit, and how it is
counted — which records (model and condition), placed in time by which date, and the measure
(count, distinct count or sum). `reports.selectors` turns any set of entries into a fixed number of
grouped queries (one per model and date field), so adding an indicator is adding one entry here.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from campaigns.choices import RectificationStatus, StudyKind, TaskStatus
from enterprises.choices import AgreementKind, ApplicationKind, IssueStatus
from surveys.choices import SERVICE_RECIPIENT_TYPES, SubjectType

STRANDS = {
    "study": _("学习教育"),
    "research": _("调查研究"),
    "enterprise": _("服务企业"),
    "rectification": _("检视整改"),
}

OPEN_RECTIFICATION = Q(status__in=[RectificationStatus.OPEN, RectificationStatus.IN_PROGRESS])
OPEN_ISSUE = Q(status__in=[IssueStatus.RAISED, IssueStatus.IN_PROGRESS])
FILED_APPLICATION = Q(status__in=["filed", "approved", "rejected"])


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    label_en: str
    strand: str
    unit: str
    model: str  # "app_label.ModelName"
    date_field: str  # the date that places a record in a month; "__date" is added for datetimes
    measure: str = "count"  # count | distinct | sum
    measure_field: str = "pk"
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

    def aggregate(self, condition: Q):
        if self.measure == "distinct":
            return Count(self.measure_field, distinct=True, filter=condition)
        if self.measure == "sum":
            return Sum(self.measure_field, filter=condition)
        return Count("pk", filter=condition)


def _study(key, kind, label, label_en):
    return Indicator(
        f"study.{key}", label, label_en, "study", _("次"), "campaigns.StudySession", "date", condition=Q(kind=kind)
    )


def _application(key, kind, label, label_en):
    return Indicator(
        f"applications.{key}",
        label,
        label_en,
        "enterprise",
        _("家"),
        "enterprises.Application",
        "filed_on",
        condition=FILED_APPLICATION & Q(kind=kind),
    )


CATALOGUE: tuple[Indicator, ...] = (
    _study("central_group", StudyKind.CENTRAL_GROUP, _("党组中心组理论学习"), "Central-group theory study"),
    _study("collective", StudyKind.COLLECTIVE, _("党员集中学习"), "Collective study"),
    _study("seminar", StudyKind.SEMINAR, _("专题研讨"), "Topic seminars"),
    _study("practice", StudyKind.PRACTICE, _("实践教育"), "Practice education"),
    _study("delivered", StudyKind.DELIVERED, _("送学上门"), "Study delivered to the door"),
    Indicator(
        "study.attendance",
        _("参学人次"),
        "Study attendance",
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
        "Enterprises researched",
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
        "Departments researched",
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
        "Technology intermediaries researched",
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
        "Service recipients visited (person-times)",
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
        "Questionnaire responses",
        "research",
        _("份"),
        "surveys.Response",
        "submitted_at__date",
        # ResponseQuerySet.counted(): staff may discard stuffed responses; they count nowhere.
        condition=Q(questionnaire__deleted_at__isnull=True, discarded_at__isnull=True),
        bureau_path="questionnaire__bureau",
        campaign_path="questionnaire__campaign",
        department_path="questionnaire__department",
    ),
    Indicator(
        "research.suggestions",
        _("收集意见建议"),
        "Suggestions collected",
        "research",
        _("条"),
        "surveys.Suggestion",
        "date",
    ),
    Indicator(
        "research.reports",
        _("形成调研报告"),
        "Research reports written",
        "research",
        _("篇"),
        "surveys.ResearchReport",
        "date",
    ),
    Indicator(
        "enterprise.visits",
        _("走访服务企业"),
        "Enterprise visits",
        "enterprise",
        _("次"),
        "enterprises.EnterpriseVisit",
        "date",
    ),
    Indicator(
        "enterprise.issues_resolved",
        _("帮助企业解决问题"),
        "Enterprise problems solved",
        "enterprise",
        _("个"),
        "enterprises.EnterpriseIssue",
        "resolved_on",
        condition=Q(status=IssueStatus.RESOLVED),
    ),
    Indicator(
        "enterprise.issues_open",
        _("企业问题待解决"),
        "Enterprise problems still open",
        "enterprise",
        _("个"),
        "enterprises.EnterpriseIssue",
        "date",
        condition=OPEN_ISSUE,
    ),
    _application(
        "national_high_tech",
        ApplicationKind.NATIONAL_HIGH_TECH,
        _("申报国家高新技术企业"),
        "National high-tech enterprise applications",
    ),
    _application(
        "provincial_sme", ApplicationKind.PROVINCIAL_SME, _("省级科技型中小企业"), "Provincial science-based SMEs"
    ),
    _application(
        "provincial_research_institute",
        ApplicationKind.PROVINCIAL_RESEARCH_INSTITUTE,
        _("省级企业研究院"),
        "Provincial enterprise research institutes",
    ),
    _application(
        "provincial_rd_centre",
        ApplicationKind.PROVINCIAL_RD_CENTRE,
        _("省级高新技术企业研发中心"),
        "Provincial high-tech enterprise R&D centres",
    ),
    Indicator(
        "cooperation.agreements",
        _("签订合作协议"),
        "Cooperation agreements signed",
        "enterprise",
        _("份"),
        "enterprises.CooperationAgreement",
        "signed_on",
        condition=~Q(kind=AgreementKind.PLATFORM),
    ),
    Indicator(
        "cooperation.platforms",
        _("共建创新平台"),
        "Joint innovation platforms",
        "enterprise",
        _("个"),
        "enterprises.CooperationAgreement",
        "signed_on",
        condition=Q(kind=AgreementKind.PLATFORM),
    ),
    Indicator(
        "rectification.found",
        _("查摆问题"),
        "Problems found",
        "rectification",
        _("个"),
        "campaigns.Rectification",
        "date",
    ),
    Indicator(
        "rectification.done",
        _("完成整改"),
        "Problems rectified",
        "rectification",
        _("个"),
        "campaigns.Rectification",
        "rectified_on",
        condition=Q(status__in=[RectificationStatus.RECTIFIED, RectificationStatus.VERIFIED]),
    ),
    Indicator(
        "rectification.overdue",
        _("整改逾期"),
        "Rectifications overdue",
        "rectification",
        _("个"),
        "campaigns.Rectification",
        "date",
        condition=OPEN_RECTIFICATION,
        overdue_by="deadline",
    ),
    Indicator(
        "plan.tasks_done",
        _("实施方案任务完成"),
        "Plan tasks done",
        "rectification",
        _("项"),
        "campaigns.PlanTask",
        "completed_on",
        condition=Q(status=TaskStatus.DONE),
    ),
    Indicator(
        "plan.tasks_overdue",
        _("实施方案任务逾期"),
        "Plan tasks overdue",
        "rectification",
        _("项"),
        "campaigns.PlanTask",
        "deadline",
        condition=~Q(status=TaskStatus.DONE),
        overdue_by="deadline",
    ),
)

BY_KEY = {indicator.key: indicator for indicator in CATALOGUE}
