"""The 统计 sheet of the questionnaire export: the results page's figures, overall and per link."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import workbook_of
from tests.world import NEEDS, AnswerFactory, LinkFactory, QuestionFactory, QuestionnaireFactory, ResponseFactory

SINGLE, MULTIPLE, TEXT = "总体评价", "需要哪些服务", "所在乡镇"
HEADER_ROW = 3


@pytest.fixture
def questionnaire(staff):
    questionnaire = QuestionnaireFactory(
        recorded_by=staff, campaign=staff.bureau.campaigns.get(), department=staff.department, title="科技助农调查"
    )
    QuestionFactory(questionnaire=questionnaire, position=0, kind="single", text=SINGLE)
    QuestionFactory(questionnaire=questionnaire, position=1, kind="multiple", text=MULTIPLE, options=NEEDS)
    QuestionFactory(questionnaire=questionnaire, position=2, kind="short_text", text=TEXT, required=False)
    growers = LinkFactory(questionnaire=questionnaire, label="种植大户")
    cadres = LinkFactory(questionnaire=questionnaire, label="乡镇干部")

    def respond(link, single, multiple=(), text="", discarded=False):
        response = ResponseFactory(
            questionnaire=questionnaire,
            link=link,
            channel="online" if link else "paper",
            discarded_at=timezone.now() if discarded else None,
            discard_reason="同一地址刷票" if discarded else "",
        )
        single_q, multiple_q, text_q = questionnaire.questions.all()
        AnswerFactory(response=response, question=single_q, choices=[single])
        if multiple:
            AnswerFactory(response=response, question=multiple_q, choices=list(multiple))
        if text:
            AnswerFactory(response=response, question=text_q, text=text)

    respond(growers, "满意", ("技术培训", "上门指导"))
    respond(growers, "一般", ("技术培训",))
    respond(growers, "满意")  # skipped the multiple-choice question
    respond(cadres, "不满意", ("项目申报辅导",))
    respond(None, "满意", ("上门指导", "技术培训"), text="船寮镇")  # a paper sheet, no link
    # Ballot stuffing, discarded by staff: counted nowhere.
    for _ in range(3):
        respond(cadres, "不满意", ("技术培训",), text="刷", discarded=True)
    respond(None, "一般", ("项目申报辅导",), discarded=True)
    return questionnaire


def _export(client, questionnaire):
    response = client.get(reverse("surveys:questionnaire-export", args=[questionnaire.pk]))
    assert response.status_code == 200
    return workbook_of(response)


def _blocks(sheet):
    """{question heading: {row label: [values from the second column on]}}, and the header row."""
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    blocks, current = {}, None
    for row in rows:
        if not any(value is not None for value in row):
            current = None
        elif current is None:
            current = blocks.setdefault(row[0], {})
        else:
            current[row[0]] = list(row[1:])
    header = list(next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True)))
    return blocks, header


def _percent(share):
    """A share cell's value as the results page shows it (33.3 for 0.333)."""
    assert isinstance(share, float | int)
    return round(share * 100, 1)


