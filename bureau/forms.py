"""The audit trail's filter; the user's own settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau.ledger.forms import DateInput
from bureau.models import User


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), required=False)
    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        from bureau.models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部")), *AuditAction.choices]

    def filter(self, events):
        """The events matching what was asked; all of them when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["username"].strip():
            events = events.filter(username__icontains=data["username"].strip())
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        return events


class ProfileForm(forms.ModelForm):
    """What a signed-in user sets for themselves (个人设置)."""

    class Meta:
        model = User
        fields = ["email_reminders"]
