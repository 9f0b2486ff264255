"""Reports pages: the leaders' dashboard, drill-down lists, the JSON summary, the monthly workbook,
targets and month closes."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau import audit
from bureau.error_views import stored_file_changed, stored_file_missing
from bureau.ledger.access import Action, Permissions, get_record_for_user, require
from bureau.ledger.excel import XLSX_CONTENT_TYPE, xlsx_response
from bureau.ledger.month import Month
from bureau.models import AuditAction, Department
from bureau.setup.services import needs_guide
from campaigns.models import Campaign

from . import services
from .dashboard import breakdowns, warnings
from .exporters.drilldown import drilldown_workbook
from .exporters.monthly import build_monthly_workbook
from .forms import ReopenForm, ReportQuery, TargetsForm, default_month
from .indicators import BY_KEY, STRANDS
from .models import MonthClose
from .outcomes import outcomes_by
from .rollup import breakdown
from .selectors import dashboard_figures, indicator_queryset, rows_by_strand, summary_rows
from .submissions import figures_of

OUTCOME_PEOPLE_SHOWN = 15
DRILLDOWN_PAGE_SIZE = 100


def _query(request, data=None):
    return ReportQuery(request.GET if data is None else data, user=request.user)


@login_required
@require_GET
def home(request):
    """Leaders and admins land on the dashboard; staff on their recording home page; auditors on the trail."""
    if request.user.is_auditor:
        return redirect("bureau:audit-trail")
    if needs_guide(request.user):
        return redirect("setup:guide")
    if request.user.can_verify:
        return dashboard(request)
    from campaigns.views import home as staff_home

    return staff_home(request)


def _without_campaign(request) -> bool:
    """The dashboard opened for the user's own bureau, which has no current campaign yet."""
    if request.GET.get("campaign"):
        return False
    return request.user.bureau_id is None or Campaign.objects.active_for_bureau(request.user.bureau_id) is None