def test_statistics_sheet_counts_and_shares_as_the_results_page(client, staff, questionnaire):
    client.force_login(staff)
    workbook = _export(client, questionnaire)
    # The new sheet comes second: the responses stay the first sheet, as before.
    assert workbook.sheetnames == ["答卷", "统计"]
    sheet = workbook["统计"]
    blocks, header = _blocks(sheet)
    assert header == [
        "选项",
        "合计 人数",
        "合计 比例",
        "种植大户 人数",
        "种植大户 比例",
        "乡镇干部 人数",
        "乡镇干部 比例",
        "未区分对象 人数",
        "未区分对象 比例",
    ]
    assert sheet["A2"].value == "计入统计的答卷 5 份，已剔除的答卷不计入。"

    # Written out once by hand: the three discarded link responses and the discarded paper sheet count nowhere.
    single = blocks[f"1. {SINGLE}（单选题）"]
    assert [single["满意"][i] for i in (0, 2, 4, 6)] == [3, 2, 0, 1]
    assert [single["不满意"][i] for i in (0, 2, 4, 6)] == [1, 0, 1, 0]
    assert [_percent(single["满意"][i]) for i in (1, 3, 5, 7)] == [60.0, 66.7, 0.0, 100.0]
    assert single["作答人数"] == [5, None, 3, None, 1, None, 1, None]
    multiple = blocks[f"2. {MULTIPLE}（多选题）"]
    assert [multiple["技术培训"][i] for i in (0, 2, 4, 6)] == [3, 2, 0, 1]
    assert [_percent(multiple["技术培训"][i]) for i in (1, 3, 5, 7)] == [75.0, 100.0, 0.0, 100.0]
    assert multiple["作答人数"] == [4, None, 2, None, 1, None, 1, None]
    assert "多选题：每人可选多项，比例按作答人数计算，合计可超过 100%。" in multiple
    assert blocks[f"3. {TEXT}（填空题）"] == {"作答人数": [1, None, 0, None, 0, None, 1, None]}

    # And the same figures as the results page, overall and for each group on its own.
    page = client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk]))
    assert page.context["total"] == 5
    groups = page.context["groups"]
    assert [group.label for group in groups] == ["种植大户", "乡镇干部", "未区分对象"]
    for result in page.context["results"]:
        if not result.options:
            continue
        block = blocks[f"{result.number}. {result.question.text}（{result.question.get_kind_display()}）"]
        assert [label for label in block if label != "作答人数" and not label.startswith("多选题")] == [
            option.label for option in result.options
        ]
        assert block["作答人数"][0] == result.answered
        for option in result.options:
            assert block[option.label][0] == option.count
            assert _percent(block[option.label][1]) == option.percent
    for index, group in enumerate(groups):
        by_group = client.get(reverse("surveys:questionnaire-results", args=[questionnaire.pk]), {"group": group.key})
        column = 2 + 2 * index
        for result in by_group.context["results"]:
            block = blocks[f"{result.number}. {result.question.text}（{result.question.get_kind_display()}）"]
            assert block["作答人数"][column] == result.answered
            for option in result.options:
                assert block[option.label][column] == option.count
                assert _percent(block[option.label][column + 1]) == option.percent


def test_statistics_sheet_prints_landscape_with_numbers_as_numbers(client, staff, questionnaire):
    client.force_login(staff)
    sheet = _export(client, questionnaire)["统计"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.freeze_panes == "A4"
    shares = [row[2] for row in sheet.iter_rows(min_row=HEADER_ROW + 1) if isinstance(row[2].value, float)]
    assert shares and all(share.number_format == "0.0%" for share in shares)
    assert all(isinstance(row[1].value, int) for row in sheet.iter_rows(min_row=HEADER_ROW + 1) if row[1].value)


def test_answers_sheet_is_unchanged_and_leaves_out_discarded_responses(client, staff, questionnaire):
    client.force_login(staff)
    workbook = _export(client, questionnaire)
    answers = workbook.worksheets[0]
    assert answers.title == "答卷"
    rows = list(answers.iter_rows(values_only=True))
    assert rows[0][:5] == ("答卷编号", "提交时间", "填写方式", "填写对象", "录入人")
    assert len(rows) == 1 + 5


def test_a_questionnaire_without_responses_exports_empty_statistics(client, staff):
    questionnaire = QuestionnaireFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    QuestionFactory(questionnaire=questionnaire, kind="multiple", text="需要")
    LinkFactory(questionnaire=questionnaire, label="种植大户")
    client.force_login(staff)
    blocks, header = _blocks(_export(client, questionnaire)["统计"])
    assert header == ["选项", "合计 人数", "合计 比例", "种植大户 人数", "种植大户 比例"]
    assert blocks["1. 需要（多选题）"]["满意"] == [0, 0, 0, 0]
    assert blocks["1. 需要（多选题）"]["作答人数"] == [0, None, 0, None]


def test_a_rating_question_gets_its_scores_and_average(client, staff):
    questionnaire = QuestionnaireFactory(recorded_by=staff, campaign=staff.bureau.campaigns.get())
    rating = QuestionFactory(questionnaire=questionnaire, kind="rating", text="及时性")
    for score in (5, 4, 4):
        AnswerFactory(
            response=ResponseFactory(questionnaire=questionnaire, channel="paper"), question=rating, rating=score
        )
    client.force_login(staff)
    blocks, _header = _blocks(_export(client, questionnaire)["统计"])
    block = blocks["1. 及时性（评分题（1–5 分））"]
    assert block["4 分"][0] == 2 and _percent(block["4 分"][1]) == 66.7
    assert block["平均分"][0] == 4.33
    assert block["作答人数"] == [3, None, 3, None]
