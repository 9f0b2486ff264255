"""The demo reproduces the research figures the bureau reported (DESIGN §1), and loads only once."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from campaigns.models import Campaign
from surveys.models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireLink,
    ResearchReport,
    ResearchSubject,
    ResearchTopic,
    ResearchVisit,
    Response,
    Suggestion,
)
from tests.helpers import figures, research_figures

MODELS = (
    ResearchTopic,
    ResearchSubject,
    ResearchVisit,
    Questionnaire,
    Question,
    QuestionnaireLink,
    Response,
    Answer,
    Suggestion,
    ResearchReport,
)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    return Campaign.objects.get(name="“不忘初心、牢记使命”主题教育", bureau__name="青田县科学技术局")


def test_demo_reproduces_the_research_figures(demo):
    assert research_figures(demo) == {"departments": 5, "intermediaries": 2, "people_visited": 106}
    assert Suggestion.objects.filter(campaign=demo).count() == 38
    assert ResearchReport.objects.filter(campaign=demo).count() == 4
    assert ResearchReport.objects.filter(campaign=demo).finished().count() == 4


def test_demo_questionnaire_was_handed_out_at_the_service_event_with_two_links(demo):
    questionnaire = Questionnaire.objects.get(campaign=demo)
    assert "科技助农增收送服务活动" in questionnaire.intro
    per_link = dict(questionnaire.responses.values_list("link__label").annotate(n=Count("pk")))
    assert per_link == {"乡镇干部": 16, "种植大户": 20}
    assert Response.objects.filter(questionnaire__campaign=demo).count() == 36
    assert set(questionnaire.questions.values_list("kind", flat=True)) == {
        "single",
        "multiple",
        "rating",
        "short_text",
        "long_text",
    }
    assert questionnaire.suggestions.count() == 12
    assert questionnaire.suggestions.filter(rectification__isnull=False).count() == 1


def test_everything_is_dated_inside_the_campaign(demo):
    for model in (ResearchTopic, ResearchVisit, Suggestion, ResearchReport, Questionnaire):
        for record in model.objects.filter(campaign=demo):
            assert demo.contains(record.record_date), record
    assert figures(demo)["research.questionnaires"] == 36


def test_demo_records_pass_their_own_validation(demo):
    for model in (ResearchTopic, ResearchVisit, Suggestion, ResearchReport, Questionnaire):
        for record in model.objects.all():
            record.full_clean()


def test_loading_twice_changes_nothing(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}
    call_command("load_demo", stdout=io.StringIO())
    after = {model.__name__: model.objects.count() for model in MODELS}
    assert before == after
