"""Counting rules and business rules of the research strand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.choices import SERVICE_RECIPIENT_TYPES, SubjectType
from surveys.models import ResearchReport, ResearchVisit, Response, subject_key
from tests.helpers import figures, research_figures
from tests.world import (
    QuestionnaireFactory,
    ResearchReportFactory,
    ResearchSubjectFactory,
    ResearchTopicFactory,
    ResearchVisitFactory,
    ResponseFactory,
    SuggestionFactory,
)

D = datetime.date


@pytest.fixture
def visit(staff, campaign):
    def make(subject_type, name, people=1, day=None):
        subject = ResearchSubjectFactory(bureau=staff.bureau, subject_type=subject_type, name=name)
        return ResearchVisitFactory(
            recorded_by=staff, campaign=campaign, subject=subject, people_met=people, date=day or D(2019, 10, 15)
        )

    return make


def test_service_recipients_are_commissioners_science_workers_farmers_and_township_cadres():
    assert set(SERVICE_RECIPIENT_TYPES) == {"commissioner", "science_worker", "farmer", "township_cadre"}


def test_subject_names_that_differ_only_in_spacing_or_width_are_one_subject():
    assert subject_key("县农业农村局 ") == subject_key("县 农业农村局")
    assert subject_key("ＡＢＣ科技中介（青田）") == subject_key("abc科技中介(青田)")
    assert subject_key("县财政局") != subject_key("县税务局")


def test_departments_and_intermediaries_count_distinct_subjects(visit, staff):
    finance = visit("department", "县财政局")
    ResearchVisitFactory(recorded_by=staff, campaign=finance.campaign, subject=finance.subject, date=D(2019, 11, 2))
    visit("department", "县农业农村局")
    visit("intermediary", "县生产力促进中心")
    visit("farmer", "种植大户", people=30)
    assert ResearchVisit.objects.count() == 5
    assert research_figures(finance.campaign) == {"departments": 2, "intermediaries": 1, "people_visited": 30}


def test_person_times_sum_people_met_over_service_recipient_visits_only(visit, campaign):
    visit("commissioner", "科技特派员", people=12)
    visit("science_worker", "科技人员", people=15)
    visit("farmer", "杨梅种植户", people=9)
    visit("township_cadre", "乡镇干部", people=16)
    visit("department", "县财政局", people=40)
    visit("other", "县侨联", people=5)
    assert research_figures(campaign)["people_visited"] == 52


def test_figures_count_by_visit_date_and_ignore_deleted_visits(visit, staff, campaign):
    visit("department", "县财政局", day=D(2019, 10, 1))
    later = visit("department", "县农业农村局", day=D(2019, 12, 1))
    visit("farmer", "种植户", people=7, day=D(2019, 12, 2))
    october = research_figures(campaign, D(2019, 10, 1), D(2019, 10, 31))
    assert (october["departments"], october["people_visited"]) == (1, 0)
    assert research_figures(campaign, start=D(2019, 11, 1)) == {
        "departments": 1,
        "intermediaries": 0,
        "people_visited": 7,
    }
    later.soft_delete(staff)
    assert research_figures(campaign)["departments"] == 1


def test_empty_figures_are_zero_not_none(campaign):
    assert research_figures(campaign) == {"departments": 0, "intermediaries": 0, "people_visited": 0}


def test_visit_topic_must_belong_to_the_same_campaign(staff, campaign):
    from tests.world import CampaignFactory

    other = CampaignFactory(bureau=staff.bureau, name="另一次主题教育")
    topic = ResearchTopicFactory(recorded_by=staff, campaign=other)
    visit = ResearchVisitFactory.build(recorded_by=staff, campaign=campaign, bureau=staff.bureau, topic=topic)
    with pytest.raises(ValidationError) as error:
        visit.clean()
    assert "所选调研专题不属于这次主题教育" in str(error.value)


def test_suggestions_reports_and_responses_count_by_their_own_dates(staff, campaign):
    SuggestionFactory(recorded_by=staff, campaign=campaign, date=D(2019, 10, 30))
    SuggestionFactory(recorded_by=staff, campaign=campaign, date=D(2019, 11, 1))
    ResearchReportFactory(recorded_by=staff, campaign=campaign, date=D(2019, 11, 30), status="finished")
    ResearchReportFactory(recorded_by=staff, campaign=campaign, date=D(2019, 12, 1), status="drafting")
    questionnaire = QuestionnaireFactory(recorded_by=staff, campaign=campaign)
    at = timezone.make_aware(datetime.datetime(2019, 11, 30, 23, 30))  # local time: still November
    ResponseFactory(questionnaire=questionnaire, submitted_at=at)
    ResponseFactory(questionnaire=questionnaire, submitted_at=at + datetime.timedelta(hours=1))
    november = figures(campaign, D(2019, 11, 1), D(2019, 11, 30))
    assert november["research.suggestions"] == 1
    assert november["research.reports"] == 1
    assert ResearchReport.objects.finished().count() == 1
    assert november["research.questionnaires"] == 1
    assert figures(campaign)["research.questionnaires"] == 2
    assert Response.objects.first().campaign == campaign


def test_responses_of_deleted_questionnaires_do_not_count(staff, campaign):
    questionnaire = QuestionnaireFactory(recorded_by=staff, campaign=campaign)
    ResponseFactory(questionnaire=questionnaire)
    questionnaire.soft_delete(staff)
    assert Response.objects.live().count() == 0


def test_responses_are_scoped_to_the_users_bureaus(staff, outsider, campaign):
    ResponseFactory(questionnaire=QuestionnaireFactory(recorded_by=staff, campaign=campaign))
    assert Response.objects.restrict(staff).count() == 1
    assert Response.objects.restrict(outsider).count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"source": "questionnaire"}, "questionnaire", "请选择来源问卷"),
        ({"source": "visit"}, "visit", "请选择来源调研活动"),
        ({"status": "not_adopted"}, "not_adopted_reason", "请说明未采纳理由"),
        ({"status": "answered"}, "reply", "请填写答复内容"),
        ({"status": "adopted", "reply": " "}, "reply", "请填写答复内容"),
        ({"replied_on": D(2019, 11, 1)}, "replied_on", "答复日期不能早于收集日期"),
    ],
)
def test_suggestion_rules(staff, campaign, fields, field, message):
    suggestion = SuggestionFactory.build(recorded_by=staff, campaign=campaign, bureau=staff.bureau, **fields)
    with pytest.raises(ValidationError) as error:
        suggestion.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_not_adopted_suggestion_with_its_reason_is_valid(staff, campaign):
    suggestion = SuggestionFactory.build(
        recorded_by=staff,
        campaign=campaign,
        bureau=staff.bureau,
        status="not_adopted",
        not_adopted_reason="超出本局职权范围。",
    )
    suggestion.full_clean()


def test_questionnaire_state_follows_dates_and_the_switch(staff, campaign):
    questionnaire = QuestionnaireFactory.build(opens_on=D(2019, 11, 6), closes_on=D(2019, 11, 20))
    assert questionnaire.state(D(2019, 11, 5)) == "not_started"
    assert questionnaire.state(D(2019, 11, 6)) == "open"
    assert questionnaire.state(D(2019, 11, 20)) == "open"
    assert questionnaire.state(D(2019, 11, 21)) == "closed"
    questionnaire.accepting = False
    assert questionnaire.state(D(2019, 11, 10)) == "closed"


def test_questionnaire_cannot_close_before_it_opens(staff, campaign):
    questionnaire = QuestionnaireFactory.build(
        recorded_by=staff, campaign=campaign, bureau=staff.bureau, opens_on=D(2019, 11, 6), closes_on=D(2019, 11, 1)
    )
    with pytest.raises(ValidationError) as error:
        questionnaire.full_clean()
    assert "截止日期不能早于开始日期" in str(error.value)


def test_links_have_unguessable_distinct_tokens(staff, campaign):
    from tests.world import LinkFactory

    questionnaire = QuestionnaireFactory(recorded_by=staff, campaign=campaign)
    tokens = {LinkFactory(questionnaire=questionnaire).token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 22 for token in tokens)
    assert all(str(questionnaire.pk) != token for token in tokens)


def test_subject_types_match_the_vocabulary():
    assert [label for _, label in SubjectType.choices] == [
        "有关部门",
        "科技中介",
        "科技特派员",
        "科技工作者",
        "农户/种植大户",
        "乡镇干部",
        "其他",
    ]
