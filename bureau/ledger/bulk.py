"""Bulk actions on a work-item list: 改派 and 延期 (a bureau's leaders and admins), 导出所选 (everyone).

The list's checkboxes post the chosen ids. Assigning and extending take three steps: the form (who, or
which date and why), a confirmation naming every item and the change, then the change itself, to all the
items or to none: an item that may not change (closed, in a locked month, refused by its own rules) is
reported and nothing is saved.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bureau import audit
from bureau.choices import Role
from bureau.ledger import display
from bureau.ledger.access import Action
from bureau.ledger.excel import add_table, new_workbook, xlsx_response
from bureau.ledger.forms import NewDeadlineField, scope_choices
from bureau.ledger.lifecycle import Refused, Step, take_step, try_step
from bureau.models import AuditAction, Department

# One page shows 20 rows; a forged post naming thousands of ids is bad input, not work.
MAX_SELECTED = 500


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(label=gettext_lazy("新的责任人"), queryset=get_user_model().objects.none())
    department = forms.ModelChoiceField(
        label=gettext_lazy("责任科室"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=gettext_lazy("不变"),
        help_text=gettext_lazy("留空则各事项的科室不变。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.all()
        scope_choices(self.fields["owner"], user)
        # The auditor reads the trail and nothing of the ledger: never a 责任人.
        self.fields["owner"].queryset = self.fields["owner"].queryset.exclude(role=Role.AUDITOR)
        self.fields["department"].queryset = Department.objects.all()
        scope_choices(self.fields["department"], user)

    step = Step.ASSIGN

    def step_args(self) -> dict:
        return {"values": {"owner": self.cleaned_data["owner"], "department": self.cleaned_data["department"]}}

    def summary(self, count: int) -> str:
        values = {"n": count, "owner": self.cleaned_data["owner"]}
        if self.cleaned_data["department"] is None:
            return _("确定将以上 %(n)s 项改派给 %(owner)s 吗？各事项的科室不变。") % values
        values["department"] = self.cleaned_data["department"]
        return _("确定将以上 %(n)s 项改派给 %(owner)s（%(department)s）吗？") % values


class ExtendForm(forms.Form):
    deadline = NewDeadlineField()
    reason = forms.CharField(
        label=gettext_lazy("延期理由"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("记入每个事项的办理记录。"),
        error_messages={"required": gettext_lazy("请填写延期理由。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

    step = Step.EXTEND

    def step_args(self) -> dict:
        return {"deadline": self.cleaned_data["deadline"], "opinion": self.cleaned_data["reason"]}

    def summary(self, count: int) -> str:
        values = {
            "n": count,
            "deadline": self.cleaned_data["deadline"].isoformat(),
            "reason": self.cleaned_data["reason"],
        }
        return _("确定将以上 %(n)s 项的时限延至 %(deadline)s 吗？延期理由：%(reason)s") % values


@dataclass(frozen=True)
class BulkAction:
    title: str
    confirm: str
    done: str
    form_class: type


ACTIONS = {
    "assign": BulkAction(gettext_lazy("改派"), gettext_lazy("确认改派"), gettext_lazy("已改派 %(n)s 项。"), AssignForm),
    "extend": BulkAction(gettext_lazy("延期"), gettext_lazy("确认延期"), gettext_lazy("已延期 %(n)s 项。"), ExtendForm),
}


def selected_ids(request) -> list[int]:
    """The ids the list's checkboxes posted; 400 when there are none or they are not ids."""
    raw = request.POST.getlist("ids")
    if not raw:
        raise BadRequest(_("请先勾选要操作的记录。"))
    if len(raw) > MAX_SELECTED:
        raise BadRequest(_("一次最多选择 %(n)s 条记录。") % {"n": MAX_SELECTED})
    try:
        ids = {int(value) for value in raw}
    except ValueError:
        raise BadRequest(_("所选记录的编号无效。")) from None
    if any(pk <= 0 or pk > 2**31 for pk in ids):
        raise BadRequest(_("所选记录的编号无效。"))
    return sorted(ids)


def selected_items(record_type, user, ids, action=Action.VIEW):
    """The chosen items, each of which the user may see (404 otherwise: ids of others reveal nothing)
    and may act on (403 otherwise)."""
    model = record_type.model
    visible = model.objects.restrict(user, Action.VIEW).filter(pk__in=ids)
    if visible.count() != len(ids):
        raise NotFound(_("所选记录中有不存在或您无权查看的记录，未做任何操作。"))
    if action != Action.VIEW and model.objects.restrict(user, action).filter(pk__in=ids).count() != len(ids):
        raise PermissionDenied(_("所选记录中有您无权修改的记录（如下级单位的记录），未做任何操作。"))
    return visible.by_urgency().select_related("owner", "department", "campaign", *record_type.list_select_related)


