"""Excel export of a questionnaire's responses: one row per response, one column per question."""

from django.utils.translation import gettext as _

from bureau.ledger.excel import add_table, new_workbook, xlsx_response

from .models import Questionnaire


def response_table(questionnaire: Questionnaire) -> tuple[list[str], object]:
    """(headers, rows): three queries (questions, responses, their answers) whatever the row count."""
    questions = list(questionnaire.questions.all())
    headers = [
        _("答卷编号"),
        _("提交时间"),
        _("填写方式"),
        _("填写对象"),
        _("录入人"),
        *(f"{number}. {question.text}" for number, question in enumerate(questions, start=1)),
    ]
    # What the results count: a discarded response is kept in the ledger, not in the figures sent on.
    responses = (
        questionnaire.responses.filter(discarded_at__isnull=True)
        .select_related("link", "entered_by")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )

    def rows():
        for response in responses.iterator(chunk_size=500):
            by_question = {answer.question_id: answer.value for answer in response.answers.all()}
            yield [
                response.pk,
                response.submitted_at,
                response.get_channel_display(),
                response.link.label if response.link else "",
                str(response.entered_by) if response.entered_by else "",
                *(by_question.get(question.pk) for question in questions),
            ]

    return headers, rows()


def export_responses(questionnaire: Questionnaire):
    workbook = new_workbook()
    headers, rows = response_table(questionnaire)
    add_table(workbook, _("答卷"), headers, rows)
    filename = _("%(title)s-答卷.xlsx") % {"title": questionnaire.title[:60]}
    return xlsx_response(workbook, filename)
