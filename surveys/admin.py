from django.contrib import admin

from bureau.admin import RecordAdmin
from bureau.admin_site import ReadOnlyAdmin, ScopedAdmin

from .models import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireLink,
    ResearchReport,
    ResearchSubject,
    ResearchTopic,
    ResearchVisit,
    Response,
    Suggestion,
)


@admin.register(ResearchSubject)
class ResearchSubjectAdmin(ScopedAdmin):
    """Where an admin corrects a subject registered with the wrong type or spelling."""

    bureau_field = "bureau"
    list_display = ("name", "subject_type", "bureau", "created_at")
    list_filter = ("subject_type", "bureau")
    search_fields = ("name",)


@admin.register(ResearchTopic)
class ResearchTopicAdmin(RecordAdmin):
    list_display = ("title", "date", "lead", "campaign", "deleted_at")
    list_filter = ("campaign",)
    search_fields = ("title", "description")


@admin.register(ResearchVisit)
class ResearchVisitAdmin(RecordAdmin):
    list_display = ("date", "subject", "method", "people_met", "topic", "deleted_at")
    list_filter = ("method", "subject__subject_type", "campaign")
    search_fields = ("subject__name", "place", "findings")
    date_hierarchy = "date"


class ShownInline(admin.TabularInline):
    """Rows of a record shown with it; they are changed on the record's own pages."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionInline(ShownInline):
    model = Question
    fields = ("position", "kind", "text", "required", "options")
    readonly_fields = fields


class LinkInline(ShownInline):
    model = QuestionnaireLink
    fields = ("label", "is_active")
    readonly_fields = fields


@admin.register(Questionnaire)
class QuestionnaireAdmin(RecordAdmin):
    list_display = ("title", "opens_on", "closes_on", "accepting", "campaign", "deleted_at")
    list_filter = ("accepting", "campaign")
    search_fields = ("title",)
    inlines = [QuestionInline, LinkInline]


class AnswerInline(ShownInline):
    model = Answer
    fields = ("question", "choices", "rating", "text")
    readonly_fields = fields


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    """Answers are what respondents wrote: shown, never edited."""

    list_display = ("pk", "questionnaire", "link", "channel", "submitted_at", "entered_by")
    list_filter = ("channel",)
    exclude = ("client_key",)
    inlines = [AnswerInline]


@admin.register(Suggestion)
class SuggestionAdmin(RecordAdmin):
    list_display = ("date", "source", "category", "content", "status", "deleted_at")
    list_filter = ("status", "source", "category", "campaign")
    search_fields = ("content", "raised_by", "reply")


@admin.register(ResearchReport)
class ResearchReportAdmin(RecordAdmin):
    list_display = ("date", "title", "authors", "status", "deleted_at")
    list_filter = ("status", "campaign")
    search_fields = ("title", "authors", "summary")
