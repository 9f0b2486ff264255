import datetime

from django import forms
from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bureau.ledger.access import Action
from bureau.ledger.month import Month
from bureau.models import Department
from campaigns.models import Campaign

from .indicators import CATALOGUE, STRANDS
from .models import Target
from .selectors import Scope


def _is_id(text) -> bool:
    """Plain ASCII digits: "²" passes str.isdigit(), but int() and the database refuse it."""
    return text.isascii() and text.isdigit()


class MonthField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Month.parse(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ReportQuery(forms.Form):
    """What a report page is asked for (?campaign=&month=&department=&figures=), read for one user.

    A malformed value answers 400 with its message; a campaign the user may not read answers 404. Without a
    campaign, the user's bureau's active one.
    """

    campaign = forms.CharField(required=False)
    month = MonthField(required=False)
    department = forms.CharField(required=False)
    # Which figures the roll-up's per-bureau table shows: counted now, or as each bureau below reported them.
    figures = forms.ChoiceField(
        required=False,
        choices=[("live", _("实时数据")), ("submitted", _("报送时数据"))],
        error_messages={"invalid_choice": _("figures 只能是 live 或 submitted。")},
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user

    def clean_campaign(self):
        value = self.cleaned_data["campaign"]
        if value and not _is_id(value):
            raise forms.ValidationError(_("主题教育编号无效。"))
        return int(value) if value else None

    def clean_department(self):
        value = self.cleaned_data["department"]
        if not value:
            return None
        if not _is_id(value) or not Department.objects.restrict(self.user, Action.VIEW).filter(pk=value).exists():
            raise forms.ValidationError(_("科室无效。"))
        return int(value)

    def _valid(self):
        if not self.is_valid():
            raise BadRequest(next(iter(self.errors.values()))[0])
        return self.cleaned_data

    def read_campaign(self) -> Campaign:
        campaign_id = self._valid()["campaign"]
        campaigns = Campaign.objects.restrict(self.user, Action.VIEW).select_related("bureau")
        if campaign_id:
            campaign = campaigns.filter(pk=campaign_id).first()
            if campaign is None:
                raise Http404(gettext("没有这个主题教育。"))
            return campaign
        campaign = campaigns.filter(bureau_id=self.user.bureau_id, is_active=True).order_by("-start", "-pk").first()
        if campaign is None:
            raise Http404(gettext("本单位目前没有进行中的主题教育。"))
        return campaign

    def read_scope(self) -> Scope:
        return Scope.for_user(self.user, self.read_campaign(), self._valid()["department"])

    def read_month(self) -> Month | None:
        return self._valid()["month"]

    def read_figures(self) -> str:
        return self._valid()["figures"] or "live"


def default_month(campaign, today: datetime.date | None = None) -> Month:
    """This month while the campaign runs; its last month once it is over; its first before it starts."""
    today = today or timezone.localdate()
    return Month.of(min(max(today, campaign.start), campaign.end))


class ReopenForm(forms.Form):
    """Why a month opens again: re-opened by its own bureau, or returned by the bureau above."""

    reason = forms.CharField(
        label=_("重新打开原因"),
        min_length=4,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：发现 10 月有 2 条走访记录漏录，需补录后重新报送。"),
    )


class ReturnForm(ReopenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("退回原因")
        self.fields["reason"].help_text = _("例如：10 月调研企业数与走访记录不符，请核对后重新报送。")


def targetable():
    """Indicators a target can be set for: amounts and the on-time rate; an average number of days is not aimed at."""
    return [indicator for indicator in CATALOGUE if indicator.measure != "average_days"]


class TargetsForm(forms.Form):
    """One number per indicator; an empty box means no target."""

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        current = dict(Target.objects.filter(campaign=campaign).values_list("indicator", "value"))
        for indicator in targetable():
            self.fields[indicator.key] = forms.IntegerField(
                label=f"{indicator.label}（{indicator.unit}）",
                required=False,
                min_value=0,
                max_value=1_000_000,
                initial=current.get(indicator.key),
            )

    def grouped(self):
        return [(label, [self[i.key] for i in targetable() if i.strand == key]) for key, label in STRANDS.items()]

    def save(self):
        with transaction.atomic():  # all targets of the campaign change together
            for indicator in targetable():
                value = self.cleaned_data.get(indicator.key)
                if value is None:
                    Target.objects.filter(campaign=self.campaign, indicator=indicator.key).delete()
                else:
                    Target.objects.update_or_create(
                        campaign=self.campaign, indicator=indicator.key, defaults={"value": value}
                    )
