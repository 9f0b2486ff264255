"""What the research pages do for whom (DESIGN §3). Which role gets which status on every page (the public
answer pages included) is in tests/test_access_matrix.py; here what a permitted request changes."""

import pytest
from django.urls import reverse

from surveys.models import Question
from tests.world import (
    QuestionnaireFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResearchVisitFactory,
    ResponseFactory,
    SuggestionFactory,
)

FACTORIES = {
    "researchtopic": ResearchTopicFactory,
    "researchvisit": ResearchVisitFactory,
    "questionnaire": QuestionnaireFactory,
    "suggestion": SuggestionFactory,
    "researchreport": ResearchReportFactory,
}


def _make(kind, owner):
    return FACTORIES[kind](recorded_by=owner, campaign=owner.bureau.campaigns.get())


@pytest.fixture
def answered(questionnaire):
    """The questionnaire fixture (owned by `staff`) with one response."""
    ResponseFactory(questionnaire=questionnaire)
    return questionnaire


def _move_and_switch_off(client, questionnaire):
    """Move the first question down and switch the link off; the two statuses."""
    question, link = questionnaire.questions.first(), questionnaire.links.first()
    move = client.post(reverse("surveys:question-move", args=[questionnaire.pk, question.pk]), {"direction": "down"})
    toggle = client.post(reverse("surveys:link-toggle", args=[questionnaire.pk, link.pk]))
    question.refresh_from_db()
    link.refresh_from_db()
    return move.status_code, toggle.status_code, question.position, link.is_active


def test_the_owner_moves_a_question_and_switches_a_link_off(client, staff, answered):
    client.force_login(staff)
    move, toggle, position, active = _move_and_switch_off(client, answered)
    assert (move, toggle) == (302, 302)
    assert position != 0 and not active


def test_the_admin_moves_a_question_and_switches_a_link_off(client, admin_user, answered):
    client.force_login(admin_user)
    move, toggle, position, active = _move_and_switch_off(client, answered)
    assert (move, toggle) == (302, 302)
    assert position != 0 and not active


def test_a_colleague_can_neither_move_a_question_nor_switch_a_link_off(client, colleague, answered):
    client.force_login(colleague)
    move, toggle, position, active = _move_and_switch_off(client, answered)
    assert (move, toggle) == (403, 403)
    assert position == 0 and active


def _delete_question(client, questionnaire, question):
    return client.post(reverse("surveys:question-delete", args=[questionnaire.pk, question.pk]))


def test_the_owner_deletes_a_question_nobody_has_answered(client, staff, questionnaire):
    question = questionnaire.questions.first()
    client.force_login(staff)
    assert _delete_question(client, questionnaire, question).status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_the_admin_deletes_a_question_nobody_has_answered(client, admin_user, questionnaire):
    question = questionnaire.questions.first()
    client.force_login(admin_user)
    assert _delete_question(client, questionnaire, question).status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_colleague_cannot_delete_a_question(client, colleague, questionnaire):
    question = questionnaire.questions.first()
    client.force_login(colleague)
    assert _delete_question(client, questionnaire, question).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def _rectify(client, suggestion):
    return client.post(reverse("surveys:suggestion-rectify", args=[suggestion.pk]))


def test_the_owner_turns_a_suggestion_into_a_rectification(client, staff):
    from campaigns.models import Rectification

    suggestion = _make("suggestion", staff)
    client.force_login(staff)
    assert _rectify(client, suggestion).status_code == 302
    assert Rectification.objects.exists()


def test_the_admin_turns_a_suggestion_into_a_rectification(client, staff, admin_user):
    from campaigns.models import Rectification

    suggestion = _make("suggestion", staff)
    client.force_login(admin_user)
    assert _rectify(client, suggestion).status_code == 302
    assert Rectification.objects.exists()


def test_a_colleague_cannot_turn_a_suggestion_into_a_rectification(client, staff, colleague):
    from campaigns.models import Rectification

    suggestion = _make("suggestion", staff)
    client.force_login(colleague)
    assert _rectify(client, suggestion).status_code == 403
    assert not Rectification.objects.exists()


@pytest.mark.parametrize(
    "name", ["questionnaire-results", "questionnaire-export", "response-create", "link-create", "question-create"]
)
def test_anonymous_is_sent_to_login_with_next(client, questionnaire, name):
    url = reverse(f"surveys:{name}", args=[questionnaire.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_parent_bureau_leader_reads_children_but_changes_nothing(client, staff, questionnaire, city_leader):
    visit = ResearchVisitFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    client.force_login(city_leader)
    assert client.get(reverse("surveys:researchvisit-detail", args=[visit.pk])).status_code == 200
    assert client.get(reverse("surveys:researchvisit-edit", args=[visit.pk])).status_code == 403
    assert client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk])).status_code == 200
    assert client.get(reverse("surveys:response-create", args=[questionnaire.pk])).status_code == 403
    assert client.get(reverse("surveys:link-create", args=[questionnaire.pk])).status_code == 403


def test_outsider_lists_show_nothing_of_this_bureau(client, people, questionnaire):
    ResearchVisitFactory(recorded_by=people["staff"], campaign=questionnaire.campaign)
    client.force_login(people["outsider"])
    for kind in FACTORIES:
        response = client.get(reverse(f"surveys:{kind}-list"))
        assert list(response.context["records"]) == []
