"""The forms of 系统设置: the bureau's profile, departments, campaigns, leading groups, accounts, subjects, policies.

Every form that names rows of the bureau is given the admin (`user`) and offers only what
`restrict(user, Action.CHOOSE)` allows, filtered to the admin's own bureau.
"""

from django import forms
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db.models import Q
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from bureau.choices import Role
from bureau.ledger.access import Action
from bureau.ledger.forms import DateInput
from bureau.models import Bureau, Department, User
from campaigns.models import Campaign, LeadingGroupMember
from enterprises.models import Policy
from surveys.models import ResearchSubject, subject_key

from .services import roles_given_by


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


class SearchForm(forms.Form):
    """A list's search box (`?q=`)."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100)

    def text(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["q"].strip()
        return ""


class BureauRowForm(forms.ModelForm):
    """A row of the admin's bureau: the bureau is given (`bureau=`), never chosen on the form."""

    def __init__(self, *args, bureau, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.bureau = bureau


class ProfileForm(forms.ModelForm):
    """The bureau's own profile (单位信息)."""

    class Meta:
        model = Bureau
        fields = ["name", "contact_person", "contact_phone", "report_deadline_day"]

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if Bureau.objects.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("已有同名的单位。"))
        return name


class DepartmentForm(BureauRowForm):
    class Meta:
        model = Department
        fields = ["name"]

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        taken = Department.objects.filter(bureau=self.instance.bureau, name=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("本单位已有名为“%(name)s”的科室。") % {"name": name})
        return name

    def validate_unique(self):
        pass  # clean_name says it in Chinese; the database constraint still holds


