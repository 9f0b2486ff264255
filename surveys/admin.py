from django.contrib import admin

from bureau.admin import BureauScopedAdmin, RecordAdmin

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
class ResearchSubjectAdmin(BureauScopedAdmin):
    """Where an admin corrects a subject registered with the wrong type or spelling."""

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
    autocomplete_fields = ("subject",)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "kind", "text", "required", "options")


class LinkInline(admin.TabularInline):
    model = QuestionnaireLink
    extra = 0
    fields = ("label", "token", "is_active")
    readonly_fields = ("token",)


@admin.register(Questionnaire)
class QuestionnaireAdmin(RecordAdmin):
    list_display = ("title", "opens_on", "closes_on", "accepting", "campaign", "deleted_at")
    list_filter = ("accepting", "campaign")
    search_fields = ("title",)
    inlines = [QuestionInline, LinkInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question", "choices", "rating", "text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(BureauScopedAdmin):
    """Answers are what respondents wrote: shown, never edited."""

    bureau_field = "questionnaire__bureau"
    list_display = ("pk", "questionnaire", "link", "channel", "submitted_at", "entered_by")
    list_filter = ("channel",)
    readonly_fields = ("questionnaire", "link", "channel", "submitted_at", "created_at", "entered_by")
    exclude = ("client_key",)
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(RecordAdmin):
    list_display = ("date", "source", "category", "content", "status", "deleted_at")
    list_filter = ("status", "source", "category", "campaign")
    search_fields = ("content", "raised_by", "reply")
    raw_id_fields = ("response", "visit", "questionnaire")
    readonly_fields = (*RecordAdmin.readonly_fields, "rectification")


@admin.register(ResearchReport)
class ResearchReportAdmin(RecordAdmin):
    list_display = ("date", "title", "authors", "status", "deleted_at")
    list_filter = ("status", "campaign")
    search_fields = ("title", "authors", "summary")
