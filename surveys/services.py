"""Writes of the research strand that touch several rows or models; each is one transaction."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.ledger.lifecycle import record_assignment
from bureau.ledger.period_locks import is_locked, locked_message
from campaigns.choices import RectificationSource
from campaigns.models import Rectification

from .choices import SuggestionSource, SuggestionStatus
from .models import (
    Answer,
    AnswerCode,
    Question,
    Questionnaire,
    QuestionnaireLink,
    Response,
    Suggestion,
    make_answer_code,
)

DEFAULT_LINK_LABEL = "通用"
RECTIFICATION_DAYS = 30
MAX_CODES_AT_ONCE = 500


class AnswerCodeUsed(Exception):
    """The one-time code was used by another response between checking it and saving this one."""


def ensure_default_link(questionnaire: Questionnaire) -> QuestionnaireLink:
    """Every questionnaire has at least one public link; a new one gets a general-purpose link."""
    link = questionnaire.links.first()
    if link is None:
        link = QuestionnaireLink.objects.create(questionnaire=questionnaire, label=DEFAULT_LINK_LABEL)
    return link


def submit_response(
    questionnaire: Questionnaire,
    answers: list[tuple[Question, dict]],
    *,
    channel: str,
    link: QuestionnaireLink | None = None,
    client_key: str = "",
    entered_by=None,
    submitted_at: datetime.datetime | None = None,
    answer_code: AnswerCode | None = None,
) -> Response:
    """Store one response with its answers (already validated by an AnswerForm), using up `answer_code`.

    Raises AnswerCodeUsed, with nothing saved, when the code was used meanwhile.
    """
    # A response without some of its answers would skew every percentage: all rows or none.
    with transaction.atomic():
        response = Response.objects.create(
            questionnaire=questionnaire,
            link=link,
            channel=channel,
            client_key=client_key,
            entered_by=entered_by,
            submitted_at=submitted_at or timezone.now(),
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=question, **values) for question, values in answers
        )
        if answer_code is not None:
            # Conditional on the code being unused: of two phones sending one code at once, one wins.
            used = AnswerCode.objects.filter(pk=answer_code.pk, response__isnull=True).update(
                response=response, used_at=timezone.now()
            )
            if not used:
                raise AnswerCodeUsed
        if client_key:
            flag_burst(response)
    return response


def flag_burst(response: Response) -> None:
    """Flag the responses of one client that arrive in a burst: SURVEY_BURST_RESPONSES or more to one
    questionnaire within SURVEY_BURST_SECONDS. Staff see them on the results page and may discard them;
    a flag is a hint (a venue's Wi-Fi is one address too), so nothing is refused here."""
    since = response.created_at - datetime.timedelta(seconds=settings.SURVEY_BURST_SECONDS)
    recent = Response.objects.filter(
        questionnaire_id=response.questionnaire_id, client_key=response.client_key, created_at__gte=since
    )
    if recent.count() >= settings.SURVEY_BURST_RESPONSES:
        recent.filter(burst=False).update(burst=True)


def generate_answer_codes(link: QuestionnaireLink, count: int) -> list[AnswerCode]:
    """`count` new one-time codes for a link, none equal to one it already has; the link then requires one."""
    with transaction.atomic():
        taken = set(link.codes.values_list("code", flat=True))
        fresh: set[str] = set()
        while len(fresh) < count:
            code = make_answer_code()
            if code not in taken:
                fresh.add(code)
        codes = AnswerCode.objects.bulk_create(AnswerCode(link=link, code=code) for code in sorted(fresh))
        if not link.requires_code:
            link.requires_code = True
            link.save()
    return codes


def _refuse_if_month_closed(response: Response) -> None:
    # The month's figure of responses was submitted with this one counted (or not): it stays as it was.
    day = timezone.localdate(response.submitted_at)
    if is_locked(response.questionnaire.bureau_id, day):
        raise PermissionDenied(locked_message(day))


def discard_response(response: Response, user, reason: str) -> None:
    """Set a response aside: kept with its answers and history, counted by no figure."""
    _refuse_if_month_closed(response)
    response.discarded_at = timezone.now()
    response.discarded_by = user
    response.discard_reason = reason
    response._change_reason = f"剔除：{reason}"
    response.save()


def restore_response(response: Response, user) -> None:
    _refuse_if_month_closed(response)
    response.discarded_at = None
    response.discarded_by = None
    response.discard_reason = ""
    response._change_reason = "恢复计入统计"
    response.save()


def discard_bursts(questionnaire: Questionnaire, user, reason: str) -> int:
    """Discard every flagged response of a questionnaire that is still counted; how many."""
    flagged = list(
        questionnaire.responses.filter(burst=True, discarded_at__isnull=True).select_related("questionnaire")
    )
    # All or none: a closed month among them refuses the whole action rather than leave it half done.
    with transaction.atomic():
        for response in flagged:
            discard_response(response, user, reason)
    return len(flagged)


def move_question(question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1) and renumber the questionnaire's questions 0, 1, 2…"""
    # Renumbering touches every question; doing it at once keeps positions unique and gap-free.
    with transaction.atomic():
        questions = list(question.questionnaire.questions.select_for_update().order_by("position", "pk"))
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        target = index + offset
        if 0 <= target < len(questions):
            questions[index], questions[target] = questions[target], questions[index]
        _renumber(questions)


def delete_question(question: Question) -> None:
    with transaction.atomic():
        questionnaire = question.questionnaire
        question.delete()
        _renumber(list(questionnaire.questions.order_by("position", "pk")))


def _renumber(questions: list[Question]) -> None:
    changed = []
    for position, item in enumerate(questions):
        if item.position != position:
            item.position = position
            changed.append(item)
    Question.objects.bulk_update(changed, ["position"])


class AlreadyRectified(Exception):
    def __init__(self, rectification):
        super().__init__(str(rectification))
        self.rectification = rectification


def create_rectification_from_suggestion(suggestion: Suggestion, user) -> Rectification:
    """Put a suggestion on the problem list: a new rectification item linked to it.

    The item is dated today (or on the suggestion's date when today lies outside the campaign), given
    (交办) to the user who asked as its 责任人, 待签收, due in 30 days but not after the campaign's end; the
    suggestion moves to 办理中.
    Raises AlreadyRectified when the suggestion already has its (not deleted) item.
    """
    # The item and the suggestion's link to it are saved together, so one click never makes two items
    # and an item never exists without its suggestion knowing about it.
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().select_related("campaign").get(pk=suggestion.pk)
        # An item moved to the recycle bin no longer counts; the suggestion may be put on the list again.
        if suggestion.rectification_id and not suggestion.rectification.is_deleted:
            raise AlreadyRectified(suggestion.rectification)
        campaign = suggestion.campaign
        today = timezone.localdate()
        found = today if campaign.contains(today) else suggestion.date
        deadline = max(found, min(found + datetime.timedelta(days=RECTIFICATION_DAYS), campaign.end))
        source = (
            RectificationSource.QUESTIONNAIRE
            if suggestion.source == SuggestionSource.QUESTIONNAIRE
            else RectificationSource.RESEARCH
        )
        rectification = Rectification(
            bureau_id=suggestion.bureau_id,
            campaign=campaign,
            department_id=suggestion.department_id,
            recorded_by=user,
            source=source,
            date=found,
            problem=suggestion.content,
            owner=user,
            deadline=deadline,
            notes=_("由意见建议转入（%(date)s 收集，提出人：%(who)s）。")
            % {"date": suggestion.date.isoformat(), "who": suggestion.raised_by or _("未署名")},
        )
        rectification.full_clean()
        rectification._change_reason = "由意见建议转入"
        rectification.save()
        # The item's first step of the work loop (交办), as when it is recorded through its form.
        record_assignment(rectification, user)
        suggestion.rectification = rectification
        if suggestion.status == SuggestionStatus.RECEIVED:
            suggestion.status = SuggestionStatus.HANDLING
        for name, locked_day in suggestion.locked_changes().items():
            raise ValidationError({name: locked_message(locked_day)})
        suggestion._change_reason = "转为整改事项"
        suggestion.save()
    return rectification
