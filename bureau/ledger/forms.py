"""The base form every ledger record's form builds on."""

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.choices import AttachmentKind
from bureau.ledger.access import Action, restricted_manager
from bureau.ledger.period_locks import is_locked, locked_message
from bureau.ledger.uploads import MultipleFileField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class NewDeadlineField(forms.DateField):
    """A new deadline (延期): a day from today on. The one rule for the step page and the list's bulk 延期."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("新的时限"))
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        today = timezone.localdate()
        if value and value < today:
            raise forms.ValidationError(_("新的时限不能早于今天（%(today)s）。") % {"today": today.isoformat()})


def scope_choices(field: forms.ModelChoiceField, user, current=()) -> None:
    """Offer what `restrict(user, "choose")` allows: the user's own bureau's rows, live and active,
    plus whatever the record already points at (a retired policy stays ticked on the visit that used it).

    A forged POST naming another bureau's id is then an invalid choice, never a leak.
    """
    model = field.queryset.model
    manager = restricted_manager(model)
    if not hasattr(manager, "restrict"):
        return
    allowed = manager.restrict(user, Action.CHOOSE)
    names = {f.name for f in model._meta.get_fields()}
    current = [pk for pk in current if pk is not None]
    if "deleted_at" in names:
        allowed = allowed.filter(Q(deleted_at__isnull=True) | Q(pk__in=current))
    if "is_active" in names:
        allowed = allowed.filter(Q(is_active=True) | Q(pk__in=current))
    field.queryset = allowed.select_related(*getattr(model, "str_select_related", ()))


class RecordForm(forms.ModelForm):
    """A record's form, limited to the user's own bureau.

    Every choice among other rows (campaign, department, people, enterprises, visits, topics…) comes
    from `scope_choices`. The hidden version field catches an edit made from a stale page (someone
    else saved in between); a save racing another one is caught by Record.save's conditional update.
    """

    attachment_files = MultipleFileField(
        label=_("附件（照片、签到表、文档）"),
        help_text=_("可多选；JPG、PNG、PDF、DOCX、XLSX，每个不超过 10 MB。"),
    )
    attachment_kind = forms.ChoiceField(
        label=_("附件类别"), choices=AttachmentKind.choices, initial="photo", required=False
    )
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # One per rendered create form: the same form posted twice (a double click, a resend) saves once.
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    stale_changes = None

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                scope_choices(field, user, self._current_ids(name, field))
        if "department" in self.fields and not self.instance.pk:
            self.fields["department"].initial = user.department_id
        if "campaign" in self.fields:
            self.fields["campaign"].empty_label = None
            if not self.instance.pk:
                active = self.fields["campaign"].queryset.model.objects.active_for_bureau(user.bureau_id)
                self.fields["campaign"].initial = active.pk if active else None
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput) and not isinstance(field.widget, DateInput):
                field.widget = DateInput(attrs=field.widget.attrs)
            if isinstance(field, forms.TypedChoiceField | forms.ModelChoiceField) and getattr(field, "empty_label", 1):
                field.empty_label = _("请选择")
            if isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", _("请选择")), *field.choices[1:]]
        self.fields["opened_version"].initial = self.instance.version if self.instance.pk else None
        if not self.instance.pk:
            self.fields["submission_token"].initial = uuid.uuid4().hex

    def _current_ids(self, name, field) -> list:
        if not self.instance.pk or name not in {f.name for f in self.instance._meta.get_fields()}:
            return []
        if isinstance(field, forms.ModelMultipleChoiceField):
            return list(getattr(self.instance, name).values_list("pk", flat=True))
        return [getattr(self.instance, f"{name}_id", None)]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        if cleaned.get("attachment_files"):
            for day in sorted(getattr(self.instance, "fact_dates", set)()):
                if is_locked(self.instance.bureau_id, day):
                    self.add_error("attachment_files", locked_message(day))
        opened = cleaned.get("opened_version")
        if opened is None:
            # Without it a stale page would silently overwrite what someone else saved since.
            raise forms.ValidationError(_("表单缺少版本信息，无法判断记录是否已被他人修改。请刷新页面后重新编辑。"))
        if opened != self.instance.version:
            self.mark_stale(opened)
        return cleaned

    def mark_stale(self, opened: int):
        """Refuse the save and show what others changed since the version the user opened."""
        from bureau.ledger.history import changes_since

        current = type(self.instance).all_objects.get(pk=self.instance.pk)
        self.stale_changes = changes_since(current, opened)
        # Let the next save through once the user has seen the newer version.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = current.version
        error = forms.ValidationError(
            _("保存失败：您打开此页面后，这条记录已被他人修改。您填写的内容仍保留在下方，请核对最新内容后再保存。"),
            code="stale",
        )
        self.add_error(None, error)

    def save(self, commit=True):
        if self.instance.pk:
            # Record.save turns this into a conditional update: a save racing this one is refused.
            self.instance.expected_version = self.cleaned_data["opened_version"]
        return super().save(commit)

    def _post_clean(self):
        # The model's clean() needs bureau and campaign to check dates; set them before it runs.
        if not self.instance.pk:
            self.instance.bureau_id = self.user.bureau_id
            self.instance.recorded_by = self.user
        super()._post_clean()
        # Department breakdowns need one: a record left without defaults to its recorder's department.
        if not self.instance.pk and hasattr(self.instance, "department_id") and not self.instance.department_id:
            self.instance.department_id = self.user.department_id


class WorkItemForm(RecordForm):
    """A work item's form: what it is, who answers for it, who supervises it and by when.

    Its state, close-off and any later deadline or 责任人 change only through the steps of the work loop
    (bureau.ledger.lifecycle): on an existing item the form shows the deadline and the 责任人 but does not
    take them, and a new item's first step (交办) is recorded when it is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from bureau.choices import Role

        if "owner" in self.fields:
            # The auditor reads the trail and nothing of the ledger: never a 责任人.
            self.fields["owner"].queryset = self.fields["owner"].queryset.exclude(role=Role.AUDITOR)
            if not self.instance.pk:
                self.fields["owner"].initial = self.user.pk
        if "supervisor" in self.fields:
            leaders = self.fields["supervisor"].queryset.filter(role=Role.LEADER)
            self.fields["supervisor"].queryset = leaders
        if self.instance.pk:
            for name, help_text in (
                ("deadline", _("时限只能经“申请延期”并由局领导同意，或由局领导直接延期后变更。")),
                ("owner", _("更换责任人请由局领导在列表中勾选后“改派”。")),
            ):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = help_text

    def save(self, commit=True):
        from bureau.ledger.lifecycle import record_assignment

        created = self.instance.pk is None
        item = super().save(commit)
        if commit and created:
            record_assignment(item, self.user)
        return item


class AttachmentForm(forms.Form):
    files = MultipleFileField(
        label=_("选择文件"), required=True, help_text=_("JPG、PNG、PDF、DOCX、XLSX，每个不超过 10 MB。")
    )
    kind = forms.ChoiceField(label=_("附件类别"), choices=AttachmentKind.choices, initial="photo")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入类型"))
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["file"].help_text = _("请先下载模板，按模板填写；最多 %(n)s 行、%(size)s。") % {
            "n": settings.IMPORT_MAX_ROWS,
            "size": filesizeformat(settings.IMPORT_MAX_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(size)s，请拆分后分批导入。") % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        return upload


class ChangeLogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("记录类型"), required=False)
    user = forms.ModelChoiceField(label=_("修改人"), queryset=None, required=False, empty_label=_("全部"))
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, user, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部")), *kinds]
        self.fields["user"].queryset = get_user_model().objects.restrict(user, Action.AUDIT)
