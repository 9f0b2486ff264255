"""The enterprise strand's record types: what their pages list, filter and show."""

from django.utils.translation import gettext_lazy as _

from bureau.ledger.registry import RecordType, register

from . import views
from .filters import (
    ApplicationFilter,
    CooperationAgreementFilter,
    EnterpriseFilter,
    EnterpriseIssueFilter,
    EnterpriseVisitFilter,
    InstitutionFilter,
)
from .forms import (
    ApplicationForm,
    CooperationAgreementForm,
    EnterpriseForm,
    EnterpriseIssueForm,
    EnterpriseVisitForm,
    InstitutionForm,
)
from .models import Application, CooperationAgreement, Enterprise, EnterpriseIssue, EnterpriseVisit, Institution

ENTERPRISES = register(
    RecordType(
        model=Enterprise,
        form_class=EnterpriseForm,
        filterset_class=EnterpriseFilter,
        slug="enterprises",
        nav=("enterprise", _("企业名录")),
        views={
            "detail": views.EnterpriseDetailView,
            "attach": views.EnterpriseAttachView,
            "delete": views.GuardedDeleteView,
        },
        list_columns=("name", "credit_code", "town", "industry", "in_high_tech_codes", "exports", "contact_person"),
        identity=("credit_code",),  # the model refuses a taken code itself, the recycle bin's too
        detail_template="enterprises/enterprise_detail.html",
    )
)

ENTERPRISE_VISITS = register(
    RecordType(
        model=EnterpriseVisit,
        form_class=EnterpriseVisitForm,
        filterset_class=EnterpriseVisitFilter,
        slug="enterprise-visits",
        nav=("enterprise", _("走访企业")),
        views={
            "list": views.EnterpriseVisitListView,
            "create": views.PrefilledCreateView,
            "detail": views.EnterpriseVisitDetailView,
            "attach": views.EnterpriseVisitAttachView,
        },
        list_columns=("date", "enterprise", "purpose", "visitors", "policies", "department", "recorded_by"),
        identity=("date", "enterprise"),
        list_select_related=("enterprise",),
        detail_template="enterprises/enterprisevisit_detail.html",
    )
)

ENTERPRISE_ISSUES = register(
    RecordType(
        model=EnterpriseIssue,
        form_class=EnterpriseIssueForm,
        filterset_class=EnterpriseIssueFilter,
        slug="enterprise-issues",
        nav=("enterprise", _("企业问题")),
        work_item=True,
        views={"create": views.PrefilledCreateView},
        list_columns=(
            "date",
            "enterprise",
            "category",
            "description",
            "owner",
            "deadline",
            "warning",
            "status",
            "outcome",
            "closed_on",
        ),
        list_select_related=("enterprise", "owner"),
        identity=("enterprise", "description", "date"),
        detail_fields=(
            "campaign",
            "enterprise",
            "visit",
            "date",
            "category",
            "description",
            "owner",
            "supervisor",
            "measure",
            "outcome",
            "resolution",
            "unresolved_reason",
            "satisfaction",
            "satisfaction_by",
            "satisfaction_on",
            "feedback",
            "department",
            "notes",
        ),
        detail_template="enterprises/enterpriseissue_detail.html",
    )
)

APPLICATIONS = register(
    RecordType(
        model=Application,
        form_class=ApplicationForm,
        filterset_class=ApplicationFilter,
        slug="applications",
        nav=("enterprise", _("资质申报")),
        views={"create": views.PrefilledCreateView},
        list_columns=("enterprise", "kind", "year", "status", "filed_on", "decided_on", "helped_by"),
        identity=("enterprise", "kind", "year"),
        list_select_related=("enterprise", "helped_by"),
    )
)

INSTITUTIONS = register(
    RecordType(
        model=Institution,
        form_class=InstitutionForm,
        filterset_class=InstitutionFilter,
        slug="institutions",
        views={
            "detail": views.InstitutionDetailView,
            "attach": views.InstitutionAttachView,
            "delete": views.GuardedDeleteView,
        },
        list_columns=("name", "kind", "region", "contact_person", "contact_phone"),
        identity=("name",),  # as for enterprises, the model refuses a taken name itself
        detail_template="enterprises/institution_detail.html",
    )
)

AGREEMENTS = register(
    RecordType(
        model=CooperationAgreement,
        form_class=CooperationAgreementForm,
        filterset_class=CooperationAgreementFilter,
        slug="agreements",
        nav=("enterprise", _("合作协议")),
        views={"list": views.CooperationAgreementListView, "create": views.PrefilledCreateView},
        list_columns=("signed_on", "title", "kind", "institution", "enterprise", "platform_name"),
        identity=("institution", "title", "signed_on"),
        list_select_related=("institution", "enterprise"),
    )
)
