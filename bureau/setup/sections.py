"""The lists of 系统设置 (科室, 主题教育, 账户, 调研对象, 政策): what each one is, in one place.

A `Section` says what differs between them; `views.section_list` / `section_create` / `section_edit` /
`section_history` serve every section for the pages that have the common shape, and urls.py builds those
pages' paths from here. What a section does beyond that (a department's delete, a campaign's copy and
leading group, an account's one-time password) stays a view of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bureau.models import Department, User
from campaigns.models import Campaign
from enterprises.models import Policy
from surveys.models import ResearchSubject

from .forms import BureauRowForm, DepartmentForm, PolicyForm, SubjectForm

APP = "setup"


@dataclass(frozen=True)
class Section:
    """One list of 系统设置 and the pages of its rows, as the generic views and the list template use them."""

    name: str  # one row: the URL names "<name>-create", "<name>-edit", "<name>-history"
    path: str  # the list: its path "/setup/<path>/" and its URL name
    model: type[models.Model]
    title: str
    create_title: str
    count_text: str  # "共 %(n)s 个科室"
    empty_text: str
    template: str  # extends setup/list.html with the section's columns
    search_label: str = _("名称")
    order: tuple[str, ...] = ()
    annotate: dict = field(default_factory=dict)  # e.g. each department's accounts, counted in the list's query
    list_context: Callable[[User], dict] | None = None
    # The generic create and edit pages; without a form the section has views of its own for them.
    form: type[BureauRowForm] | None = None
    edit_title: str = ""
    created: str = ""  # "已新增科室“%(name)s”。"
    saved: str = ""
    deletable: bool = False  # the edit page links to "<name>-delete"

    def url_name(self, action: str) -> str:
        """The URL name (without the namespace) of the list ("list") or of a row's page ("edit", …)."""
        return self.path if action == "list" else f"{self.name}-{action}"

    def url(self, action: str, *args) -> str:
        return reverse(self.view_name(action), args=args)

    def view_name(self, action: str) -> str:
        return f"{APP}:{self.url_name(action)}"

    @property
    def history_view_name(self) -> str:
        # For the list template's {% url %}, which cannot call view_name("history").
        return self.view_name("history")


def _current_campaign(user: User) -> dict:
    # The list marks the bureau's current campaign (and offers the others to be made current).
    return {"current": Campaign.objects.active_for_bureau(user.bureau_id)}


DEPARTMENTS = Section(
    name="department",
    path="departments",
    model=Department,
    title=_("科室"),
    create_title=_("新增科室"),
    count_text=_("共 %(n)s 个科室"),
    empty_text=_("没有符合条件的科室。"),
    template="setup/departments.html",
    search_label=_("科室名称"),
    order=("name", "pk"),
    annotate={"user_count": Count("users")},
    form=DepartmentForm,
    edit_title=_("编辑科室"),
    created=_("已新增科室“%(name)s”。"),
    saved=_("科室已保存。"),
    deletable=True,
)

CAMPAIGNS = Section(
    name="campaign",
    path="campaigns",
    model=Campaign,
    title=_("主题教育"),
    create_title=_("新建主题教育"),
    count_text=_("共 %(n)s 次主题教育"),
    empty_text=_("没有符合条件的主题教育。"),
    template="setup/campaigns.html",
    order=("-start", "-pk"),
    list_context=_current_campaign,
)

ACCOUNTS = Section(
    name="account",
    path="accounts",
    model=User,
    title=_("账户"),
    create_title=_("新增账户"),
    count_text=_("共 %(n)s 个账户"),
    empty_text=_("没有符合条件的账户。"),
    template="setup/accounts.html",
)

SUBJECTS = Section(
    name="subject",
    path="subjects",
    model=ResearchSubject,
    title=_("调研对象"),
    create_title=_("新增调研对象"),
    count_text=_("共 %(n)s 个调研对象"),
    empty_text=_("没有符合条件的调研对象。"),
    template="setup/subjects.html",
    search_label=_("对象名称"),
    order=("subject_type", "name"),
    annotate={"visit_count": Count("visits", filter=Q(visits__deleted_at__isnull=True))},  # the live visits
    form=SubjectForm,
    edit_title=_("编辑调研对象"),
    created=_("已新增调研对象“%(name)s”。"),
    saved=_("调研对象已保存。"),
)

POLICIES = Section(
    name="policy",
    path="policies",
    model=Policy,
    title=_("政策"),
    create_title=_("新增政策"),
    count_text=_("共 %(n)s 项政策"),
    empty_text=_("没有符合条件的政策。"),
    template="setup/policies.html",
    search_label=_("政策名称"),
    order=("order", "pk"),
    form=PolicyForm,
    edit_title=_("编辑政策"),
    created=_("已新增政策“%(name)s”。"),
    saved=_("政策已保存。"),
)
