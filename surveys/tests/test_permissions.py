"""Every research page × every role (DESIGN §3): who may see, create, change; the public pages need no account."""

import pytest
from django.urls import reverse

from surveys.models import Question, QuestionnaireLink
from tests.world import (
    QuestionnaireFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResearchVisitFactory,
    ResponseFactory,
    SuggestionFactory,
)

ROLES = ["anonymous", "staff", "colleague", "leader", "admin", "outsider"]

# Expected status per role for a record recorded by `staff` (the owner).
READ = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 404}
LIST = {"anonymous": 302, "staff": 200, "colleague": 200, "leader": 200, "admin": 200, "outsider": 200}
CHANGE = {"anonymous": 302, "staff": 200, "colleague": 403, "leader": 403, "admin": 200, "outsider": 404}
CHANGE_POST = {**CHANGE, "staff": 302, "admin": 302}
CREATE = LIST
# Who actually changes the owner's record (anonymous also gets a 302, to the login page).
CHANGES = {role: role in ("staff", "admin") for role in ROLES}

FACTORIES = {
    "researchtopic": ResearchTopicFactory,
    "researchvisit": ResearchVisitFactory,
    "questionnaire": QuestionnaireFactory,
    "suggestion": SuggestionFactory,
    "researchreport": ResearchReportFactory,
}


def _client_for(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", FACTORIES)
def test_record_pages_by_role(client, people, role, kind):
    owner = people["staff"]
    record = FACTORIES[kind](recorded_by=owner, campaign=owner.bureau.campaigns.get())
    _client_for(client, people, role)

    def status(method, action, *args):
        return getattr(client, method)(reverse(f"surveys:{kind}-{action}", args=args)).status_code

    assert status("get", "list") == LIST[role]
    assert status("get", "create") == CREATE[role]
    assert status("get", "detail", record.pk) == READ[role]
    assert status("get", "history", record.pk) == READ[role]
    assert status("get", "edit", record.pk) == CHANGE[role]
    assert status("get", "delete", record.pk) == CHANGE[role]
    expected_attach = 400 if CHANGE[role] == 200 else CHANGE[role]
    assert status("post", "attach", record.pk) == expected_attach
    assert status("post", "revert", record.pk, record.history.earliest().history_id) == CHANGE_POST[role]
    assert status("post", "delete", record.pk) == CHANGE_POST[role]
    deleted = type(record).all_objects.get(pk=record.pk).deleted_at is not None
    assert deleted == CHANGES[role]


@pytest.fixture
def built(staff, questionnaire):
    """The questionnaire fixture (owned by `staff`) with one response."""
    return questionnaire, ResponseFactory(questionnaire=questionnaire)


@pytest.mark.parametrize("role", ROLES)
def test_questionnaire_pages_by_role(client, people, role, built):
    questionnaire, response = built
    question = questionnaire.questions.first()
    link = questionnaire.links.first()
    _client_for(client, people, role)

    def status(method, name, *args, data=None):
        return getattr(client, method)(reverse(f"surveys:{name}", args=[questionnaire.pk, *args]), data).status_code

    assert status("get", "questionnaire-results") == READ[role]
    assert status("get", "questionnaire-export") == READ[role]
    assert status("get", "response-create") == READ[role]
    assert status("get", "response-detail", response.pk) == READ[role]
    assert status("get", "link-qr", link.pk) == READ[role]
    assert status("get", "link-poster", link.pk) == READ[role]
    assert status("get", "link-create") == CHANGE[role]
    assert status("get", "question-edit", question.pk) == CHANGE[role]
    # Answers exist, so adding a question is refused (409) to whoever could otherwise add one.
    assert status("get", "question-create") == (409 if CHANGE[role] == 200 else CHANGE[role])
    assert status("post", "question-move", question.pk, data={"direction": "down"}) == CHANGE_POST[role]
    assert status("post", "link-toggle", link.pk) == CHANGE_POST[role]
    toggled = not QuestionnaireLink.objects.get(pk=link.pk).is_active
    assert toggled == CHANGES[role]
    moved = Question.objects.get(pk=question.pk).position != 0
    assert moved == CHANGES[role]


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_question_by_role(client, people, role, questionnaire):
    question = questionnaire.questions.first()
    _client_for(client, people, role)
    url = reverse("surveys:question-delete", args=[questionnaire.pk, question.pk])
    assert client.post(url).status_code == CHANGE_POST[role]
    assert Question.objects.filter(pk=question.pk).exists() != CHANGES[role]


@pytest.mark.parametrize("role", ROLES)
def test_turning_a_suggestion_into_a_rectification_by_role(client, people, role):
    from campaigns.models import Rectification

    owner = people["staff"]
    suggestion = SuggestionFactory(recorded_by=owner, campaign=owner.bureau.campaigns.get())
    _client_for(client, people, role)
    response = client.post(reverse("surveys:suggestion-rectify", args=[suggestion.pk]))
    assert response.status_code == CHANGE_POST[role]
    assert Rectification.objects.exists() == CHANGES[role]


@pytest.mark.parametrize("role", ROLES)
def test_public_answer_pages_are_open_to_everyone(client, people, role, questionnaire):
    _client_for(client, people, role)
    link = questionnaire.links.get()
    assert client.get(link.get_public_url()).status_code == 200
    assert client.get(reverse("surveys:answer-thanks", args=[link.token])).status_code == 200


@pytest.mark.parametrize(
    "name", ["questionnaire-results", "questionnaire-export", "response-create", "link-create", "question-create"]
)
def test_anonymous_is_sent_to_login_with_next(client, questionnaire, name):
    url = reverse(f"surveys:{name}", args=[questionnaire.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_parent_bureau_leader_reads_children_but_changes_nothing(client, staff, questionnaire):
    from tests.world import BureauFactory, UserFactory

    city = BureauFactory(name="丽水市科学技术局", level="city")
    county = staff.bureau
    county.parent = city
    county.save()
    city_leader = UserFactory(username="cityboss", bureau=city, role="leader")
    visit = ResearchVisitFactory(recorded_by=staff, campaign=county.campaigns.get())
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
