import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bureau.ledger.access import Action
from bureau.ledger.filters import YES_NO, RecordFilterSet, WorkItemFilterSet

from .choices import ApplicationKind, ApplicationStatus
from .models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
    Policy,
)


def yes_no_filter(label, **kwargs):
    return django_filters.BooleanFilter(label=label, widget=YES_NO, **kwargs)


class UndatedRecordFilterSet(RecordFilterSet):
    """For registries that are not placed in time (enterprises, institutions): no date range."""

    date_from = None
    date_to = None


class EnterpriseFilter(UndatedRecordFilterSet):
    search_fields = ("name", "credit_code", "contact_person", "industry")

    town = django_filters.ChoiceFilter(label=_("乡镇（街道）"), empty_label=_("全部"))
    qualification = django_filters.ChoiceFilter(
        label=_("资质"), choices=ApplicationKind.choices, method="filter_qualification", empty_label=_("全部")
    )
    in_high_tech_codes = yes_no_filter(_("属省高新技术产业行业代码范围"))
    exports = yes_no_filter(_("出口企业"))

    class Meta:
        model = Enterprise
        fields = ["town", "in_high_tech_codes", "exports"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        towns = (
            Enterprise.objects.restrict(user, Action.VIEW).order_by("town").values_list("town", flat=True).distinct()
        )
        self.form.fields["town"].choices = [("", _("全部")), *((town, town) for town in towns)]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_qualification(self, queryset, name, value):
        return queryset.filter(qualifications__kind=value).distinct()


class EnterpriseVisitFilter(RecordFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code", "summary", "notes")

    policies = django_filters.ModelChoiceFilter(label=_("宣讲政策"), queryset=Policy.objects.none())
    visitors = django_filters.ModelChoiceFilter(label=_("走访人员"), queryset=get_user_model().objects.none())

    class Meta:
        model = EnterpriseVisit
        fields = ["purpose", "policies", "visitors"]


class EnterpriseIssueFilter(WorkItemFilterSet):
    search_fields = ("description", "enterprise__name", "measure", "resolution", "unresolved_reason", "feedback")

    owner = django_filters.ModelChoiceFilter(label=_("责任人"), queryset=get_user_model().objects.none())
    open = yes_no_filter(_("未销号"), method="filter_open")

    class Meta:
        model = EnterpriseIssue
        fields = ["category", "status", "outcome", "owner"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.exclude(pk__in=queryset.open().values("pk"))


class ApplicationFilter(RecordFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code", "certificate_no", "notes")

    kind = django_filters.ChoiceFilter(label=_("申报类型"), choices=ApplicationKind.choices, empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("申报状态"), choices=ApplicationStatus.choices, empty_label=_("全部"))

    class Meta:
        model = Application
        fields = ["kind", "status", "year"]


class InstitutionFilter(UndatedRecordFilterSet):
    search_fields = ("name", "region", "contact_person")

    class Meta:
        model = Institution
        fields = ["kind"]


class CooperationAgreementFilter(RecordFilterSet):
    search_fields = ("title", "institution__name", "enterprise__name", "platform_name", "summary")

    institution = django_filters.ModelChoiceFilter(label=_("合作院所"), queryset=Institution.objects.none())

    class Meta:
        model = CooperationAgreement
        fields = ["kind", "institution"]
