from django.urls import path

from . import views
from .record_types import (
    AGREEMENTS,
    APPLICATIONS,
    ENTERPRISE_ISSUES,
    ENTERPRISE_VISITS,
    ENTERPRISES,
    INSTITUTIONS,
)

app_name = "enterprises"


def pages(record_type, **replacements):
    """The record type's generic pages, with the views named by action (list, create, detail…) replaced by ours."""
    patterns = []
    for pattern in record_type.urls():
        view = replacements.get(pattern.name.removeprefix(f"{record_type.model_name}-"))
        if view is not None:
            pattern = path(str(pattern.pattern), view.as_view(record_type=record_type), name=pattern.name)
        patterns.append(pattern)
    return patterns


urlpatterns = [
    *pages(
        ENTERPRISES,
        detail=views.EnterpriseDetailView,
        attach=views.EnterpriseAttachView,
        delete=views.GuardedDeleteView,
    ),
    path(
        "enterprises/<int:pk>/qualifications/",
        views.EnterpriseQualificationView.as_view(record_type=ENTERPRISES),
        name="enterprise-qualification-add",
    ),
    path("qualifications/<int:pk>/delete/", views.delete_qualification, name="qualification-delete"),
    *pages(
        ENTERPRISE_VISITS,
        list=views.EnterpriseVisitListView,
        create=views.PrefilledCreateView,
        detail=views.EnterpriseVisitDetailView,
        attach=views.EnterpriseVisitAttachView,
    ),
    *pages(ENTERPRISE_ISSUES, create=views.PrefilledCreateView),
    *pages(APPLICATIONS, create=views.PrefilledCreateView),
    *pages(
        INSTITUTIONS,
        detail=views.InstitutionDetailView,
        attach=views.InstitutionAttachView,
        delete=views.GuardedDeleteView,
    ),
    *pages(AGREEMENTS, list=views.CooperationAgreementListView, create=views.PrefilledCreateView),
]
