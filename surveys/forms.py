from django import forms
from django.db.models import Max
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from bureau.ledger.access import Action
from bureau.ledger.forms import DateInput, RecordForm
from bureau.ledger.period_locks import is_locked, locked_message

from .choices import CHOICE_KINDS, RATING_VALUES, QuestionKind, SubjectType
from .models import (
    Question,
    Questionnaire,
    QuestionnaireLink,
    ResearchReport,
    ResearchSubject,
    ResearchTopic,
    ResearchVisit,
    Suggestion,
    normalize_answer_code,
    subject_key,
)

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
MAX_OPTIONS = 30
OPTION_MAX_LENGTH = 100


class ResearchTopicForm(RecordForm):
    class Meta:
        model = ResearchTopic
        fields = ["campaign", "title", "date", "lead", "description", "department", "notes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}


class SubjectNameInput(forms.TextInput):
    """A text box that suggests the bureau's registered subjects (a <datalist>: no script, works offline)."""

    def __init__(self, subjects=(), attrs=None):
        super().__init__(attrs)
        self.subjects = subjects

    def render(self, name, value, attrs=None, renderer=None):
        attrs = attrs or {}
        list_id = f"{attrs.get('id') or name}-options"
        box = super().render(name, value, {**attrs, "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((s.name, s.get_subject_type_display()) for s in self.subjects)
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class ResearchVisitForm(RecordForm):
    """A visit names its subject by type and name; a name already registered is reused, not duplicated."""

    subject_type = forms.ChoiceField(
        label=_("对象类型"),
        choices=[("", _("请选择")), *SubjectType.choices],
        help_text=ResearchSubject._meta.get_field("subject_type").help_text,
    )
    subject_name = forms.CharField(
        label=_("对象名称"),
        max_length=100,
        widget=SubjectNameInput(attrs={"autocomplete": "off"}),
        help_text=_("输入时会提示已登记的对象，请尽量从提示中选择，同一对象只统计一次。"),
    )

    field_order = ["campaign", "subject_type", "subject_name", "date", "method", "place", "topic", "people_met"]
    # Where the two subject columns of an exported sheet read from (bureau.ledger.columns).
    exported_from = {"subject_type": "subject__subject_type", "subject_name": "subject__name"}

    class Meta:
        model = ResearchVisit
        fields = [
            "campaign",
            "date",
            "method",
            "place",
            "topic",
            "people_met",
            "findings",
            "department",
            "notes",
        ]
        widgets = {"findings": forms.Textarea(attrs={"rows": 4}), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._subjects = ResearchSubject.objects.restrict(self.user, Action.CHOOSE)
        self.fields["subject_name"].widget.subjects = self._subjects
        if self.instance.pk:
            self.fields["subject_type"].initial = self.instance.subject.subject_type
            self.fields["subject_name"].initial = self.instance.subject.name
        self._subject = None

    def clean(self):
        cleaned = super().clean()
        subject_type, name = cleaned.get("subject_type"), " ".join(cleaned.get("subject_name", "").split())
        if not subject_type or not name:
            return cleaned
        existing = self._subjects.filter(name_key=subject_key(name)).first()
        if existing is None:
            self._subject = ResearchSubject(bureau_id=self.user.bureau_id, subject_type=subject_type, name=name)
        elif existing.subject_type != subject_type:
            self.add_error(
                "subject_name",
                _("“%(name)s”已登记为“%(type)s”，请核对对象类型；如登记有误，请联系管理员更正。")
                % {"name": existing.name, "type": existing.get_subject_type_display()},
            )
        else:
            self._subject = existing
        return cleaned

    def save(self, commit=True):
        if self._subject.pk is None:
            self._subject.save()
        self.instance.subject = self._subject
        return super().save(commit)


class QuestionnaireForm(RecordForm):
    class Meta:
        model = Questionnaire
        fields = [
            "campaign",
            "title",
            "opens_on",
            "closes_on",
            "intro",
            "accepting",
            "thank_you",
            "department",
            "notes",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "thank_you": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def save(self, commit=True):
        from .services import ensure_default_link

        questionnaire = super().save(commit)
        if commit:
            ensure_default_link(questionnaire)
        return questionnaire


class QuestionForm(forms.ModelForm):
    """One question. Options are typed one per line; once answers exist, kind and options are fixed."""

    options_text = forms.CharField(
        label=_("选项（每行一个）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("仅单选题、多选题需要，至少两个选项。"),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required"]

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.fields["kind"].choices = QuestionKind.choices
        self.fields["options_text"].initial = "\n".join(self.instance.options or [])
        if self.instance.pk and questionnaire.questions_locked:
            for name in ("kind", "options_text"):
                self.fields[name].disabled = True
            self.fields["kind"].help_text = _("问卷已有答卷，题型和选项不能再修改。")

    def clean_options_text(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["options_text"].splitlines()]
        options = [line for line in lines if line]
        too_long = [line for line in options if len(line) > OPTION_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("选项“%(option)s…”过长，每个选项最多 %(n)s 个字。")
                % {"option": too_long[0][:10], "n": OPTION_MAX_LENGTH}
            )
        duplicates = sorted({line for line in options if options.count(line) > 1})
        if duplicates:
            raise forms.ValidationError(_("选项“%(option)s”重复了。") % {"option": duplicates[0]})
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(_("选项最多 %(n)s 个。") % {"n": MAX_OPTIONS})
        return options

    def clean(self):
        cleaned = super().clean()
        kind, options = cleaned.get("kind"), cleaned.get("options_text") or []
        if kind in CHOICE_KINDS and len(options) < 2:
            self.add_error("options_text", _("单选题和多选题至少需要两个选项。"))
        return cleaned

    def save(self, commit=True):
        question = self.instance
        question.questionnaire = self.questionnaire
        question.options = self.cleaned_data["options_text"] if question.kind in CHOICE_KINDS else []
        if question.pk is None:
            last = self.questionnaire.questions.aggregate(last=Max("position"))["last"]
            question.position = 0 if last is None else last + 1
        return super().save(commit)


class LinkForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireLink
        fields = ["label", "requires_code"]

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.questionnaire = questionnaire

    def clean_label(self):
        label = " ".join(self.cleaned_data["label"].split())
        if self.instance.questionnaire.links.filter(label=label).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("已有名为“%(label)s”的填写链接。") % {"label": label})
        return label


# --- answering -----------------------------------------------------------------------------------


class AnswerForm(forms.Form):
    """A questionnaire's answer sheet: one field per question, checked against the question's kind.

    Choices must be among the question's options and ratings between 1 and 5; required questions must be
    answered unless `enforce_required` is off (staff copying a paper sheet type in only what was answered).
    """

    def __init__(self, *args, questions, enforce_required=True, link=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.link = link
        if link is not None and link.requires_code:
            self.fields["answer_code"] = forms.CharField(
                label=_("答卷编码"),
                max_length=32,
                help_text=_("请填写工作人员发放的答卷纸条上印的编码（不区分大小写）。"),
                error_messages={"required": _("请填写答卷纸条上的编码。")},
                widget=forms.TextInput(
                    attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}
                ),
            )
        for number, question in enumerate(self.questions, start=1):
            field = self._field_for(question)
            field.required = question.required and enforce_required
            field.label = f"{number}. {question.text}"
            field.help_text = question.help_text
            field.question = question
            self.fields[question.field_name] = field

    @staticmethod
    def _field_for(question) -> forms.Field:
        required = {"required": _("此题为必答题，请作答。")}
        not_an_option = _("“%(value)s”不是此题的选项，请重新选择。")
        options = [(option, option) for option in question.options]
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(
                choices=options,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={**required, "invalid_choice": not_an_option},
            )
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={**required, "invalid_choice": not_an_option, "invalid_list": _("请选择此题的选项。")},
            )
        if question.kind == QuestionKind.RATING:
            return forms.TypedChoiceField(
                choices=[(value, str(value)) for value in RATING_VALUES],
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={**required, "invalid_choice": _("评分须为 1 到 5 之间的整数，“%(value)s”无效。")},
            )
        too_long = _("最多 %(limit_value)d 个字（当前 %(show_value)d 个字）。")
        if question.kind == QuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                error_messages={**required, "max_length": too_long},
            )
        return forms.CharField(
            max_length=SHORT_TEXT_MAX,
            widget=forms.TextInput(attrs={"class": "form-control"}),
            error_messages={**required, "max_length": too_long},
        )

    def clean_answer_code(self):
        code = self.link.codes.filter(code=normalize_answer_code(self.cleaned_data["answer_code"])).first()
        if code is None:
            raise forms.ValidationError(_("编码不正确，请核对答卷纸条上的编码。"))
        if code.is_used:
            raise forms.ValidationError(_("这个编码已经提交过答卷，每个编码只能使用一次。"))
        return code

    def answers(self) -> list[tuple[Question, dict]]:
        """(question, values for an Answer) for every question that was answered."""
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.MULTIPLE:
                chosen = set(value)
                # Keep the questionnaire's order of options, whatever order the browser sent them in.
                result.append((question, {"choices": [o for o in question.options if o in chosen]}))
            elif question.kind == QuestionKind.SINGLE:
                result.append((question, {"choices": [value]}))
            elif question.kind == QuestionKind.RATING:
                result.append((question, {"rating": value}))
            else:
                result.append((question, {"text": value}))
        return result

    def fields_in_order(self):
        return [self[question.field_name] for question in self.questions]


class PaperResponseForm(AnswerForm):
    """A paper questionnaire typed in by staff: which group it came from and the day it was filled in."""

    link = forms.ModelChoiceField(
        label=_("填写对象"),
        queryset=QuestionnaireLink.objects.none(),
        required=False,
        empty_label=_("未区分"),
        help_text=_("纸质问卷按哪一类对象统计。"),
    )
    filled_on = forms.DateField(label=_("填写日期"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, enforce_required=False, **kwargs)
        self.questionnaire = questionnaire
        self.fields["link"].queryset = questionnaire.links.all()
        self.order_fields(["link", "filled_on"])

    def clean_filled_on(self):
        day = self.cleaned_data["filled_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("填写日期不能晚于今天。"))
        # The answer counts in the month it was filled in; a closed month takes no more.
        if is_locked(self.questionnaire.bureau_id, day):
            raise forms.ValidationError(locked_message(day))
        return day


# --- suggestions and reports ---------------------------------------------------------------------


class SuggestionForm(RecordForm):
    class Meta:
        model = Suggestion
        fields = [
            "campaign",
            "date",
            "source",
            "questionnaire",
            "visit",
            "response",
            "raised_by",
            "category",
            "content",
            "status",
            "replied_on",
            "reply",
            "not_adopted_reason",
            "department",
            "notes",
        ]
        widgets = {
            "response": forms.HiddenInput,
            "content": forms.Textarea(attrs={"rows": 4}),
            "reply": forms.Textarea(attrs={"rows": 3}),
            "not_adopted_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].help_text = _("来源为调研走访或座谈会时选择。")

    def clean(self):
        cleaned = super().clean()
        response = cleaned.get("response")
        if response is not None and not cleaned.get("questionnaire"):
            cleaned["questionnaire"] = response.questionnaire
        return cleaned


class ResearchReportForm(RecordForm):
    class Meta:
        model = ResearchReport
        fields = ["campaign", "title", "topic", "authors", "date", "status", "summary", "department", "notes"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment_files"].label = _("报告文档")
        self.fields["attachment_kind"].initial = "document"


class AnswerCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("生成数量"),
        min_value=1,
        max_value=500,
        initial=50,
        help_text=_("按发放的答卷纸条数量生成，一次最多 500 个；每个编码只能提交一次答卷。"),
    )


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label=_("剔除原因"),
        min_length=2,
        max_length=200,
        error_messages={"required": _("请填写剔除原因。"), "min_length": _("剔除原因至少 %(limit_value)d 个字。")},
    )
