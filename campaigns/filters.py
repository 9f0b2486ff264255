from bureau.ledger.filters import RecordFilterSet, WorkItemFilterSet

from .models import PlanTask, Rectification, StudySession


class StudySessionFilter(RecordFilterSet):
    search_fields = ("topic", "reading_material", "place", "host", "minutes")

    class Meta:
        model = StudySession
        fields = ["kind"]


class RectificationFilter(WorkItemFilterSet):
    search_fields = ("problem", "measure", "result")

    class Meta:
        model = Rectification
        fields = ["source", "status", "immediate"]


class PlanTaskFilter(WorkItemFilterSet):
    search_fields = ("title", "content")

    class Meta:
        model = PlanTask
        fields = ["status"]
