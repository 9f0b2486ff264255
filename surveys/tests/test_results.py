"""Results page, split by link, Excel export and paper entry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Response
from surveys.services import submit_response
from tests.helpers import workbook_of
from tests.world import LinkFactory


def _answer(questionnaire, link=None, single="满意", multiple=("技术培训",), rating=4, short="", long=""):
    single_q, multiple_q, rating_q, short_q, long_q = questionnaire.questions.all()
    answers = [
        (single_q, {"choices": [single]}),
        (multiple_q, {"choices": list(multiple)}),
        (rating_q, {"rating": rating}),
    ]
    if short:
        answers.append((short_q, {"text": short}))
    if long:
        answers.append((long_q, {"text": long}))
    return submit_response(questionnaire, answers, channel="online", link=link or questionnaire.links.first())


def _results(client, questionnaire, **params):
    return client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk]), params)


def test_results_count_and_percent_each_option(client, staff, questionnaire):
    _answer(questionnaire, single="满意", multiple=("技术培训", "上门指导"), rating=5)
    _answer(questionnaire, single="满意", multiple=("技术培训",), rating=4)
    _answer(questionnaire, single="一般", multiple=("项目申报辅导",), rating=3, long="希望多下乡")
    _answer(questionnaire, single="不满意", multiple=("技术培训",), rating=4)
    client.force_login(staff)
    response = _results(client, questionnaire)
    assert response.status_code == 200
    assert response.context["total"] == 4
    single, multiple, rating, short, long = response.context["results"]
    assert [(o.label, o.count, o.percent) for o in single.options] == [
        ("满意", 2, 50.0),
        ("一般", 1, 25.0),
        ("不满意", 1, 25.0),
    ]
    assert [(o.label, o.count, o.percent) for o in multiple.options] == [
        ("技术培训", 3, 75.0),
        ("上门指导", 1, 25.0),
        ("项目申报辅导", 1, 25.0),
    ]
    assert [(o.label, o.count) for o in rating.options] == [
        ("1 分", 0),
        ("2 分", 0),
        ("3 分", 1),
        ("4 分", 2),
        ("5 分", 1),
    ]
    assert rating.average == 4.0
    assert [t["text"] for t in long.texts] == ["希望多下乡"]
    assert short.answered == 0
    page = response.content.decode()
    assert "共回收答卷 4 份" in page
    assert "希望多下乡" in page
    assert 'style="width: 50.0%"' in page


def test_results_are_split_by_link(client, staff, questionnaire):
    growers = questionnaire.links.get()
    cadres = LinkFactory(questionnaire=questionnaire, label="乡镇干部")
    _answer(questionnaire, link=growers, single="满意")
    _answer(questionnaire, link=growers, single="一般")
    _answer(questionnaire, link=cadres, single="满意")
    client.force_login(staff)
    everyone = _results(client, questionnaire)
    single = everyone.context["results"][0]
    assert [(o.label, o.by_group) for o in single.options] == [("满意", [1, 1]), ("一般", [1, 0]), ("不满意", [0, 0])]
    assert "种植大户 2 份，乡镇干部 1 份" in everyone.content.decode()
    only_cadres = _results(client, questionnaire, group=cadres.pk)
    assert only_cadres.context["total"] == 1
    assert [(o.label, o.count) for o in only_cadres.context["results"][0].options] == [
        ("满意", 1),
        ("一般", 0),
        ("不满意", 0),
    ]
    assert "“乡镇干部”共 1 份答卷" in only_cadres.content.decode()


def test_unknown_group_is_a_400(client, staff, questionnaire):
    client.force_login(staff)
    assert _results(client, questionnaire, group="999").status_code == 400
    assert _results(client, questionnaire, group="x").status_code == 400


def test_results_query_count_does_not_grow_with_responses(client, staff, questionnaire, django_assert_num_queries):
    client.force_login(staff)
    _answer(questionnaire, long="第一条意见")
    client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk]))  # warm caches
    # session, user, questionnaire, may the user change it / enter paper answers (one each), responses per
    # group, links, questions, all answers, the responses flagged as a burst, the discarded ones, the 我的待办
    # badge, session refresh, plus two savepoint pairs of ATOMIC_REQUESTS.
    with django_assert_num_queries(17):
        first = _results(client, questionnaire)
    for n in range(19):
        _answer(questionnaire, long=f"意见{n}", short="船寮镇")
    with django_assert_num_queries(17):
        second = _results(client, questionnaire)
    assert first.context["total"] == 1
    assert second.context["total"] == 20


def test_export_has_one_row_per_response_and_one_column_per_question(client, staff, questionnaire):
    _answer(questionnaire, single="满意", multiple=("技术培训", "上门指导"), rating=5, short="船寮镇", long="多下乡")
    _answer(questionnaire, single="一般", rating=2)
    client.force_login(staff)
    response = client.get(reverse("surveys:questionnaire-export", args=[questionnaire.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = workbook_of(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "答卷编号",
        "提交时间",
        "填写方式",
        "填写对象",
        "录入人",
        "1. 总体评价",
        "2. 需要哪些服务",
        "3. 特派员服务及时性",
        "4. 所在乡镇",
        "5. 意见建议",
    )
    assert len(rows) == 3
    first = rows[1]
    assert isinstance(first[1], datetime.datetime)
    assert first[2:] == ("扫码填写", "种植大户", None, "满意", "技术培训；上门指导", 5, "船寮镇", "多下乡")
    assert rows[2][5:] == ("一般", "技术培训", 2, None, None)
    assert sheet.freeze_panes == "A2"


def test_export_never_writes_a_respondents_text_as_a_formula(client, staff, questionnaire):
    _answer(questionnaire, long='=HYPERLINK("http://evil.example","点我")', short="+86 578 000")
    client.force_login(staff)
    sheet = workbook_of(client.get(reverse("surveys:questionnaire-export", args=[questionnaire.pk]))).active
    long_cell, short_cell = sheet.cell(row=2, column=10), sheet.cell(row=2, column=9)
    assert long_cell.value == '=HYPERLINK("http://evil.example","点我")'
    assert long_cell.data_type == "s" and long_cell.quotePrefix
    assert short_cell.data_type == "s" and short_cell.quotePrefix


def test_export_query_count_does_not_grow_with_responses(client, staff, questionnaire, django_assert_num_queries):
    client.force_login(staff)
    _answer(questionnaire)
    url = reverse("surveys:questionnaire-export", args=[questionnaire.pk])
    client.get(url)
    # session, user, questionnaire, questions, responses, their answers, session refresh, two savepoint pairs;
    # the audit entry of the export: the chain's head moved, read and written back, the entry, a savepoint pair;
    # the 统计 sheet: responses per group, links, questions, all answers (as the results page counts them).
    with django_assert_num_queries(21):
        b"".join(client.get(url).streaming_content)
    for _ in range(19):
        _answer(questionnaire)
    with django_assert_num_queries(21):
        b"".join(client.get(url).streaming_content)


def test_staff_enter_a_paper_questionnaire(client, colleague, questionnaire):
    client.force_login(colleague)  # any colleague of the bureau may type in paper sheets
    single, rating = questionnaire.questions.get(kind="single"), questionnaire.questions.get(kind="rating")
    url = reverse("surveys:response-create", args=[questionnaire.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "link": questionnaire.links.get().pk,
            "filled_on": "2019-11-06",
            single.field_name: "一般",
            rating.field_name: "3",
        },
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.channel == "paper"
    assert saved.entered_by == colleague
    assert timezone.localtime(saved.submitted_at).date() == datetime.date(2019, 11, 6)
    assert saved.answers.count() == 2  # the unanswered required question stays empty, as on paper


def test_paper_entry_still_checks_answers(client, staff, questionnaire):
    client.force_login(staff)
    rating = questionnaire.questions.get(kind="rating")
    url = reverse("surveys:response-create", args=[questionnaire.pk])
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"filled_on": future, rating.field_name: "9"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "填写日期不能晚于今天" in page
    assert "评分须为 1 到 5 之间的整数" in page
    assert Response.objects.count() == 0


def test_paper_entry_is_allowed_after_the_questionnaire_closed(client, staff, questionnaire):
    questionnaire.closes_on = datetime.date(2019, 11, 20)
    questionnaire.save()
    client.force_login(staff)
    single = questionnaire.questions.first()
    url = reverse("surveys:response-create", args=[questionnaire.pk])
    assert client.post(url, {"filled_on": "2019-11-06", single.field_name: "满意"}).status_code == 302


def test_response_detail_shows_every_answer(client, leader, questionnaire):
    response = _answer(questionnaire, long="建议建立联系卡制度")
    client.force_login(leader)
    page = client.get(response.get_absolute_url()).content.decode()
    assert "建议建立联系卡制度" in page
    assert "未作答" in page  # the short-text question
    assert "转为意见建议" in page


@pytest.mark.parametrize("kind", ["questionnaire-results", "questionnaire-export"])
def test_results_of_a_deleted_questionnaire_are_gone(client, staff, questionnaire, kind):
    questionnaire.soft_delete(staff)
    client.force_login(staff)
    assert client.get(reverse(f"surveys:{kind}", args=[questionnaire.pk])).status_code == 404


def test_same_short_answers_are_counted_together(client, staff, questionnaire):
    for township in ("船寮镇", "温溪镇", "船寮镇"):
        _answer(questionnaire, short=township)
    client.force_login(staff)
    short = _results(client, questionnaire).context["results"][3]
    assert short.same_texts == [("船寮镇", 2), ("温溪镇", 1)]


def test_paper_answers_cannot_be_added_to_a_closed_month(client, staff, questionnaire, monkeypatch):
    from bureau.ledger import period_locks

    monkeypatch.setattr(period_locks, "_checkers", [lambda bureau_id, day: (day.year, day.month) == (2019, 11)])
    client.force_login(staff)
    single = questionnaire.questions.first()
    url = reverse("surveys:response-create", args=[questionnaire.pk])
    response = client.post(url, {"filled_on": "2019-11-06", single.field_name: "满意"})
    assert response.status_code == 400
    assert "2019-11 的月报已报送" in response.content.decode()
    assert Response.objects.count() == 0
