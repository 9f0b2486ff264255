from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .indicators import CATALOGUE, STRANDS
from .models import Target


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("重新打开原因"),
        min_length=4,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：发现 10 月有 2 条走访记录漏录，需补录后重新报送。"),
    )


class TargetsForm(forms.Form):
    """One number per indicator; an empty box means no target."""

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        current = dict(Target.objects.filter(campaign=campaign).values_list("indicator", "value"))
        for indicator in CATALOGUE:
            self.fields[indicator.key] = forms.IntegerField(
                label=f"{indicator.label}（{indicator.unit}）",
                required=False,
                min_value=0,
                max_value=1_000_000,
                initial=current.get(indicator.key),
            )

    def grouped(self):
        return [(label, [self[i.key] for i in CATALOGUE if i.strand == key]) for key, label in STRANDS.items()]

    def save(self):
        with transaction.atomic():  # all targets of the campaign change together
            for indicator in CATALOGUE:
                value = self.cleaned_data.get(indicator.key)
                if value is None:
                    Target.objects.filter(campaign=self.campaign, indicator=indicator.key).delete()
                else:
                    Target.objects.update_or_create(
                        campaign=self.campaign, indicator=indicator.key, defaults={"value": value}
                    )
