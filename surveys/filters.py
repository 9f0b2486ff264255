import django_filters
from django.utils.translation import gettext_lazy as _

from bureau.ledger.filters import RecordFilterSet

from .choices import SubjectType
from .models import Questionnaire, ResearchReport, ResearchTopic, ResearchVisit, Suggestion


class ResearchTopicFilter(RecordFilterSet):
    search_fields = ("title", "description")

    class Meta:
        model = ResearchTopic
        fields: list[str] = []


class ResearchVisitFilter(RecordFilterSet):
    search_fields = ("subject__name", "place", "findings")

    subject_type = django_filters.ChoiceFilter(
        label=_("对象类型"), field_name="subject__subject_type", choices=SubjectType.choices
    )
    topic = django_filters.ModelChoiceFilter(label=_("调研专题"), queryset=ResearchTopic.objects.none())

    class Meta:
        model = ResearchVisit
        fields = ["subject_type", "method", "topic"]


class QuestionnaireFilter(RecordFilterSet):
    search_fields = ("title", "intro")

    class Meta:
        model = Questionnaire
        fields = ["accepting"]


class SuggestionFilter(RecordFilterSet):
    search_fields = ("content", "raised_by", "reply")

    class Meta:
        model = Suggestion
        fields = ["source", "category", "status"]


class ResearchReportFilter(RecordFilterSet):
    search_fields = ("title", "authors", "summary")

    topic = django_filters.ModelChoiceFilter(label=_("调研专题"), queryset=ResearchTopic.objects.none())

    class Meta:
        model = ResearchReport
        fields = ["status", "topic"]
