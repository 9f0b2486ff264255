"""The enterprise strand's pages beyond the generic ones: the enterprise timeline, prefilled forms, qualifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.ledger.access import Action, get_record_for_user, require
from bureau.ledger.record_views import (
    AttachmentUploadView,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
)

from .forms import QualificationForm
from .models import EnterpriseVisit, Qualification
from .timeline import enterprise_history


class EnterpriseVisitListView(RecordListView):
    """The generic list; its visitors and policies columns are fetched in one query each."""

    def get_queryset(self):
        return super().get_queryset().prefetch_related("visitors", "policies")


class CooperationAgreementListView(RecordListView):
    """The agreements, with a way to the institutions they are signed with."""

    template_name = "enterprises/cooperationagreement_list.html"


class PrefilledCreateView(RecordCreateView):
    """A create page opened from an enterprise, a visit or an institution arrives with it already chosen.

    `?enterprise=ID`, `?visit=ID` (which also brings the visit's enterprise, date and campaign), `?institution=ID`.
    Ids outside the user's bureau are simply not among the choices, so they preselect nothing.
    """

    def get_initial(self):
        initial = super().get_initial()
        for name in ("enterprise", "visit", "institution"):
            value = self.request.GET.get(name, "")
            if value.isascii() and value.isdigit():  # not "²", which isdigit() accepts and int() refuses
                initial[name] = int(value)
        if "visit" in initial:
            visit = (
                EnterpriseVisit.objects.restrict(self.request.user, Action.CHOOSE).filter(pk=initial["visit"]).first()
            )
            if visit is not None:
                initial.update(enterprise=visit.enterprise_id, date=visit.date, campaign=visit.campaign_id)
        return initial


class GuardedDeleteView(RecordDeleteView):
    """Deleting a registry entry (enterprise, institution) is refused while live records still name it."""

    template_name = "enterprises/confirm_delete.html"

    def blocking(self, record):
        return [(label, n) for label, n in record.live_record_counts().items() if n]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blocking"] = self.blocking(self.object)
        return context

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        if self.blocking(record):
            self.object = record
            return self.render_to_response(self.get_context_data(object=record), status=409)
        return super().post(request, *args, **kwargs)


class EnterpriseExtras:
    """The enterprise page's own parts: its whole history with the bureau on one timeline, its qualifications."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = enterprise_history(self.object)
        context.setdefault("qualification_form", QualificationForm())
        return context


class EnterpriseDetailView(EnterpriseExtras, RecordDetailView):
    pass


class EnterpriseAttachView(EnterpriseExtras, AttachmentUploadView):
    """A refused upload shows the enterprise page again, timeline included."""


class EnterpriseQualificationView(EnterpriseDetailView):
    """Record a qualification the enterprise already held (those from approvals come with the application)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = enterprise = self.get_object()
        require(request.user, Action.CHANGE, enterprise)
        form = QualificationForm(request.POST, instance=Qualification(enterprise=enterprise))
        if not form.is_valid():
            context = self.get_context_data(object=enterprise, qualification_form=form)
            return self.render_to_response(context, status=400)
        qualification = form.save()
        messages.success(request, _("已登记资质：%(q)s") % {"q": qualification})
        return redirect(enterprise.get_absolute_url())


@login_required
@require_POST
def delete_qualification(request, pk):
    qualifications = Qualification.objects.select_related("enterprise").filter(enterprise__deleted_at__isnull=True)
    qualification = get_record_for_user(qualifications, request.user, pk)
    enterprise = qualification.enterprise
    require(request.user, Action.CHANGE, enterprise)
    if qualification.application_id:
        messages.error(request, _("该资质由资质申报认定产生，请修改或删除对应的申报记录。"))
        return render(
            request,
            "enterprises/qualification_refused.html",
            {"qualification": qualification, "enterprise": enterprise},
            status=409,
        )
    qualification.delete()
    messages.success(request, _("已删除资质：%(q)s") % {"q": qualification})
    return redirect(enterprise.get_absolute_url())


class VisitExtras:
    """A visit's page lists the problems raised at it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = list(self.object.issues.filter(deleted_at__isnull=True).select_related("owner"))
        return context


class EnterpriseVisitDetailView(VisitExtras, RecordDetailView):
    pass


class EnterpriseVisitAttachView(VisitExtras, AttachmentUploadView):
    pass


class InstitutionExtras:
    """An institution's page lists its agreements."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = list(
            self.object.agreements.filter(deleted_at__isnull=True).select_related("enterprise")
        )
        return context


class InstitutionDetailView(InstitutionExtras, RecordDetailView):
    pass


class InstitutionAttachView(InstitutionExtras, AttachmentUploadView):
    pass
