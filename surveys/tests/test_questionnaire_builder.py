"""Building a questionnaire: questions of every kind, order, links and their QR codes."""

import pytest
from django.urls import reverse

from surveys.models import Question, Questionnaire, QuestionnaireLink
from tests.world import QuestionFactory, ResponseFactory


def _add(client, questionnaire, **data):
    data = {"kind": "single", "text": "总体评价", "required": "on", "options_text": "满意\n一般\n不满意", **data}
    return client.post(reverse("surveys:question-create", args=[questionnaire.pk]), data)


def test_new_questionnaire_gets_a_public_link(client, staff, campaign):
    client.force_login(staff)
    response = client.post(
        reverse("surveys:questionnaire-create"),
        {
            "campaign": campaign.pk,
            "title": "科技服务满意度调查",
            "opens_on": "2019-11-06",
            "accepting": "on",
            "attachment_kind": "document",
        },
    )
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get()
    assert list(questionnaire.links.values_list("label", flat=True)) == ["通用"]


@pytest.mark.parametrize(
    ("kind", "options", "stored"),
    [
        ("single", "满意\n 一般 \n\n不满意", ["满意", "一般", "不满意"]),
        ("multiple", "技术培训\n上门指导", ["技术培训", "上门指导"]),
        ("rating", "被忽略", []),
        ("short_text", "", []),
        ("long_text", "", []),
    ],
)
def test_staff_adds_a_question_of_each_kind(client, staff, questionnaire, kind, options, stored):
    client.force_login(staff)
    response = _add(client, questionnaire, kind=kind, text="新题目", options_text=options)
    assert response.status_code == 302
    question = questionnaire.questions.get(text="新题目")
    assert question.kind == kind
    assert question.options == stored
    assert question.position == 5  # after the fixture's five


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"options_text": "只有一个"}, "单选题和多选题至少需要两个选项。"),
        ({"kind": "multiple", "options_text": ""}, "单选题和多选题至少需要两个选项。"),
        ({"options_text": "满意\n满意"}, "选项“满意”重复了。"),
        ({"options_text": "满意\n" + "很" * 101}, "每个选项最多 100 个字"),
        ({"text": ""}, "这个字段是必填项。"),
        ({"kind": "essay"}, "不在可用的选项中"),
    ],
)
def test_bad_questions_are_refused(client, staff, questionnaire, data, message):
    client.force_login(staff)
    response = _add(client, questionnaire, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert questionnaire.questions.count() == 5


def test_save_and_add_another_returns_to_an_empty_form(client, staff, questionnaire):
    client.force_login(staff)
    response = _add(client, questionnaire, add_another="1")
    assert response.url == reverse("surveys:question-create", args=[questionnaire.pk])


def test_questions_are_reordered_up_and_down(client, staff, questionnaire):
    client.force_login(staff)
    third = questionnaire.questions.get(text="特派员服务及时性")
    url = reverse("surveys:question-move", args=[questionnaire.pk, third.pk])
    client.post(url, {"direction": "up"})
    client.post(url, {"direction": "up"})
    order = list(questionnaire.questions.values_list("text", flat=True))
    assert order == ["特派员服务及时性", "总体评价", "需要哪些服务", "所在乡镇", "意见建议"]
    client.post(url, {"direction": "up"})  # already first: nothing moves
    client.post(url, {"direction": "down"})
    assert list(questionnaire.questions.values_list("position", flat=True)) == [0, 1, 2, 3, 4]
    assert questionnaire.questions.first().text == "总体评价"
    assert client.post(url, {"direction": "sideways"}).status_code == 400


def test_deleting_a_question_renumbers_the_rest(client, staff, questionnaire):
    client.force_login(staff)
    second = questionnaire.questions.get(text="需要哪些服务")
    response = client.post(reverse("surveys:question-delete", args=[questionnaire.pk, second.pk]))
    assert response.status_code == 302
    assert list(questionnaire.questions.values_list("position", flat=True)) == [0, 1, 2, 3]


def test_once_answered_questions_can_be_reworded_but_not_added_removed_or_reoptioned(client, staff, questionnaire):
    ResponseFactory(questionnaire=questionnaire)
    client.force_login(staff)
    assert _add(client, questionnaire).status_code == 409
    first = questionnaire.questions.first()
    delete = client.post(reverse("surveys:question-delete", args=[questionnaire.pk, first.pk]))
    assert delete.status_code == 409
    assert "不能再新增或删除题目" in delete.content.decode()
    edit = client.post(
        reverse("surveys:question-edit", args=[questionnaire.pk, first.pk]),
        {"kind": "rating", "text": "您对科技局的总体评价", "options_text": "甲\n乙", "required": "on"},
    )
    assert edit.status_code == 302
    first.refresh_from_db()
    assert first.text == "您对科技局的总体评价"
    assert first.kind == "single"
    assert first.options == ["满意", "一般", "不满意"]
    assert questionnaire.questions.count() == 5


def test_question_of_another_questionnaire_is_404(client, staff, questionnaire):
    stranger = QuestionFactory()
    client.force_login(staff)
    url = reverse("surveys:question-edit", args=[questionnaire.pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_links_per_respondent_group(client, staff, questionnaire):
    client.force_login(staff)
    url = reverse("surveys:link-create", args=[questionnaire.pk])
    assert client.post(url, {"label": " 乡镇干部 "}).status_code == 302
    duplicate = client.post(url, {"label": "乡镇干部"})
    assert duplicate.status_code == 400
    assert "已有名为“乡镇干部”的填写链接" in duplicate.content.decode()
    labels = list(questionnaire.links.values_list("label", flat=True))
    assert labels == ["种植大户", "乡镇干部"]
    detail = client.get(questionnaire.get_absolute_url()).content.decode()
    for link in questionnaire.links.all():
        assert link.get_public_url() in detail
        assert reverse("surveys:link-qr", args=[questionnaire.pk, link.pk]) in detail


def test_a_link_can_be_stopped_and_restarted(client, staff, questionnaire):
    link = questionnaire.links.get()
    client.force_login(staff)
    url = reverse("surveys:link-toggle", args=[questionnaire.pk, link.pk])
    client.post(url)
    link.refresh_from_db()
    assert not link.is_active
    client.post(url)
    link.refresh_from_db()
    assert link.is_active


def test_qr_code_is_an_svg_of_the_public_address(client, staff, questionnaire):
    link = questionnaire.links.get()
    client.force_login(staff)
    response = client.get(reverse("surveys:link-qr", args=[questionnaire.pk, link.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    poster = client.get(reverse("surveys:link-poster", args=[questionnaire.pk, link.pk])).content.decode()
    assert "<svg" in poster
    assert f"http://testserver{link.get_public_url()}" in poster
    assert "请用手机扫描二维码填写问卷" in poster
    assert "种植大户" in poster


def test_qr_code_encodes_the_absolute_public_address(client, staff, questionnaire):
    import io

    import segno

    link = questionnaire.links.get()
    expected = io.BytesIO()
    segno.make(f"http://testserver{link.get_public_url()}", error="m").save(
        expected, kind="svg", scale=8, border=4, light="#fff", xmldecl=False
    )
    client.force_login(staff)
    response = client.get(reverse("surveys:link-qr", args=[questionnaire.pk, link.pk]))
    assert response.content == expected.getvalue()


def test_detail_page_lists_the_questions_in_order(client, staff, questionnaire):
    client.force_login(staff)
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    page = page[page.index('id="questions"') :]
    positions = [page.index(text) for text in ("总体评价", "需要哪些服务", "特派员服务及时性", "所在乡镇", "意见建议")]
    assert positions == sorted(positions)
    assert "评分题（1–5 分）" in page
    assert QuestionnaireLink.objects.count() == 1
    assert Question.objects.count() == 5
