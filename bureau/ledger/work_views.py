"""The pages of the work loop: one step (签收, 申请销号, 退回…) taken on one work item, with its form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.choices import AttachmentKind
from bureau.ledger.access import get_record_for_user
from bureau.ledger.forms import NewDeadlineField
from bureau.ledger.lifecycle import PAGE_STEPS, TRANSITIONS, Refused, refusal, take_step
from bureau.ledger.period_locks import is_locked, locked_message
from bureau.ledger.uploads import MultipleFileField, check_record_quota


class StepForm(forms.Form):
    """What a step asks for: an opinion, a new deadline, evidence, and the item's own fields for that step."""

    opinion = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)
    deadline = NewDeadlineField(required=False)
    evidence = MultipleFileField(
        label=gettext_lazy("佐证材料（照片、文件）"),
        help_text=gettext_lazy("可多选；JPG、PNG、PDF、DOCX、XLSX，每个不超过 10 MB。"),
    )
    evidence_kind = forms.ChoiceField(
        label=gettext_lazy("材料类别"), choices=AttachmentKind.choices, initial="photo", required=False
    )

    def __init__(self, *args, item, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.item, self.transition = item, transition
        self.fields["opinion"].label = transition.opinion_label or gettext_lazy("意见")
        self.fields["opinion"].required = transition.opinion_required
        if transition.opinion_required:
            self.fields["opinion"].error_messages["required"] = _("请填写%(what)s。") % {
                "what": transition.opinion_label
            }
        if transition.asks_deadline:
            self.fields["deadline"].required = True
            self.fields["deadline"].error_messages["required"] = _("请填写新的时限。")
        else:
            del self.fields["deadline"]
        if not transition.takes_evidence:
            del self.fields["evidence"], self.fields["evidence_kind"]
        # The item's own fields for this step (an enterprise problem's outcome, a rectification's result).
        self.item_fields = item.step_fields.get(transition.step, ())
        for name in self.item_fields:
            model_field = type(item)._meta.get_field(name)
            self.fields[name] = model_field.formfield()
            self.fields[name].initial = getattr(item, name)
            if isinstance(self.fields[name], forms.TypedChoiceField):
                self.fields[name].choices = [("", _("请选择")), *model_field.choices]
            if isinstance(self.fields[name].widget, forms.Textarea):
                self.fields[name].widget.attrs["rows"] = 3
        # The form's own fields first, what the item asks for next.
        order = [*self.item_fields, "opinion", "deadline", "evidence", "evidence_kind"]
        self.order_fields([name for name in order if name in self.fields])

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence") or []
        if evidence:
            check_record_quota(self.item, evidence)
            today = timezone.localdate()
            if is_locked(self.item.bureau_id, today):
                raise ValidationError(locked_message(today))
        return evidence

    @property
    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.item_fields}


def _refused(request, record_type, item, status, message):
    return render(
        request,
        "ledger/step_refused.html",
        {"record_type": record_type, "record": item, "message": message},
        status=status,
    )


@login_required
def take_step_view(request, record_type, pk, step):
    """GET: the step's form; POST: the step taken, or the form again with what is missing (400). A step the
    user's role may not take is 403 with the reason; one that no longer applies (the item moved on) is 409."""
    if step not in PAGE_STEPS:
        raise Http404(_("没有这个办理环节。"))
    item = get_record_for_user(record_type.model.objects, request.user, pk)
    transition = TRANSITIONS[step]
    if not item.may_take(request.user, step):
        raise PermissionDenied(refusal(item, step, request.user))
    reason = item.step_refusal(step)
    if reason:
        return _refused(request, record_type, item, 409, reason)
    # A POST binds the form even when it carries nothing (签收 without an opinion, the token in a header).
    posted = request.method == "POST"
    form = StepForm(
        request.POST if posted else None, request.FILES if posted else None, item=item, transition=transition
    )
    context = {"record_type": record_type, "record": item, "transition": transition, "form": form}
    if not posted:
        return render(request, "ledger/step.html", context)
    if not form.is_valid():
        return render(request, "ledger/step.html", context, status=400)
    try:
        item, _event = take_step(
            item,
            step,
            request.user,
            opinion=form.cleaned_data["opinion"],
            deadline=form.cleaned_data.get("deadline"),
            values=form.values,
            evidence=form.cleaned_data.get("evidence") or (),
            evidence_kind=form.cleaned_data.get("evidence_kind") or AttachmentKind.PHOTO,
        )
    except Refused as error:
        return _refused(request, record_type, item, 409, str(error))
    except ValidationError as error:
        for name, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
        return render(request, "ledger/step.html", context, status=400)
    messages.success(request, _("“%(step)s”已办理：%(item)s") % {"step": transition.label, "item": item})
    return redirect(item.get_absolute_url())
