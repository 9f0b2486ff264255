"""The research strand's record types: what their pages list, filter and show."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from bureau.ledger.registry import RecordType, register

from . import views
from .filters import (
    QuestionnaireFilter,
    ResearchReportFilter,
    ResearchTopicFilter,
    ResearchVisitFilter,
    SuggestionFilter,
)
from .forms import QuestionnaireForm, ResearchReportForm, ResearchTopicForm, ResearchVisitForm, SuggestionForm
from .models import Questionnaire, ResearchReport, ResearchTopic, ResearchVisit, Suggestion

# The generic detail page adds 录入人 and the time stamps itself.
DETAIL_TAIL = ("department", "notes")

RESEARCH_TOPICS = register(
    RecordType(
        model=ResearchTopic,
        form_class=ResearchTopicForm,
        filterset_class=ResearchTopicFilter,
        slug="research-topics",
        list_columns=("title", "date", "lead", "department", "recorded_by"),
        identity=("title",),
        list_select_related=("lead",),
    )
)

RESEARCH_VISITS = register(
    RecordType(
        model=ResearchVisit,
        form_class=ResearchVisitForm,
        filterset_class=ResearchVisitFilter,
        slug="research-visits",
        nav=("research", _("调研走访")),
        list_template="surveys/researchvisit_list.html",
        list_columns=("date", "subject", "method", "topic", "people_met", "place", "recorded_by"),
        identity=("date", "subject"),
        list_select_related=("subject", "topic"),
        detail_fields=(
            "campaign",
            "subject",
            "date",
            "method",
            "place",
            "topic",
            "people_met",
            "findings",
            *DETAIL_TAIL,
        ),
        detail_template="surveys/researchvisit_detail.html",
    )
)

QUESTIONNAIRES = register(
    RecordType(
        model=Questionnaire,
        form_class=QuestionnaireForm,
        filterset_class=QuestionnaireFilter,
        slug="questionnaires",
        nav=("research", _("调查问卷")),
        list_columns=("title", "opens_on", "closes_on", "accepting", "department", "recorded_by"),
        identity=("title", "opens_on"),
        detail_fields=("campaign", "title", "opens_on", "closes_on", "accepting", "intro", "thank_you", *DETAIL_TAIL),
        detail_template="surveys/questionnaire_detail.html",
        extra_urls=(
            path("questionnaires/<int:pk>/questions/new/", views.question_create, name="question-create"),
            path(
                "questionnaires/<int:pk>/questions/<int:question_pk>/edit/", views.question_edit, name="question-edit"
            ),
            path(
                "questionnaires/<int:pk>/questions/<int:question_pk>/delete/",
                views.question_delete,
                name="question-delete",
            ),
            path(
                "questionnaires/<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question-move"
            ),
            path("questionnaires/<int:pk>/links/new/", views.link_create, name="link-create"),
            path("questionnaires/<int:pk>/links/<int:link_pk>/toggle/", views.link_toggle, name="link-toggle"),
            path("questionnaires/<int:pk>/links/<int:link_pk>/qr.svg", views.link_qr, name="link-qr"),
            path("questionnaires/<int:pk>/links/<int:link_pk>/poster/", views.link_poster, name="link-poster"),
            path("questionnaires/<int:pk>/links/<int:link_pk>/codes/", views.link_codes, name="link-codes"),
            path(
                "questionnaires/<int:pk>/links/<int:link_pk>/codes/print/",
                views.link_codes_print,
                name="link-codes-print",
            ),
            path(
                "questionnaires/<int:pk>/responses/<int:response_pk>/discard/",
                views.response_discard,
                name="response-discard",
            ),
            path(
                "questionnaires/<int:pk>/responses/<int:response_pk>/restore/",
                views.response_restore,
                name="response-restore",
            ),
            path(
                "questionnaires/<int:pk>/responses/discard-bursts/",
                views.responses_discard_bursts,
                name="responses-discard-bursts",
            ),
            path("questionnaires/<int:pk>/results/", views.questionnaire_results, name="questionnaire-results"),
            path("questionnaires/<int:pk>/export.xlsx", views.questionnaire_export, name="questionnaire-export"),
            path("questionnaires/<int:pk>/responses/new/", views.response_create, name="response-create"),
            path("questionnaires/<int:pk>/responses/<int:response_pk>/", views.response_detail, name="response-detail"),
        ),
    )
)

SUGGESTIONS = register(
    RecordType(
        model=Suggestion,
        form_class=SuggestionForm,
        filterset_class=SuggestionFilter,
        slug="suggestions",
        nav=("research", _("意见建议")),
        views={"create": views.SuggestionCreateView},
        list_columns=("date", "source", "category", "content", "raised_by", "status"),
        identity=("date", "content"),
        detail_fields=(
            "campaign",
            "date",
            "source",
            "questionnaire",
            "visit",
            "raised_by",
            "category",
            "content",
            "status",
            "replied_on",
            "reply",
            "not_adopted_reason",
            *DETAIL_TAIL,
        ),
        detail_template="surveys/suggestion_detail.html",
        extra_urls=(path("suggestions/<int:pk>/rectify/", views.suggestion_rectify, name="suggestion-rectify"),),
    )
)

RESEARCH_REPORTS = register(
    RecordType(
        model=ResearchReport,
        form_class=ResearchReportForm,
        filterset_class=ResearchReportFilter,
        slug="research-reports",
        nav=("research", _("调研报告")),
        list_columns=("date", "title", "topic", "authors", "status", "department"),
        identity=("title",),
        list_select_related=("topic",),
    )
)
