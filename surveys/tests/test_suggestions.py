"""Suggestions: where they come from, how they are handled, and turning one into a rectification item."""

import datetime

import pytest
from django.urls import reverse

from bureau.ledger.lifecycle import WorkEvent
from campaigns.models import Rectification
from surveys.models import Suggestion
from surveys.services import AlreadyRectified, create_rectification_from_suggestion
from tests.world import ResearchVisitFactory, ResponseFactory, SuggestionFactory


def _create(client, **data):
    data = {
        "campaign": data.pop("campaign"),
        "date": "2019-11-06",
        "source": "direct",
        "content": "建议开通科技政策咨询热线。",
        "category": "policy",
        "status": "received",
        "attachment_kind": "photo",
        **data,
    }
    return client.post(reverse("surveys:suggestion-create"), data)


def test_staff_records_a_suggestion_collected_directly(client, staff, campaign):
    client.force_login(staff)
    assert _create(client, campaign=campaign.pk, raised_by="政协委员").status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.raised_by == "政协委员"
    assert suggestion.recorded_by == staff


def test_a_suggestion_from_an_answer_is_prefilled_and_linked(client, staff, questionnaire):
    from surveys.services import submit_response

    long_q = questionnaire.questions.get(kind="long_text")
    response = submit_response(
        questionnaire, [(long_q, {"text": "建议建立联系卡制度。"})], channel="online", link=questionnaire.links.get()
    )
    client.force_login(staff)
    page = client.get(reverse("surveys:suggestion-create"), {"response": response.pk})
    form = page.context["form"]
    assert form.initial["source"] == "questionnaire"
    assert form.initial["content"] == "建议建立联系卡制度。"
    assert form.initial["raised_by"] == "问卷填写人（种植大户）"
    created = _create(
        client,
        campaign=questionnaire.campaign_id,
        source="questionnaire",
        response=response.pk,
        content="建议建立联系卡制度。",
    )
    assert created.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.questionnaire == questionnaire  # taken from the response
    assert suggestion.response == response
    assert suggestion in response.suggestions.all()


def test_a_suggestion_from_a_symposium_visit_is_prefilled(client, staff, campaign):
    visit = ResearchVisitFactory(
        recorded_by=staff, campaign=campaign, method="symposium", date=datetime.date(2019, 10, 10)
    )
    client.force_login(staff)
    initial = client.get(reverse("surveys:suggestion-create"), {"visit": visit.pk}).context["form"].initial
    assert initial["source"] == "symposium"
    assert initial["visit"] == visit.pk
    assert initial["date"] == datetime.date(2019, 10, 10)
    assert initial["raised_by"] == visit.subject.name
    assert _create(client, campaign=campaign.pk, source="symposium", visit=visit.pk).status_code == 302
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "本次调研收集的意见建议" in page


def test_prefill_ignores_other_bureaus_and_garbage(client, staff, outsider):
    theirs = ResearchVisitFactory(recorded_by=outsider, campaign=outsider.bureau.campaigns.get())
    client.force_login(staff)
    for params in ({"visit": theirs.pk}, {"response": "abc"}, {"visit": "-1"}):
        response = client.get(reverse("surveys:suggestion-create"), params)
        assert response.status_code == 200
        assert "source" not in response.context["form"].initial


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": "questionnaire"}, "来源为调查问卷时，请选择来源问卷。"),
        ({"source": "visit"}, "来源为调研走访时，请选择来源调研活动。"),
        ({"status": "not_adopted"}, "办理状态为“未采纳”时，请说明未采纳理由。"),
        ({"status": "adopted"}, "办理状态为“已答复”或“已采纳”时，请填写答复内容。"),
        ({"content": ""}, "这个字段是必填项。"),
        ({"date": "2018-01-01"}, "日期须在主题教育期间"),
    ],
)
def test_bad_suggestions_are_refused(client, staff, campaign, data, message):
    client.force_login(staff)
    response = _create(client, campaign=campaign.pk, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Suggestion.all_objects.exists()


def test_suggestion_list_filters_by_status_source_and_text(client, staff, campaign):
    SuggestionFactory(recorded_by=staff, campaign=campaign, content="开通咨询热线", status="received")
    SuggestionFactory(
        recorded_by=staff, campaign=campaign, content="增加培训", status="adopted", reply="已采纳", source="symposium"
    )
    client.force_login(staff)
    url = reverse("surveys:suggestion-list")

    def contents(**params):
        return [s.content for s in client.get(url, params).context["records"]]

    assert contents(status="adopted") == ["增加培训"]
    assert contents(source="symposium") == ["增加培训"]
    assert contents(q="热线") == ["开通咨询热线"]


def test_one_click_turns_a_suggestion_into_a_rectification_item(client, staff, campaign):
    suggestion = SuggestionFactory(
        recorded_by=staff,
        campaign=campaign,
        department=staff.department,
        source="questionnaire",
        questionnaire=None,
        content="种植大户反映技术指导不及时。",
        raised_by="种植大户",
    )
    client.force_login(staff)
    assert "转为整改事项</button>" in client.get(suggestion.get_absolute_url()).content.decode()
    response = client.post(reverse("surveys:suggestion-rectify", args=[suggestion.pk]))
    rectification = Rectification.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("campaigns:rectification-edit", args=[rectification.pk])
    assert rectification.problem == "种植大户反映技术指导不及时。"
    assert rectification.source == "questionnaire"
    assert rectification.status == "pending"  # 待签收: given to its 责任人, who signs for it
    assert rectification.owner == staff and rectification.recorded_by == staff
    assigned = WorkEvent.objects.of(rectification).get()
    assert (assigned.step, assigned.actor, assigned.owner) == ("assign", staff, staff)
    assert assigned.deadline == rectification.deadline
    assert rectification.campaign == campaign and rectification.department == staff.department
    assert rectification.date == suggestion.date  # today lies outside the 2019 campaign
    assert rectification.deadline == suggestion.date + datetime.timedelta(days=30)
    assert "种植大户" in rectification.notes
    suggestion.refresh_from_db()
    assert suggestion.rectification == rectification
    assert suggestion.status == "handling"
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert "查看整改事项" in page and "已转为整改事项（办理状态：待签收）" in page
    assert "转为整改事项</button>" not in page


def test_a_suggestion_becomes_only_one_rectification_item(client, staff, campaign):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign)
    client.force_login(staff)
    client.post(reverse("surveys:suggestion-rectify", args=[suggestion.pk]))
    again = client.post(reverse("surveys:suggestion-rectify", args=[suggestion.pk]))
    assert again.status_code == 409
    assert "已经转为整改事项" in again.content.decode()
    assert Rectification.objects.count() == 1


