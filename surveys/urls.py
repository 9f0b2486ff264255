from django.urls import path

from bureau.record_views import RecordListView

from . import views
from .record_types import QUESTIONNAIRES, RESEARCH_REPORTS, RESEARCH_TOPICS, RESEARCH_VISITS, SUGGESTIONS

app_name = "surveys"


def _replacing(patterns, **views_by_name):
    """The record type's generic URLs, with some pages replaced by this app's own views (same name, same path)."""
    return [
        path(str(pattern.pattern), views_by_name[pattern.name], name=pattern.name)
        if pattern.name in views_by_name
        else pattern
        for pattern in patterns
    ]


urlpatterns = [
    *RESEARCH_TOPICS.urls(),
    *_replacing(
        RESEARCH_VISITS.urls(),
        **{
            "researchvisit-list": RecordListView.as_view(
                record_type=RESEARCH_VISITS, template_name="surveys/researchvisit_list.html"
            )
        },
    ),
    *QUESTIONNAIRES.urls(),
    *_replacing(
        SUGGESTIONS.urls(), **{"suggestion-create": views.SuggestionCreateView.as_view(record_type=SUGGESTIONS)}
    ),
    *RESEARCH_REPORTS.urls(),
    # The public pages respondents open from a QR code: no account, an unguessable token.
    path("q/<str:token>/", views.answer, name="answer"),
    path("q/<str:token>/thanks/", views.answer_thanks, name="answer-thanks"),
]
