from django.contrib import admin

from bureau.ledger.admin import RecordAdmin, register_record_types
from bureau.ledger.admin_site import ReadOnlyAdmin, ScopedAdmin, ShownInline

from .models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireLink,
    ResearchSubject,
    Response,
)


@admin.register(ResearchSubject)
class ResearchSubjectAdmin(ScopedAdmin):
    """Where an admin corrects a subject registered with the wrong type or spelling."""

    bureau_field = "bureau"
    list_display = ("name", "subject_type", "bureau", "created_at")
    list_filter = ("subject_type", "bureau")
    search_fields = ("name",)


class QuestionInline(ShownInline):
    model = Question
    fields = ("position", "kind", "text", "required", "options")


class LinkInline(ShownInline):
    model = QuestionnaireLink
    fields = ("label", "is_active")


class QuestionnaireAdmin(RecordAdmin):
    inlines = [QuestionInline, LinkInline]


class AnswerInline(ShownInline):
    model = Answer
    fields = ("question", "choices", "rating", "text")


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    """Answers are what respondents wrote: shown, never edited."""

    list_display = ("pk", "questionnaire", "link", "channel", "submitted_at", "entered_by")
    list_filter = ("channel",)
    exclude = ("client_key",)
    inlines = [AnswerInline]


register_record_types("surveys", {Questionnaire: QuestionnaireAdmin})