class NotFound(Exception):
    """Ids the user may not see: answered 404 with the reason (Http404's page shows no reason)."""


def _list_url(request, record_type) -> str:
    """Where to go back: the list as it was filtered, if the posted address is that list."""
    list_url = record_type.url("list")
    wanted = request.POST.get("next", "")
    if wanted.startswith(list_url) and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return list_url


def refusals_for(record_type, items, form, user) -> list[tuple]:
    """(item, reason) for every item this change may not be made to; empty when all may change.

    Each item is tried as the work loop would take the step on it alone (role, state, new deadline, its own
    rules and closed months): bulk is many single steps, all or none."""
    refusals = []
    open_ids = set(
        record_type.model.objects.filter(pk__in=[item.pk for item in items]).open().values_list("pk", flat=True)
    )
    for item in items:
        if item.pk not in open_ids:
            refusals.append((item, _("已销号的事项不能改派或延期。")))
            continue
        try:
            try_step(item, form.step, user, **form.step_args())
        except (PermissionDenied, Refused) as error:
            refusals.append((item, str(error)))
        except ValidationError as error:
            refusals.append((item, "；".join(error.messages)))
    return refusals


@login_required
@require_POST
def bulk_change(request, record_type, action):
    user = request.user
    spec = ACTIONS[action]
    if not user.can_verify:
        raise PermissionDenied(_("只有本单位的局领导或管理员可以批量改派或延期。"))
    ids = selected_ids(request)
    try:
        items = list(selected_items(record_type, user, ids, Action.VERIFY))
    except NotFound as error:
        return _refused(request, 404, str(error))
    for item in items:
        # What the pages show of each item: its values before the change is tried on it.
        item.current = SimpleNamespace(
            owner=item.owner,
            department=item.department,
            deadline=item.deadline,
            warning=item.warning,
            warning_label=item.get_warning_display(),
        )
    step = request.POST.get("step", "")
    form = spec.form_class(request.POST if step else None, user=user)
    context = {
        "record_type": record_type,
        "verbose_name_plural": record_type.opts.verbose_name_plural,
        "action": spec,
        "items": items,
        "ids": ids,
        "next": _list_url(request, record_type),
        "form": form,
    }
    if not step:
        return render(request, "ledger/bulk_action.html", context)
    if not form.is_valid():
        return render(request, "ledger/bulk_action.html", context, status=400)
    refusals = refusals_for(record_type, items, form, user)
    if refusals:
        context["refusals"] = refusals
        return render(request, "ledger/bulk_action.html", context, status=409)
    if step != "apply":
        context.update(confirming=True, question=form.summary(len(items)))
        return render(request, "ledger/bulk_action.html", context)
    # All the items or none: one save failing (a racing edit, a database error) undoes the others.
    with transaction.atomic():
        for item in items:
            take_step(item, form.step, user, **form.step_args())
    messages.success(request, spec.done % {"n": len(items)})
    return redirect(context["next"])


def _refused(request, status, message):
    return render(
        request, "error.html", {"status": status, "title": _("未做任何操作"), "message": message}, status=status
    )


@login_required
@require_POST
def bulk_export(request, record_type):
    """The chosen rows in the list's columns, as a workbook."""
    from bureau.ledger.record_views import list_columns

    ids = selected_ids(request)
    try:
        items = selected_items(record_type, request.user, ids)
    except NotFound as error:
        return _refused(request, 404, str(error))
    columns = list_columns(record_type)
    fields = {f.name: f for f in record_type.model._meta.get_fields()}

    def value(item, name):
        if name == "warning":
            return item.get_warning_display()
        return display.cell_value(fields[name], getattr(item, name))

    rows = ([value(item, name) for name, _label in columns] for item in items)
    workbook = new_workbook()
    title = str(record_type.opts.verbose_name_plural)
    add_table(workbook, title, [str(label) for _name, label in columns], rows)
    audit.record(AuditAction.EXPORT, request=request, target=f"{title}（所选 {len(ids)} 条）")
    return xlsx_response(workbook, f"{title}-所选.xlsx")
