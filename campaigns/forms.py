from django import forms
from django.utils.translation import gettext_lazy as _

from bureau.ledger.forms import RecordForm

from .choices import RectificationStatus
from .models import PlanTask, Rectification, StudySession


class StudySessionForm(RecordForm):
    class Meta:
        model = StudySession
        fields = [
            "campaign",
            "kind",
            "date",
            "topic",
            "reading_material",
            "place",
            "host",
            "attendance",
            "department",
            "minutes",
            "notes",
        ]
        widgets = {
            "reading_material": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class RectificationForm(RecordForm):
    class Meta:
        model = Rectification
        fields = [
            "campaign",
            "source",
            "date",
            "problem",
            "measure",
            "owner",
            "deadline",
            "immediate",
            "status",
            "rectified_on",
            "result",
            "department",
            "notes",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "measure": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 已验收 is set only by a leader's verification, never typed into the form.
        if self.instance.status != RectificationStatus.VERIFIED:
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] != RectificationStatus.VERIFIED
            ]
        else:
            self.fields["status"].disabled = True
            self.fields["status"].help_text = _("已验收的事项状态不可更改。")


class PlanTaskForm(RecordForm):
    class Meta:
        model = PlanTask
        fields = ["campaign", "title", "content", "date", "deadline", "owner", "status", "completed_on", "department"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}
