"""Reading a questionnaire's results: counts and percentages per option, ratings, text answers.

One query for the questions, one for the groups' counts and one for every answer, whatever the number
of responses; the counting happens in Python.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from .choices import RATING_VALUES, QuestionKind
from .models import Answer, Question, Questionnaire

NO_GROUP = "none"


@dataclass
class OptionCount:
    label: str
    count: int
    percent: float
    by_group: list[int] = field(default_factory=list)
    # The percentages the page shows for each group on its own (count / that group's answered).
    percent_by_group: list[float] = field(default_factory=list)


@dataclass
class QuestionResult:
    number: int
    question: Question
    answered: int = 0
    # Without `group_key`: how many answered per group (in the order of `groups`).
    answered_by_group: list[int] = field(default_factory=list)
    options: list[OptionCount] = field(default_factory=list)
    average: float | None = None
    texts: list[dict] = field(default_factory=list)
    # Short answers (a township, a crop) repeat: the same text is counted, most frequent first.
    same_texts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Group:
    key: str  # a link's id, or NO_GROUP for paper sheets entered without a group
    label: str
    count: int


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def group_counts(questionnaire: Questionnaire) -> list[Group]:
    """Responses per respondent group (per link), in the links' order."""
    counted = questionnaire.responses.filter(discarded_at__isnull=True)
    counts = dict(counted.values_list("link_id").annotate(n=Count("pk")).values_list("link_id", "n"))
    groups = [Group(str(link.pk), link.label, counts.get(link.pk, 0)) for link in questionnaire.links.all()]
    if counts.get(None):
        groups.append(Group(NO_GROUP, _("未区分对象"), counts[None]))
    return groups


def summarize(questionnaire: Questionnaire, groups: list[Group], group_key: str | None = None) -> list[QuestionResult]:
    """Per question: how many answered it, counts and percentages per option or rating, the texts.

    `group_key` limits the results to one group; without it, answered and option counts are also split by
    group (QuestionResult.answered_by_group, OptionCount.by_group and percent_by_group follow the order of
    `groups`, and equal what the page shows for each group on its own).
    """
    results = {q.pk: QuestionResult(number, q) for number, q in enumerate(questionnaire.questions.all(), start=1)}
    # Discarded responses are kept for the record but count in no figure.
    answers = Answer.objects.filter(response__questionnaire=questionnaire, response__discarded_at__isnull=True)
    answers = answers.order_by("response__submitted_at", "pk")
    if group_key == NO_GROUP:
        answers = answers.filter(response__link__isnull=True)
    elif group_key:
        answers = answers.filter(response__link_id=group_key)
    rows = answers.values_list(
        "question_id", "choices", "rating", "text", "response_id", "response__submitted_at", "response__link"
    )
    group_index = {group.key: i for i, group in enumerate(groups)}
    tallies: dict[int, Counter] = defaultdict(Counter)
    group_tallies: dict[int, Counter] = defaultdict(Counter)
    group_answered: dict[int, Counter] = defaultdict(Counter)
    for question_id, choices, rating, text, response_id, submitted_at, link_id in rows:
        result = results.get(question_id)
        if result is None:
            continue
        result.answered += 1
        group = group_index.get(str(link_id) if link_id else NO_GROUP)
        group_answered[question_id][group] += 1
        values = [rating] if rating is not None else (choices or [])
        for value in values:
            tallies[question_id][value] += 1
            group_tallies[question_id][(value, group)] += 1
        if text:
            result.texts.append({"text": text, "response_id": response_id, "submitted_at": submitted_at})
    for result in results.values():
        question = result.question
        if not group_key:
            result.answered_by_group = [group_answered[question.pk][i] for i in range(len(groups))]
        if question.kind == QuestionKind.SHORT_TEXT:
            result.same_texts = Counter(item["text"] for item in result.texts).most_common()
        if question.kind == QuestionKind.RATING:
            values = list(RATING_VALUES)
            total = sum(value * n for value, n in tallies[question.pk].items())
            result.average = round(total / result.answered, 2) if result.answered else None
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            values = list(question.options)
        else:
            continue
        for value in values:
            count = tallies[question.pk][value]
            label = _("%(n)s 分") % {"n": value} if question.kind == QuestionKind.RATING else value
            by_group = [group_tallies[question.pk][(value, i)] for i in range(len(groups))] if not group_key else []
            answered_by_group = result.answered_by_group
            percent_by_group = [_percent(n, of) for n, of in zip(by_group, answered_by_group, strict=True)]
            result.options.append(
                OptionCount(label, count, _percent(count, result.answered), by_group, percent_by_group)
            )
    return list(results.values())
