"""The audit trail: read and exported by the bureau's auditor."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bureau import audit
from bureau.forms import AuditFilterForm
from bureau.ledger.access import Action
from bureau.ledger.excel import add_table, new_workbook, xlsx_response
from bureau.models import AuditAction, AuditEvent

AUDIT_PAGE_SIZE = 50


def _audit_events(request):
    if not request.user.reads_audit_trail:
        raise PermissionDenied(_("审计日志只有审计员可以查看。"))
    form = AuditFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.restrict(request.user, Action.VIEW).select_related("bureau"))
    return form, events


@login_required
@require_GET
def audit_trail(request):
    form, events = _audit_events(request)
    page = Paginator(events.order_by("-seq"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "events": list(page.object_list),
        "query_without_page": query.urlencode(),
        "export_query": query.urlencode(),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "bureau/audit_trail.html", context, status=status)


@login_required
@require_GET
def audit_export(request):
    _form, events = _audit_events(request)
    workbook = new_workbook()
    headers = [_("序号"), _("时间"), _("单位"), _("用户名"), _("地址"), _("操作"), _("对象"), _("详情")]
    labels = dict(AuditAction.choices)
    rows = (
        [
            e.seq,
            e.at,
            str(e.bureau or ""),
            e.username,
            e.address,
            str(labels.get(e.action, e.action)),
            e.target,
            e.detail,
        ]
        for e in events.order_by("seq").iterator(chunk_size=2000)
    )
    add_table(workbook, _("审计日志"), headers, rows)
    audit.record(AuditAction.EXPORT, request=request, target=_("审计日志"), detail=request.GET.urlencode())
    return xlsx_response(workbook, f"{_('审计日志')}{timezone.localdate():%Y%m%d}.xlsx")
