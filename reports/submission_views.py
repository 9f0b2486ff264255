"""The 报送情况 board of a parent bureau, its review actions, and the submissions JSON (DESIGN §4)."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau import audit
from bureau.error_views import conflict
from bureau.ledger.access import get_record_for_user
from bureau.ledger.month import Month
from bureau.models import AuditAction, Bureau
from campaigns.models import Campaign

from . import submissions
from .forms import ReportQuery, ReturnForm, default_month
from .models import MonthClose


class DeadlineForm(forms.ModelForm):
    class Meta:
        model = Bureau
        fields = ["report_deadline_day"]


def _reader(request) -> Bureau:
    """The bureau whose board the user reads: their own. Auditors read the audit trail only."""
    if request.user.is_auditor:
        raise PermissionDenied(_("审计员只能查看审计日志。"))
    if request.user.bureau_id is None:
        raise Http404(_("您的账户不属于任何单位。"))
    return request.user.bureau


def _board_month(request, parent):
    """The month asked for; by default the last one whose reports fall due this month, within the campaign."""
    month = ReportQuery(request.GET, user=request.user).read_month()
    if month is None:
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        current = Campaign.objects.filter(bureau=parent, is_active=True).order_by("-start", "-pk").first()
        month = default_month(current, today=last_month) if current else Month.of(last_month)
    return submissions.campaign_over(parent, month), month


@login_required
@require_GET
def board(request):
    parent = _reader(request)
    campaign, month = _board_month(request, parent)
    rows = submissions.board(parent, month, campaign=campaign)
    reported = [row for row in rows if row.status != submissions.MISSING]
    context = {
        "parent": parent,
        "campaign": campaign,
        "month": month,
        "months": [str(m) for m in Month.span(campaign.start, campaign.end)] if campaign else [str(month)],
        "deadline": parent.report_deadline(month),
        "rows": rows,
        "reported": len(reported),
        "on_time": sum(1 for row in reported if row.latest.on_time),
        "may_review": request.user.can_verify,
        "return_form": ReturnForm(),
        "deadline_form": DeadlineForm(instance=parent) if request.user.is_admin else None,
    }
    return render(request, "reports/submissions.html", context)


@login_required
@require_GET
def submissions_api(request):
    """{"month", "deadline", "bureaus": [{"id", "name", "status", "submitted_at", "on_time", "version"}]}."""
    try:
        parent = _reader(request)
        campaign, month = _board_month(request, parent)
    except BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False})
    except Http404 as error:
        return JsonResponse({"error": str(error)}, status=404, json_dumps_params={"ensure_ascii": False})
    rows = submissions.board(parent, month, campaign=campaign)
    data = {
        "month": str(month),
        "deadline": parent.report_deadline(month).isoformat(),
        "bureaus": [
            {
                "id": row.bureau.pk,
                "name": row.bureau.name,
                "status": row.status,
                "submitted_at": timezone.localtime(row.latest.closed_at).isoformat() if row.latest else None,
                "on_time": row.latest.on_time if row.latest else None,
                "version": row.latest.version if row.latest else None,
                "on_time_rate": row.on_time_rate,
            }
            for row in rows
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _report_for_review(request, pk) -> MonthClose:
    report = get_record_for_user(MonthClose.objects.select_related("campaign__bureau", "parent"), request.user, pk)
    if not submissions.may_review(request.user, report):
        raise PermissionDenied(_("只有上级单位的局领导或管理员可以审核下级报送的月报。"))
    return report


def _back(report):
    return redirect(f"{reverse('reports:submissions')}?month={report.period}")


@login_required
@require_POST
def accept(request, pk):
    report = _report_for_review(request, pk)
    try:
        submissions.accept(report, request.user)
    except submissions.NotAwaiting as error:
        return conflict(request, str(error))
    messages.success(
        request,
        _("已审核通过 %(bureau)s %(month)s 月报（第 %(version)s 版）。")
        % {"bureau": report.campaign.bureau.name, "month": report.period, "version": report.version},
    )
    return _back(report)


@login_required
@require_POST
def return_report(request, pk):
    report = _report_for_review(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("退回须填写原因（至少 4 个字）。"))
    try:
        submissions.return_report(report, request.user, form.cleaned_data["reason"])
    except submissions.NotAwaiting as error:
        return conflict(request, str(error))
    messages.success(
        request,
        _("已退回 %(bureau)s %(month)s 月报，该月已为其重新打开，并已通知其局领导。")
        % {"bureau": report.campaign.bureau.name, "month": report.period},
    )
    return _back(report)


@login_required
@require_POST
def set_deadline(request):
    parent = _reader(request)
    if not request.user.is_admin:
        raise PermissionDenied(_("只有管理员可以设置报送截止日。"))
    form = DeadlineForm(request.POST, instance=parent)
    if not form.is_valid():
        raise BadRequest(_("截止日应为 1 到 28 之间的整数。"))
    form.save()
    day = form.cleaned_data["report_deadline_day"]
    audit.record(AuditAction.ACCOUNT, request=request, target=str(parent), detail=f"report_deadline_day={day}")
    messages.success(request, _("下级单位月报截止日已设为每月 %(day)s 日。") % {"day": day})
    return redirect("reports:submissions")
