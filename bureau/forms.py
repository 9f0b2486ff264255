"""The base form every ledger record's form builds on."""

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .choices import AttachmentKind
from .models import Department
from .uploads import MultipleFileField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class RecordForm(forms.ModelForm):
    """A record's form, limited to the user's own bureau.

    Choices of campaign, department and people come only from the user's bureau, so a forged POST
    naming another bureau's ids is an invalid choice, not a leak. The hidden version field catches
    an edit made from a stale page (someone else saved in between).
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
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(bureau_id=user.bureau_id)
            if not self.instance.pk:
                self.fields["department"].initial = user.department_id
        if "campaign" in self.fields:
            from campaigns.models import Campaign  # campaigns builds on bureau, not the other way round

            self.fields["campaign"].queryset = Campaign.objects.filter(bureau_id=user.bureau_id)
            self.fields["campaign"].empty_label = None
            if not self.instance.pk:
                active = Campaign.objects.active_for_bureau(user.bureau_id)
                self.fields["campaign"].initial = active.pk if active else None
        colleagues = get_user_model().objects.filter(bureau_id=user.bureau_id, is_active=True)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is get_user_model():
                field.queryset = colleagues
            if isinstance(field.widget, forms.DateInput) and not isinstance(field.widget, DateInput):
                field.widget = DateInput(attrs=field.widget.attrs)
            if isinstance(field, forms.TypedChoiceField | forms.ModelChoiceField) and getattr(field, "empty_label", 1):
                field.empty_label = _("请选择")
            if isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", _("请选择")), *field.choices[1:]]
        self.fields["opened_version"].initial = self.instance.version if self.instance.pk else None
        if not self.instance.pk:
            self.fields["submission_token"].initial = uuid.uuid4().hex

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None and opened != self.instance.version:
            from .history import changes_since

            self.stale_changes = changes_since(self.instance, opened)
            # Let the next save through once the user has seen the newer version.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = self.instance.version
            raise forms.ValidationError(
                _("保存失败：您打开此页面后，这条记录已被他人修改。您填写的内容仍保留在下方，请核对最新内容后再保存。"),
                code="stale",
            )
        return cleaned

    def _post_clean(self):
        # The model's clean() needs bureau and campaign to check dates; set them before it runs.
        if not self.instance.pk:
            self.instance.bureau_id = self.user.bureau_id
            self.instance.recorded_by = self.user
        super()._post_clean()
        # Department breakdowns need one: a record left without defaults to its recorder's department.
        if not self.instance.pk and hasattr(self.instance, "department_id") and not self.instance.department_id:
            self.instance.department_id = self.user.department_id


class AttachmentForm(forms.Form):
    files = MultipleFileField(
        label=_("选择文件"), required=True, help_text=_("JPG、PNG、PDF、DOCX、XLSX，每个不超过 10 MB。")
    )
    kind = forms.ChoiceField(label=_("附件类别"), choices=AttachmentKind.choices, initial="photo")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入类型"))
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    dry_run = forms.BooleanField(label=_("只检查，不保存"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["file"].help_text = _("请先下载模板，按模板填写；最多 %(n)s 行。") % {"n": settings.IMPORT_MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件超过 10 MB，请拆分后分批导入。"))
        return upload


class ChangeLogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("记录类型"), required=False)
    user = forms.ModelChoiceField(label=_("修改人"), queryset=None, required=False, empty_label=_("全部"))
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, user, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部")), *kinds]
        self.fields["user"].queryset = get_user_model().objects.filter(bureau_id=user.bureau_id)
