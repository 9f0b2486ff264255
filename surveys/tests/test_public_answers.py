"""Answering through the public link: no account, once, protected against bad input and floods."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import Answer, Response
from tests.world import LinkFactory, QuestionnaireFactory, answer_data


def _url(questionnaire):
    return questionnaire.links.get(label="种植大户").get_public_url()


def _page(response):
    return response.content.decode()


def test_anonymous_visitor_sees_the_questionnaire_in_chinese(client, questionnaire):
    response = client.get(_url(questionnaire))
    assert response.status_code == 200
    page = _page(response)
    assert '<html lang="zh-CN">' in page
    assert "科技助农满意度调查" in page
    assert "提交问卷" in page
    assert "csrfmiddlewaretoken" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_valid_answer_is_saved_with_its_link_and_thanks_the_respondent(client, questionnaire):
    response = client.post(_url(questionnaire), answer_data(questionnaire))
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.link.label == "种植大户"
    assert saved.channel == "online"
    assert saved.campaign == questionnaire.campaign
    values = {a.question.text: a.value for a in saved.answers.select_related("question")}
    assert values == {
        "总体评价": "满意",
        "需要哪些服务": "技术培训；上门指导",
        "特派员服务及时性": 4,
        "所在乡镇": "船寮镇",
        "意见建议": "希望多组织杨梅种植技术培训。",
    }
    thanks = client.get(response.url)
    assert "感谢您的参与" in _page(thanks)


def test_multiple_choices_keep_the_questionnaire_order(client, questionnaire):
    client.post(_url(questionnaire), answer_data(questionnaire, multiple=["项目申报辅导", "技术培训"]))
    answer = Answer.objects.get(question__text="需要哪些服务")
    assert answer.choices == ["技术培训", "项目申报辅导"]


def test_optional_questions_may_stay_empty(client, questionnaire):
    data = answer_data(questionnaire, short_text=None, long_text="  ")
    assert client.post(_url(questionnaire), data).status_code == 302
    assert Answer.objects.count() == 3


def test_csrf_is_required(questionnaire):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_url(questionnaire), answer_data(questionnaire))
    assert response.status_code == 403
    assert "页面已过期" in _page(response)
    assert Response.objects.count() == 0


def test_csrf_token_from_the_page_lets_the_answer_through(questionnaire):
    strict = Client(enforce_csrf_checks=True)
    strict.get(_url(questionnaire))
    token = strict.cookies["csrftoken"].value
    data = {**answer_data(questionnaire), "csrfmiddlewaretoken": token}
    assert strict.post(_url(questionnaire), data).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"single": None}, "此题为必答题，请作答。"),
        ({"multiple": None}, "此题为必答题，请作答。"),
        ({"single": "非常满意"}, "“非常满意”不是此题的选项，请重新选择。"),
        ({"multiple": ["技术培训", "发钱"]}, "“发钱”不是此题的选项，请重新选择。"),
        ({"rating": "9"}, "评分须为 1 到 5 之间的整数，“9”无效。"),
        ({"rating": "abc"}, "评分须为 1 到 5 之间的整数，“abc”无效。"),
        ({"short_text": "镇" * 201}, "最多 200 个字（当前 201 个字）。"),
    ],
    ids=["missing-single", "missing-multiple", "bad-choice", "bad-multiple-choice", "rating-9", "rating-text", "long"],
)
def test_bad_answers_are_refused_with_a_chinese_message_and_nothing_saved(client, questionnaire, overrides, message):
    response = client.post(_url(questionnaire), answer_data(questionnaire, **overrides))
    assert response.status_code == 400
    page = _page(response)
    assert "未提交，请修改以下问题" in page
    assert message in page
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    # What was typed stays on the page.
    assert "船寮镇" in page or "镇" * 201 in page


def test_wrong_token_is_404_with_a_chinese_page(client, questionnaire):
    response = client.get("/q/not-a-real-token/")
    assert response.status_code == 404
    assert "问卷链接无效" in _page(response)
    response = client.post("/q/not-a-real-token/", answer_data(questionnaire))
    assert response.status_code == 404
    assert Response.objects.count() == 0


def test_closed_questionnaire_refuses_answers(client, questionnaire):
    questionnaire.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    questionnaire.save()
    assert client.get(_url(questionnaire)).status_code == 410
    response = client.post(_url(questionnaire), answer_data(questionnaire))
    assert response.status_code == 410
    assert "问卷已截止" in _page(response)
    assert "您的回答未被提交" in _page(response)
    assert Response.objects.count() == 0


def test_questionnaire_stopped_by_staff_refuses_answers(client, questionnaire):
    questionnaire.accepting = False
    questionnaire.save()
    response = client.post(_url(questionnaire), answer_data(questionnaire))
    assert response.status_code == 410
    assert Response.objects.count() == 0


def test_questionnaire_not_yet_open_says_when_it_opens(client, questionnaire):
    questionnaire.opens_on = timezone.localdate() + datetime.timedelta(days=3)
    questionnaire.save()
    response = client.post(_url(questionnaire), answer_data(questionnaire))
    assert response.status_code == 403
    assert "开始填写" in _page(response)
    assert Response.objects.count() == 0


def test_disabled_link_refuses_answers(client, questionnaire):
    link = questionnaire.links.get()
    link.is_active = False
    link.save()
    response = client.post(link.get_public_url(), answer_data(questionnaire))
    assert response.status_code == 410
    assert "链接已停用" in _page(response)
    assert Response.objects.count() == 0


def test_deleted_questionnaire_link_is_404(client, questionnaire, staff):
    questionnaire.soft_delete(staff)
    assert client.get(_url(questionnaire)).status_code == 404


def test_questionnaire_without_questions_is_not_answerable(client, staff):
    empty = QuestionnaireFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    link = LinkFactory(questionnaire=empty)
    assert client.get(link.get_public_url()).status_code == 403


def test_a_phone_answers_once(client, questionnaire):
    assert client.post(_url(questionnaire), answer_data(questionnaire)).status_code == 302
    again = client.post(_url(questionnaire), answer_data(questionnaire))
    assert again.status_code == 409
    assert "您已提交过本问卷" in _page(again)
    assert Response.objects.count() == 1
    revisit = client.get(_url(questionnaire))
    assert revisit.status_code == 200
    assert "您已提交过本问卷" in _page(revisit)


def test_a_flood_from_one_client_is_stopped_with_429(client, questionnaire, settings):
    settings.SURVEY_RESPONSES_PER_CLIENT_PER_HOUR = 60
    statuses = []
    for _ in range(100):
        client.cookies.clear()  # a script does not keep the "answered" cookie
        statuses.append(client.post(_url(questionnaire), answer_data(questionnaire)).status_code)
    assert statuses[:60] == [302] * 60
    assert statuses[60:] == [429] * 40
    assert Response.objects.count() == 60
    assert Answer.objects.count() == 60 * 5
    refused = client.post(_url(questionnaire), answer_data(questionnaire))
    assert refused["Retry-After"] == "3600"
    assert "提交过于频繁" in _page(refused)


def test_the_flood_limit_is_per_client_and_per_hour(client, questionnaire, settings):
    settings.SURVEY_RESPONSES_PER_CLIENT_PER_HOUR = 2
    for _ in range(2):
        client.cookies.clear()
        client.post(_url(questionnaire), answer_data(questionnaire), REMOTE_ADDR="10.0.0.1")
    client.cookies.clear()
    assert client.post(_url(questionnaire), answer_data(questionnaire), REMOTE_ADDR="10.0.0.1").status_code == 429
    # Another phone is not affected.
    assert client.post(_url(questionnaire), answer_data(questionnaire), REMOTE_ADDR="10.0.0.2").status_code == 302
    # An hour later the first one may answer again.
    Response.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    client.cookies.clear()
    assert client.post(_url(questionnaire), answer_data(questionnaire), REMOTE_ADDR="10.0.0.1").status_code == 302


def test_client_address_is_not_stored(client, questionnaire):
    client.post(_url(questionnaire), answer_data(questionnaire), REMOTE_ADDR="10.9.8.7")
    saved = Response.objects.get()
    assert saved.client_key and "10.9.8.7" not in saved.client_key


def test_forwarded_for_is_ignored_unless_trusted(client, questionnaire, settings):
    settings.SURVEY_RESPONSES_PER_CLIENT_PER_HOUR = 1
    client.post(_url(questionnaire), answer_data(questionnaire), HTTP_X_FORWARDED_FOR="1.1.1.1")
    client.cookies.clear()
    # Changing the header does not make a new client…
    spoofed = client.post(_url(questionnaire), answer_data(questionnaire), HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert spoofed.status_code == 429
    # …unless the deployment says a proxy sets it; then its last entry is the client.
    settings.TRUSTED_PROXY_COUNT = 1
    client.cookies.clear()
    behind_proxy = client.post(_url(questionnaire), answer_data(questionnaire), HTTP_X_FORWARDED_FOR="9.9.9.9, 3.3.3.3")
    assert behind_proxy.status_code == 302


def test_public_pages_need_no_login_but_staff_pages_do(client, questionnaire):
    assert client.get(_url(questionnaire)).status_code == 200
    results = reverse("surveys:questionnaire-results", args=[questionnaire.pk])
    assert client.get(results).url.startswith(reverse("login"))
