from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from bureau.ledger.forms import DateInput, RecordForm, WorkItemForm

from .models import (
    Application,
    CooperationAgreement,
    Enterprise,
    EnterpriseIssue,
    EnterpriseVisit,
    Institution,
    Qualification,
)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several ids to choose; one too large for any row's id is an invalid choice.

    SQLite cannot compare an id beyond 64 bits: Django's `id__in` lookup then fails with an OverflowError
    instead of finding nothing, so a forged POST would be a 500.
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                too_large = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # not a number: the parent reports it
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class EnterpriseForm(RecordForm):
    # Room for the spaces and hyphens people copy with the code; it is stored compact, 18 characters.
    credit_code = forms.CharField(
        label=Enterprise._meta.get_field("credit_code").verbose_name,
        max_length=30,
        help_text=Enterprise._meta.get_field("credit_code").help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "town",
            "industry",
            "in_high_tech_codes",
            "exports",
            "export_markets",
            "contact_person",
            "contact_phone",
            "department",
            "notes",
        ]
        widgets = {
            "town": forms.TextInput(attrs={"placeholder": _("如：温溪镇、鹤城街道")}),
            "industry": forms.TextInput(attrs={"placeholder": _("如：通用设备制造业")}),
            "export_markets": forms.TextInput(attrs={"placeholder": _("如：美国、欧盟")}),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_credit_code(self):
        # People copy codes with spaces or lower-case letters; store the one official spelling.
        return uscc.compact(self.cleaned_data["credit_code"])


class EnterpriseVisitForm(RecordForm):
    class Meta:
        model = EnterpriseVisit
        fields = [
            "campaign",
            "enterprise",
            "date",
            "purpose",
            "visitors",
            "policies",
            "summary",
            "department",
            "notes",
        ]
        widgets = {
            "visitors": forms.CheckboxSelectMultiple,
            "policies": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"visitors": IdsChoiceField, "policies": IdsChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["visitors"].initial = [self.user.pk]
        self.fields["visitors"].queryset = self.fields["visitors"].queryset.order_by("last_name", "first_name")
        self.fields["visitors"].help_text = _("本局参加走访的人员，可多选。")


class EnterpriseIssueForm(WorkItemForm):
    class Meta:
        model = EnterpriseIssue
        fields = [
            "campaign",
            "enterprise",
            "visit",
            "date",
            "category",
            "description",
            "owner",
            "supervisor",
            "deadline",
            "measure",
            "department",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "measure": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ApplicationForm(RecordForm):
    class Meta:
        model = Application
        fields = [
            "campaign",
            "enterprise",
            "kind",
            "year",
            "status",
            "filed_on",
            "decided_on",
            "certificate_no",
            "helped_by",
            "department",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["helped_by"].initial = self.user.pk


class InstitutionForm(RecordForm):
    class Meta:
        model = Institution
        fields = ["name", "kind", "region", "contact_person", "contact_phone", "department", "notes"]
        widgets = {"contact_phone": forms.TextInput(attrs={"type": "tel"}), "notes": forms.Textarea(attrs={"rows": 2})}


class CooperationAgreementForm(RecordForm):
    class Meta:
        model = CooperationAgreement
        fields = [
            "campaign",
            "kind",
            "title",
            "institution",
            "enterprise",
            "signed_on",
            "platform_name",
            "summary",
            "department",
            "notes",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The signed agreement itself is the usual attachment.
        self.fields["attachment_kind"].initial = "document"
        self.fields["enterprise"].empty_label = _("无（本局与院所签订）")


class QualificationForm(forms.ModelForm):
    """A qualification the enterprise already held, recorded on its page."""

    class Meta:
        model = Qualification
        fields = ["kind", "awarded_on", "valid_until", "certificate_no"]
        widgets = {"awarded_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("请选择")), *self.fields["kind"].choices[1:]]