@login_required
@require_GET
def dashboard(request):
    query = _query(request)
    try:
        scope = query.read_scope()
    except Http404:
        if _without_campaign(request):
            # Not a 404: the page is there, the bureau has no campaign yet (home.html says whom to ask).
            return render(request, "home.html", {"campaign": None})
        raise
    campaign = scope.campaign
    month = query.read_month() or default_month(campaign)
    rows, labels, series = dashboard_figures(scope, month)
    chart = {
        "months": labels,
        "strands": [
            {
                "key": key,
                "label": str(label),
                "series": [
                    {"name": str(r.indicator.label), "data": series[r.indicator.key]}
                    for r in rows
                    if r.indicator.strand == key and r.indicator.measure in ("count", "distinct")
                ],
            }
            for key, label in STRANDS.items()
        ],
    }
    start, end = month.bounds
    split = breakdowns(scope, (campaign.start, end))
    outcomes = outcomes_by(scope, (campaign.start, end))
    chart["departments"] = split["departments"]
    chart["people"] = split["people"]
    figures = query.read_figures()
    # Per bureau below: only for the whole roll-up (a department belongs to one bureau, nothing to compare).
    rollup = None
    if not scope.department_id:
        rollup = breakdown(scope, month, totals=figures_of(rows), outcomes=outcomes)
    if rollup is not None:
        chart["bureaus"] = [[part.bureau.name, part.completion] for part in rollup.children]
    links = {"campaign": campaign.pk, "month": str(month)}
    if scope.department_id:
        links["department"] = scope.department_id
    context = {
        "campaign": campaign,
        "month": month,
        "month_value": str(month),
        "month_start": start,
        "strands": rows_by_strand(rows),
        "chart": chart,
        "warnings": warnings(scope),
        "outcomes_departments": outcomes["department"],
        "outcomes_people": outcomes["owner"][:OUTCOME_PEOPLE_SHOWN],
        "departments": Department.objects.restrict(request.user, Action.VIEW)
        .filter(bureau_id__in=scope.bureau_ids)
        .select_related("bureau"),
        "rolls_up": scope.rolls_up,
        "department_id": scope.department_id,
        "query": links,
        "close": MonthClose.objects.closed().filter(campaign=campaign, month=start).first(),
        "rollup": rollup,
        "figures": figures,
        "rollup_strands": rollup.by_strand(figures) if rollup else [],
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def drilldown(request, key):
    """The records behind one number of the dashboard; their count is the number."""
    _indicator, context, rows = _drilldown(request, key)
    # The total is counted over every row; the rows themselves are shown a page at a time.
    page = Paginator(rows, DRILLDOWN_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        records=list(page.object_list),
        page_obj=page,
        paginator=page.paginator,
        is_paginated=page.has_other_pages(),
        query_without_page=query.urlencode(),
    )
    return render(request, "reports/drilldown.html", context)


@login_required
@require_GET
def drilldown_export(request, key):
    """Every row behind the number, as a workbook: a record type's in its own columns (so it imports again)."""
    indicator, context, rows = _drilldown(request, key)
    start, end = context["period"]
    title = f"{indicator.label} {start:%Y-%m-%d}—{end:%Y-%m-%d}"
    workbook = drilldown_workbook(indicator, rows, request.user, distinct=context.get("distinct", False))
    audit.record(AuditAction.EXPORT, request=request, target=f"{context['campaign']} {title}")
    return xlsx_response(workbook, f"{indicator.label}.xlsx")


def _drilldown(request, key):
    indicator = BY_KEY.get(key)
    if indicator is None:
        raise Http404(_("没有这个指标。"))
    query = _query(request)
    scope = query.read_scope()
    month = query.read_month()
    which = request.GET.get("period", "value")
    if which not in ("value", "cumulative"):
        raise BadRequest(_("period 只能是 value 或 cumulative。"))
    campaign = scope.campaign
    if month is None:
        period = (campaign.start, campaign.end)
    else:
        start, end = month.bounds
        period = (start if which == "value" else campaign.start, end)
    records = indicator_queryset(indicator, scope, period)
    context = {"indicator": indicator, "campaign": campaign, "period": period, "month": month}
    if indicator.measure == "distinct":
        field = indicator.model_class._meta.get_field(indicator.measure_field)
        rows = field.related_model._base_manager.filter(pk__in=records.values(indicator.measure_field)).order_by("pk")
        context["total"] = rows.count()
        context["distinct"] = True
    else:
        related = [f.name for f in indicator.model_class._meta.fields if f.is_relation and f.name != "campaign"]
        rows = records.select_related(*related).order_by(indicator.date_field, "pk")
        if indicator.measure == "count":
            context["total"] = rows.count()
        else:
            # A sum, a rate or an average: worked out over the very rows listed.
            context["total"] = indicator.value_of(rows.aggregate(**indicator.aggregates(Q())))
    query = request.GET.copy()
    query.pop("page", None)
    context["export_url"] = f"{reverse('reports:drilldown-export', args=[key])}?{query.urlencode()}"
    return indicator, context, rows


@login_required
@require_GET
def summary_api(request):
    """DESIGN §4: {"campaign", "month", "indicators": [{key, label, strand, value, cumulative, target}]}, and
    for a roll-up with bureaus below, "bureaus": [{id, name, own, indicators: {key: {value, cumulative}}}]."""
    try:
        query = _query(request)
        scope = query.read_scope()
        month = query.read_month()
    except BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    except Http404 as error:
        return JsonResponse({"error": str(error)}, status=404)
    campaign = scope.campaign
    rows = summary_rows(scope, month)
    rollup = breakdown(scope, month, totals=figures_of(rows))
    data = {
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "start": campaign.start.isoformat(),
            "end": campaign.end.isoformat(),
        },
        "month": str(month) if month else None,
        "indicators": [
            {
                "key": r.indicator.key,
                "label": str(r.indicator.label),
                "strand": r.indicator.strand,
                "value": r.value,
                "cumulative": r.cumulative,
                "target": r.target,
            }
            for r in rows
        ],
    }
    if rollup is not None:
        # The campaign bureau's own records first, then each bureau below (its whole subtree), best first.
        data["bureaus"] = [
            {"id": part.bureau.pk, "name": part.bureau.name, "own": part.own, "indicators": part.live}
            for part in rollup.parts
        ]
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def monthly_workbook(request):
    query = _query(request)
    scope = query.read_scope()
    month = query.read_month()
    if month is None:
        raise BadRequest(_("请指定月份（month=YYYY-MM）。"))
    content = build_monthly_workbook(scope, *month, bureau_name=scope.campaign.bureau.name, signer=request.user)
    audit.record(AuditAction.EXPORT, request=request, target=f"月报 {scope.campaign} {month}")
    return _xlsx(content, f"{scope.campaign.bureau.name}主题教育工作月报{month.label}.xlsx")


