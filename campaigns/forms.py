from django import forms

from bureau.ledger.forms import RecordForm, WorkItemForm

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


class RectificationForm(WorkItemForm):
    class Meta:
        model = Rectification
        fields = [
            "campaign",
            "source",
            "date",
            "problem",
            "measure",
            "owner",
            "supervisor",
            "deadline",
            "immediate",
            "department",
            "notes",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "measure": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class PlanTaskForm(WorkItemForm):
    class Meta:
        model = PlanTask
        fields = ["campaign", "title", "content", "date", "deadline", "owner", "supervisor", "measure", "department"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "measure": forms.Textarea(attrs={"rows": 2})}