class CampaignForm(BureauRowForm):
    class Meta:
        model = Campaign
        fields = ["name", "start", "end", "general_requirement"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean_name(self):
        return _one_line(self.cleaned_data["name"])


class NewCampaignForm(CampaignForm):
    """A new campaign, optionally started from an earlier one: its leading group, plan, targets, questionnaires."""

    copy_from = forms.ModelChoiceField(
        label=_("从以往的主题教育复制"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("不复制，从空白开始"),
        help_text=_("只复制下面勾选的内容；学习活动、调研走访、整改等已发生的记录不会复制。"),
    )
    copy_leading_group = forms.BooleanField(label=_("领导小组"), required=False, initial=True)
    copy_plan_tasks = forms.BooleanField(
        label=_("实施方案任务"),
        required=False,
        initial=True,
        help_text=_("重新交办：状态为待签收，时限顺延到新的起止日期内。"),
    )
    copy_targets = forms.BooleanField(label=_("目标"), required=False, initial=True)
    copy_questionnaires = forms.BooleanField(
        label=_("调查问卷（草稿）"), required=False, initial=True, help_text=_("只复制题目，不复制链接和答卷。")
    )
    make_active = forms.BooleanField(
        label=_("设为当前主题教育"),
        required=False,
        initial=True,
        help_text=_("各页面默认打开当前主题教育；原来的当前主题教育不再是当前的，其记录不受影响。"),
    )

    COPY_FIELDS = ("copy_leading_group", "copy_plan_tasks", "copy_targets", "copy_questionnaires")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, bureau=user.bureau, **kwargs)
        self.fields["copy_from"].queryset = Campaign.objects.restrict(user, Action.CHANGE).filter(bureau=user.bureau_id)


class LeadingGroupMemberForm(forms.ModelForm):
    class Meta:
        model = LeadingGroupMember
        fields = ["user", "role", "duty"]

    def __init__(self, *args, campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.fields["user"].queryset = (
            User.objects.restrict(user, Action.CHOOSE).filter(bureau=user.bureau_id).order_by("last_name", "first_name")
        )

    def clean_user(self):
        person = self.cleaned_data["user"]
        if LeadingGroupMember.objects.filter(campaign=self.instance.campaign, user=person).exists():
            raise forms.ValidationError(_("%(person)s 已在领导小组中。") % {"person": person})
        return person

    def validate_unique(self):
        pass  # clean_user says it in Chinese


class AccountForm(forms.ModelForm):
    """An account of the admin's bureau: names, e-mail, role (at most the admin's own), department, reminders.

    Never the superuser flag, the bureau, groups or permissions: they are not fields here, so a POST
    naming them changes nothing.
    """

    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "email", "role", "department", "email_reminders"]
        labels = {"last_name": _("姓"), "first_name": _("名")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = user
        if self.instance.pk is None:
            self.instance.bureau = user.bureau
        else:
            # A username is how its holder signs in and how the audit trail names them: it stays.
            del self.fields["username"]
        if "username" in self.fields:
            self.fields["username"].validators = [
                ASCIIUsernameValidator(message=_("用户名只能包含英文字母、数字和 @ . + - _ 字符。"))
            ]
            self.fields["username"].help_text = _("登录用，150 个字符以内：英文字母、数字和 @ . + - _。")
        role = self.fields["role"]
        role.choices = roles_given_by(user)
        if self.instance.pk is not None and self.instance.pk == user.pk:
            # An admin never changes their own rights: another admin does it, so nobody raises or drops
            # their own role unnoticed (and a bureau is not left without an admin by a slip).
            role.disabled = True
            role.choices = Role.choices
            role.help_text = _("不能修改自己的角色，请由本单位的另一位管理员修改。")
        self.fields["department"].queryset = Department.objects.restrict(user, Action.CHOOSE).filter(
            bureau=user.bureau_id
        )
        self.fields["department"].required = False

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("用户名“%(username)s”已被使用。") % {"username": username})
        return username

    def clean_role(self):
        # The choices are those the admin may give (a disabled field keeps the stored role); say it again
        # here so no later change of the choices lets a POST raise anyone above the admin.
        role = self.cleaned_data["role"]
        if self.instance.pk is not None and self.instance.pk == self.actor.pk:
            return self.instance.role
        if role not in dict(roles_given_by(self.actor)):
            raise forms.ValidationError(_("您不能授予高于自己的角色。"))
        return role

    def validate_unique(self):
        pass  # clean_username says it in Chinese (and ignores case, as signing in does)

    def account_fields(self) -> dict:
        """The fields for services.create_account (everything but the username)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "username"}


class SubjectForm(BureauRowForm):
    class Meta:
        model = ResearchSubject
        fields = ["subject_type", "name"]

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        same = ResearchSubject.objects.filter(bureau=self.instance.bureau, name_key=subject_key(name))
        taken = same.exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(_("已有同名的调研对象：%(subject)s。") % {"subject": taken})
        return name


class PolicyForm(BureauRowForm):
    class Meta:
        model = Policy
        fields = ["name", "order", "is_active"]

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if Policy.objects.filter(bureau=self.instance.bureau, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("本单位已有名为“%(name)s”的政策。") % {"name": name})
        return name

    def validate_unique(self):
        pass  # clean_name says it in Chinese


class AccountFilterForm(SearchForm):
    role = forms.ChoiceField(label=_("角色"), required=False)
    department = forms.ModelChoiceField(label=_("科室"), queryset=Department.objects.none(), required=False)
    active = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), ("1", _("启用")), ("0", _("停用"))]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("用户名或姓名")
        self.fields["role"].choices = [("", _("全部")), *Role.choices]
        self.fields["department"].queryset = Department.objects.restrict(user, Action.CHOOSE).filter(
            bureau=user.bureau_id
        )
        self.fields["department"].empty_label = _("全部")

    def filter(self, accounts):
        if not self.is_bound or not self.is_valid():
            return accounts
        data = self.cleaned_data
        text = data["q"].strip()
        if text:
            # 王芳 is last_name 王 + first_name 芳: the full name is searched as it reads.
            accounts = accounts.annotate(full_name=Concat("last_name", "first_name")).filter(
                Q(username__icontains=text) | Q(full_name__icontains=text)
            )
        if data["role"]:
            accounts = accounts.filter(role=data["role"])
        if data["department"]:
            accounts = accounts.filter(department=data["department"])
        if data["active"]:
            accounts = accounts.filter(is_active=data["active"] == "1")
        return accounts
