"""Excel export of a questionnaire's responses.

Sheet 答卷: one row per response, one column per question. Sheet 统计: the figures of the results page
(surveys.results.summarize, the same counting), one block per question, the whole questionnaire then
each respondent group (link, or 未区分对象 for paper sheets entered without one) side by side.
Discarded responses count in neither sheet.
"""

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bureau.ledger.excel import add_table, cell, column_width, new_workbook, print_setup, xlsx_response

from .choices import QuestionKind
from .models import Questionnaire
from .results import group_counts, summarize

PERCENT_FORMAT = "0.0%"
AVERAGE_FORMAT = "0.00"
STATISTICS_HEADER_ROWS = 3


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


def _share(sheet, percent: float):
    """A share as a number shown as a percentage: the results page's rounded figure, so both read the same."""
    share = cell(sheet, percent / 100)
    share.number_format = PERCENT_FORMAT
    return share


def _indented(sheet, text: str, *, bold: bool = False):
    label = cell(sheet, text, bold=bold)
    label.alignment = Alignment(indent=1)
    return label


def add_statistics_sheet(workbook, questionnaire: Questionnaire):
    """统计: per question its number and text, then per option the count and share (of those who answered
    it), for the whole questionnaire and for each group, and a 作答人数 row; text questions get only the
    作答人数 row. Prints landscape with the title and the column headers repeated on every page."""
    groups = group_counts(questionnaire)
    results = summarize(questionnaire, groups)
    sheet = workbook.create_sheet(_("统计"))
    headers = [_("选项"), _("%(group)s 人数") % {"group": _("合计")}, _("%(group)s 比例") % {"group": _("合计")}]
    for group in groups:
        headers += [_("%(group)s 人数") % {"group": group.label}, _("%(group)s 比例") % {"group": group.label}]
    labels = [option.label for result in results for option in result.options]
    # Question texts and notes run on over the empty cells to their right: the first column fits the options.
    widths = [min(column_width([headers[0], _("作答人数"), *(f"  {label}" for label in labels)]), 40)]
    widths += [max(min(column_width([header]), 14), 8) for header in headers[1:]]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    print_setup(sheet, header_rows=STATISTICS_HEADER_ROWS)

    title = cell(sheet, f"{questionnaire.title} {_('统计')}")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    counted = sum(group.count for group in groups)
    sheet.append([cell(sheet, _("计入统计的答卷 %(n)s 份，已剔除的答卷不计入。") % {"n": counted})])
    header_cells = []
    for header in headers:
        header_cell = cell(sheet, header, bold=True)
        header_cell.alignment = Alignment(wrap_text=True, vertical="center")
        header_cells.append(header_cell)
    sheet.append(header_cells)

    for result in results:
        question = result.question
        heading = f"{result.number}. {question.text}（{question.get_kind_display()}）"
        sheet.append([cell(sheet, heading, bold=True)])
        for option in result.options:
            row = [_indented(sheet, option.label), cell(sheet, option.count), _share(sheet, option.percent)]
            for count, percent in zip(option.by_group, option.percent_by_group, strict=True):
                row += [cell(sheet, count), _share(sheet, percent)]
            sheet.append(row)
        if question.kind == QuestionKind.MULTIPLE:
            note = _indented(sheet, _("多选题：每人可选多项，比例按作答人数计算，合计可超过 100%。"))
            note.font = Font(italic=True)
            sheet.append([note])
        if question.kind == QuestionKind.RATING:
            average = cell(sheet, result.average)
            average.number_format = AVERAGE_FORMAT
            sheet.append([_indented(sheet, _("平均分")), average])
        answered = [_indented(sheet, _("作答人数"), bold=True), cell(sheet, result.answered, bold=True), None]
        for count in result.answered_by_group:
            answered += [cell(sheet, count, bold=True), None]
        sheet.append(answered)
        sheet.append([])
    return sheet


def export_responses(questionnaire: Questionnaire):
    workbook = new_workbook()
    headers, rows = response_table(questionnaire)
    # 答卷 stays the first sheet: whoever reads the export by position still finds the responses there.
    add_table(workbook, _("答卷"), headers, rows)
    add_statistics_sheet(workbook, questionnaire)
    filename = _("%(title)s-答卷.xlsx") % {"title": questionnaire.title[:60]}
    return xlsx_response(workbook, filename)