def _xlsx(content: bytes, filename: str):
    import io

    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


@login_required
@require_GET
def monthly(request):
    """The month-report page: pick a month, download, close (submit) or re-open it."""
    campaign = _query(request).read_campaign()
    closes = MonthClose.objects.filter(campaign=campaign).select_related("closed_by", "reopened_by", "reviewed_by")
    months = [str(month) for month in Month.span(campaign.start, campaign.end)]
    context = {
        "campaign": campaign,
        "months": months,
        "closes": closes,
        "default_month": str(default_month(campaign)),
        "reopen_form": ReopenForm(),
        "may": Permissions(request.user, campaign),
    }
    return render(request, "reports/monthly.html", context)


@login_required
@require_POST
def close_month(request):
    if not request.user.can_verify:
        raise PermissionDenied(_("只有局领导或管理员可以报送月报。"))
    query = _query(request, request.POST)
    campaign = query.read_campaign()
    require(request.user, Action.VERIFY, campaign, _("只能报送本单位的月报。"))
    month = query.read_month()
    if month is None:
        raise BadRequest(_("请指定月份（month=YYYY-MM）。"))
    closed = services.close_month(campaign, month, request.user)
    messages.success(
        request,
        _("%(month)s 月报已报送，该月记录已锁定。SHA-256：%(sha)s") % {"month": month, "sha": closed.sha256},
    )
    return redirect(f"{reverse('reports:monthly')}?campaign={campaign.pk}")


@login_required
@require_POST
def reopen_month(request, pk):
    closed = get_record_for_user(MonthClose.objects.closed(), request.user, pk)
    require(request.user, Action.VERIFY, closed, _("只有本单位的局领导或管理员可以重新打开月份。"))
    form = ReopenForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("重新打开须填写原因（至少 4 个字）。"))
    services.reopen_month(closed, request.user, form.cleaned_data["reason"])
    messages.success(request, _("已重新打开 %(month)s，原因已记录。") % {"month": closed.period})
    return redirect(f"{reverse('reports:monthly')}?campaign={closed.campaign_id}")


@login_required
@require_GET
def closed_workbook(request, pk):
    closed = get_record_for_user(MonthClose.objects.select_related("campaign__bureau"), request.user, pk)
    try:
        with closed.workbook.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        message = _("%(month)s 报送时保存的月报文件已丢失，无法下载报送版。请联系管理员从备份恢复（%(name)s）。")
        return stored_file_missing(
            request, closed.workbook.name, message % {"month": closed.period, "name": closed.workbook.name}
        )
    if hashlib.sha256(content).hexdigest() != closed.sha256:
        # Serving it as "the submitted version" would vouch for a file that is no longer what was submitted.
        message = _(
            "%(month)s 报送版月报文件与报送时记录的 SHA-256 不一致，可能已被改动，暂不提供下载。请联系管理员核查。"
        )
        return stored_file_changed(request, closed.workbook.name, message % {"month": closed.period})
    audit.record(AuditAction.EXPORT, request=request, target=f"报送版月报 {closed}", detail=closed.sha256)
    response = _xlsx(content, f"{closed.campaign.bureau.name}主题教育工作月报{closed.period.label}（报送版）.xlsx")
    response["X-Content-SHA256"] = closed.sha256
    return response


@login_required
def targets(request):
    if not request.user.is_admin:
        raise PermissionDenied(_("只有管理员可以设置目标。"))
    campaign = _query(request).read_campaign()
    require(request.user, Action.CHANGE, campaign, _("只能设置本单位的目标。"))
    form = TargetsForm(request.POST if request.method == "POST" else None, campaign=campaign)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("目标已保存。"))
            return redirect(f"{reverse('reports:targets')}?campaign={campaign.pk}")
        return render(request, "reports/targets.html", {"form": form, "campaign": campaign}, status=400)
    return render(request, "reports/targets.html", {"form": form, "campaign": campaign})