def test_a_deleted_rectification_item_may_be_made_again(staff, campaign):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign)
    first = create_rectification_from_suggestion(suggestion, staff)
    with pytest.raises(AlreadyRectified):
        create_rectification_from_suggestion(suggestion, staff)
    first.soft_delete(staff)
    second = create_rectification_from_suggestion(suggestion, staff)
    assert second != first
    suggestion.refresh_from_db()
    assert suggestion.rectification == second


def test_deadline_never_passes_the_campaigns_end(staff, campaign):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign, date=campaign.end - datetime.timedelta(days=3))
    rectification = create_rectification_from_suggestion(suggestion, staff)
    assert rectification.deadline == campaign.end


def test_an_answered_suggestion_keeps_its_status(staff, campaign):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign, status="answered", reply="已答复")
    create_rectification_from_suggestion(suggestion, staff)
    suggestion.refresh_from_db()
    assert suggestion.status == "answered"


def test_nothing_is_half_saved_when_the_item_is_invalid(staff, campaign, monkeypatch):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Suggestion, "save", broken_save)
    with pytest.raises(RuntimeError):
        create_rectification_from_suggestion(suggestion, staff)
    assert Rectification.objects.count() == 0


def test_the_history_says_where_the_item_came_from(staff, campaign):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign)
    rectification = create_rectification_from_suggestion(suggestion, staff)
    assert rectification.history.first().history_change_reason == "由意见建议转入"
    assert Suggestion.objects.get().history.first().history_change_reason == "转为整改事项"


def test_rectify_needs_post(client, staff, campaign):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign)
    client.force_login(staff)
    assert client.get(reverse("surveys:suggestion-rectify", args=[suggestion.pk])).status_code == 405


def test_suggestion_from_a_deleted_response_questionnaire_is_not_offered(client, staff, questionnaire):
    response = ResponseFactory(questionnaire=questionnaire)
    questionnaire.soft_delete(staff)
    client.force_login(staff)
    form = client.get(reverse("surveys:suggestion-create"), {"response": response.pk}).context["form"]
    assert "source" not in form.initial


@pytest.fixture
def november_closed(monkeypatch):
    from bureau.ledger import period_locks

    monkeypatch.setattr(period_locks, "_checkers", [lambda bureau_id, day: (day.year, day.month) == (2019, 11)])


def test_a_suggestion_of_a_closed_month_is_not_changed(client, staff, campaign, november_closed):
    suggestion = SuggestionFactory(recorded_by=staff, campaign=campaign, date=datetime.date(2019, 11, 6))
    client.force_login(staff)
    response = client.post(reverse("surveys:suggestion-rectify", args=[suggestion.pk]))
    assert response.status_code == 409
    assert "2019-11 的月报已报送" in response.content.decode()
    assert Rectification.objects.count() == 0
    assert Suggestion.objects.get().status == "received"
