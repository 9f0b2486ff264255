"""系统设置: the pages where a bureau's admin sets up the bureau (no Django admin needed).

Every page is the admin's own bureau's: `_admin` lets in the bureau's admins (and a superuser who has a
bureau), `_settings` gives the rows of their bureau they may change — `restrict(user, Action.CHANGE)`
narrowed to that one bureau, so a city's admin, who may read the counties below, changes none of them
here and an id of another bureau answers 404.

The lists' common pages (list, create, edit, history) are the `section_*` views, given a `sections.Section`
by urls.py; what only one list does has a view of its own below them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bureau import audit
from bureau.error_views import conflict
from bureau.ledger.access import Action, get_record_for_user
from bureau.ledger.history import describe_history
from bureau.models import AuditAction, Bureau, Department, User
from campaigns.models import Campaign, LeadingGroupMember

from . import services
from .forms import (
    AccountFilterForm,
    AccountForm,
    CampaignForm,
    LeadingGroupMemberForm,
    NewCampaignForm,
    ProfileForm,
    SearchForm,
)
from .sections import ACCOUNTS, CAMPAIGNS, DEPARTMENTS, Section

PAGE_SIZE = 50


def _admin(request) -> User:
    user = request.user
    if user.bureau_id is None or not user.is_admin:
        raise PermissionDenied(_("只有本单位的管理员可以进行系统设置。"))
    return user


def _settings(request, manager):
    """The rows of `manager`'s model that the admin sets up here: those of their own bureau they may change."""
    user = _admin(request)
    rows = manager.restrict(user, Action.CHANGE)
    return rows.filter(**{rows.bureau_path: user.bureau_id})


def _get(request, manager, pk):
    """One row of the admin's own bureau; 404 for any other (ids of other bureaus reveal nothing)."""
    rows = _settings(request, manager)
    return get_record_for_user(rows, request.user, pk, Action.CHANGE)


def _posted(request):
    # An empty POST is a form sent empty (bad input), not a page opened: only a GET shows an unbound form.
    return request.POST if request.method == "POST" else None


def _page(request, rows) -> dict:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "records": list(page.object_list),
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "query_without_page": query.urlencode(),
    }


def _form_page(request, form, *, title, section, section_url, status=None, **extra):
    context = {"form": form, "title": title, "section": section, "section_url": section_url, **extra}
    if status is None:
        status = 400 if form.is_bound else 200
    return render(request, "setup/form.html", context, status=status)


def _history(request, obj, *, section, section_url, edit_url):
    context = {
        "object": obj,
        "versions": describe_history(obj),
        "section": section,
        "section_url": section_url,
        "edit_url": edit_url,
    }
    return render(request, "setup/history.html", context)


def _with_password(response):
    # The one-time password is shown in this response only: no browser or proxy may keep a copy.
    add_never_cache_headers(response)
    return response


# --- the guide ------------------------------------------------------------------------------------------


@login_required
@require_GET
def guide(request):
    user = _admin(request)
    steps = services.guide_steps(user.bureau)
    context = {
        "bureau": user.bureau,
        "steps": steps,
        "done": sum(1 for step in steps if step.done),
        "first_run": services.needs_guide(user),
    }
    return render(request, "setup/guide.html", context)


# --- the bureau's profile -------------------------------------------------------------------------------


def _own_bureau(request) -> Bureau:
    return _get(request, Bureau.objects, _admin(request).bureau_id)


@login_required
def profile(request):
    bureau = _own_bureau(request)
    before = bureau.report_deadline_day
    form = ProfileForm(_posted(request), instance=bureau)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data["report_deadline_day"] != before:
            # As on the 报送情况 page: the deadline of the bureaus below is an audited setting.
            day = form.cleaned_data["report_deadline_day"]
            audit.record(AuditAction.ACCOUNT, request=request, target=str(bureau), detail=f"report_deadline_day={day}")
        messages.success(request, _("单位信息已保存。"))
        return redirect("setup:profile")
    return _form_page(
        request,
        form,
        title=_("单位信息"),
        section=_("系统设置"),
        section_url=reverse("setup:guide"),
        history_url=reverse("setup:profile-history"),
    )


@login_required
@require_GET
def profile_history(request):
    bureau = _own_bureau(request)
    return _history(
        request, bureau, section=_("单位信息"), section_url=reverse("setup:profile"), edit_url=reverse("setup:profile")
    )


# --- the sections' common pages: list, create, edit, history ---------------------------------------------


def _list_page(request, section: Section, context: dict, status=200):
    context = {
        "section": section,
        "create_url": section.url("create"),
        "clear_url": section.url("list"),
        "result_count": section.count_text % {"n": context["paginator"].count},
        **context,
    }
    return render(request, section.template, context, status=status)


@login_required
@require_GET
def section_list(request, section: Section):
    user = _admin(request)
    search = SearchForm(request.GET or None)
    rows = _settings(request, section.model.objects).annotate(**section.annotate).order_by(*section.order)
    if text := search.text():
        rows = rows.filter(name__icontains=text)
    extra = section.list_context(user) if section.list_context else {}
    return _list_page(request, section, {"search": search, **extra, **_page(request, rows)})


@login_required
def section_create(request, section: Section):
    user = _admin(request)
    form = section.form(_posted(request), bureau=user.bureau)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        messages.success(request, section.created % {"name": row.name})
        return redirect(section.url("list"))
    return _form_page(request, form, title=section.create_title, section=section.title, section_url=section.url("list"))


@login_required
def section_edit(request, section: Section, pk):
    row = _get(request, section.model.objects, pk)
    form = section.form(_posted(request), instance=row, bureau=row.bureau)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, str(section.saved))
        return redirect(section.url("list"))
    links = {"history_url": section.url("history", pk)}
    if section.deletable:
        links["delete_url"] = section.url("delete", pk)
    return _form_page(
        request, form, title=section.edit_title, section=section.title, section_url=section.url("list"), **links
    )


@login_required
@require_GET
def section_history(request, section: Section, pk):
    row = _get(request, section.model.objects, pk)
    return _history(
        request, row, section=section.title, section_url=section.url("list"), edit_url=section.url("edit", pk)
    )


# --- departments: the delete ------------------------------------------------------------------------


def _references(error: ProtectedError) -> str:
    """“学习活动 3 条、调研走访 1 条”: what still refers to a row, by kind."""
    counts: dict[str, int] = {}
    for obj in error.protected_objects:
        label = str(type(obj)._meta.verbose_name)
        counts[label] = counts.get(label, 0) + 1
    return "、".join(_("%(kind)s %(n)s 条") % {"kind": kind, "n": n} for kind, n in counts.items())


@login_required
def department_delete(request, pk):
    department = _get(request, Department.objects, pk)
    cancel = DEPARTMENTS.url("edit", pk)
    if request.method == "POST":
        people = department.users.count()
        if people:
            return conflict(
                request,
                _("科室“%(name)s”还有 %(n)s 个账户，不能删除。请先在“账户”中把他们调到其他科室。")
                % {"name": department.name, "n": people},
            )
        try:
            with transaction.atomic():
                department.delete()
        except ProtectedError as error:
            return conflict(
                request,
                _("科室“%(name)s”还有记录（%(records)s，含回收站中的记录），不能删除。")
                % {"name": department.name, "records": _references(error)},
            )
        messages.success(request, _("已删除科室“%(name)s”。") % {"name": department.name})
        return redirect(DEPARTMENTS.url("list"))
    confirm = {
        "action": _("删除科室"),
        "question": _("确定删除科室“%(name)s”吗？") % {"name": department.name},
        "consequence": _("只有没有账户、也没有记录的科室可以删除；删除会留在修改历史中。"),
        "irreversible": True,
        "cancel_url": cancel,
    }
    return render(request, "ledger/confirm.html", {"confirm": confirm})


# --- campaigns ------------------------------------------------------------------------------------------


def _copied_message(copied: services.Copied) -> str:
    parts = [
        (_("领导小组 %(n)s 人"), copied.leading_group),
        (_("实施方案任务 %(n)s 项"), copied.plan_tasks),
        (_("目标 %(n)s 项"), copied.targets),
        (_("调查问卷 %(n)s 份"), copied.questionnaires),
    ]
    return _("已复制：%(what)s。") % {"what": "、".join(text % {"n": n} for text, n in parts)}


@login_required
def campaign_create(request):
    user = _admin(request)
    form = NewCampaignForm(_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # One write: the campaign, which one is current, and what it starts with from the earlier one.
        with transaction.atomic():
            campaign = form.save(commit=False)
            campaign.is_active = False
            campaign.save()
            if data["make_active"]:
                services.activate_campaign(campaign)
            copied = None
            if data["copy_from"] is not None:
                copied = services.copy_campaign(
                    data["copy_from"],
                    campaign,
                    user,
                    leading_group=data["copy_leading_group"],
                    plan_tasks=data["copy_plan_tasks"],
                    targets=data["copy_targets"],
                    questionnaires=data["copy_questionnaires"],
                )
        text = _("已新建主题教育“%(name)s”。") % {"name": campaign.name}
        if data["make_active"]:
            text += _("它已是本单位的当前主题教育。")
        if copied is not None:
            text += _copied_message(copied)
        messages.success(request, text)
        return redirect("setup:campaign-edit", pk=campaign.pk)
    return _form_page(
        request,
        form,
        title=CAMPAIGNS.create_title,
        section=CAMPAIGNS.title,
        section_url=CAMPAIGNS.url("list"),
        groups=[
            ("", ["name", "start", "end", "general_requirement"]),
            (_("复制（可选）"), ["copy_from", *form.COPY_FIELDS]),
        ],
    )


def _records_outside(campaign, start, end) -> list[str]:
    """The kinds of record of `campaign` dated outside [start, end] (the recycle bin's too)."""
    from bureau.ledger.access import restricted_manager
    from bureau.ledger.registry import REGISTRY

    kinds = []
    for record_type in REGISTRY.values():
        model = record_type.model
        if not any(f.name == "campaign" for f in model._meta.fields):
            continue
        date = model.date_field
        rows = restricted_manager(model).filter(campaign=campaign)
        if rows.filter(Q(**{f"{date}__lt": start}) | Q(**{f"{date}__gt": end})).exists():
            kinds.append(str(model._meta.verbose_name))
    return kinds


@login_required
def campaign_edit(request, pk):
    campaign = _get(request, Campaign.objects, pk)
    form = CampaignForm(_posted(request), instance=campaign, bureau=campaign.bureau)
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        moved = {"start", "end"} & set(form.changed_data)
        outside = _records_outside(campaign, start, end) if moved else []
        if outside:
            form.add_error(
                None,
                _("已有记录的日期不在新的起止日期内（%(kinds)s），请先调整这些记录或改用更宽的起止日期。")
                % {"kinds": "、".join(outside)},
            )
        else:
            form.save()
            messages.success(request, _("主题教育已保存。"))
            return redirect("setup:campaign-edit", pk=pk)
    current = Campaign.objects.active_for_bureau(campaign.bureau_id)
    return _form_page(
        request,
        form,
        title=_("编辑主题教育"),
        section=CAMPAIGNS.title,
        section_url=CAMPAIGNS.url("list"),
        history_url=CAMPAIGNS.url("history", pk),
        campaign=campaign,
        is_current=current is not None and current.pk == campaign.pk,
    )


@login_required
@require_POST
def campaign_activate(request, pk):
    campaign = _get(request, Campaign.objects, pk)
    services.activate_campaign(campaign)
    messages.success(request, _("“%(name)s”已设为当前主题教育。") % {"name": campaign.name})
    return redirect(CAMPAIGNS.url("list"))


@login_required
def campaign_group(request, pk):
    """The campaign's leading group (领导小组): who is on it, and a form to add one more."""
    user = _admin(request)
    campaign = _get(request, Campaign.objects, pk)
    form = LeadingGroupMemberForm(_posted(request), campaign=campaign, user=user)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(request, _("已把 %(person)s 加入领导小组。") % {"person": member.user})
        return redirect("setup:campaign-group", pk=pk)
    members = _settings(request, LeadingGroupMember.objects).filter(campaign=campaign).select_related("user")
    context = {"campaign": campaign, "members": list(members), "form": form}
    return render(request, "setup/campaign_group.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def campaign_group_remove(request, pk, member_pk):
    campaign = _get(request, Campaign.objects, pk)
    member = _get(request, LeadingGroupMember.objects.filter(campaign=campaign).select_related("user"), member_pk)
    member.delete()
    messages.success(request, _("已把 %(person)s 移出领导小组。") % {"person": member.user})
    return redirect("setup:campaign-group", pk=pk)


# --- accounts -------------------------------------------------------------------------------------------


@login_required
@require_GET
def accounts(request):
    user = _admin(request)
    filters = AccountFilterForm(request.GET or None, user=user)
    rows = filters.filter(_settings(request, User.objects).select_related("department"))
    context = _page(request, rows.order_by("username"))
    # The lock-outs of the page's accounts: one query, whatever the page holds.
    locked = services.locked_usernames(account.username for account in context["records"])
    for account in context["records"]:
        account.locked_out = account.username in locked
        account.manageable = services.may_manage(user, account)
    context["filters"] = filters
    return _list_page(request, ACCOUNTS, context, status=400 if filters.errors else 200)


@login_required
def account_create(request):
    user = _admin(request)
    form = AccountForm(_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        account, password = services.create_account(
            bureau=user.bureau, username=form.cleaned_data["username"], actor=user, **form.account_fields()
        )
        context = {"account": account, "password": password, "created": True}
        return _with_password(render(request, "setup/account_password.html", context))
    return _form_page(
        request, form, title=ACCOUNTS.create_title, section=ACCOUNTS.title, section_url=ACCOUNTS.url("list")
    )


@login_required
def account_edit(request, pk):
    user = _admin(request)
    account = _managed_account(request, pk)
    form = AccountForm(_posted(request), instance=account, user=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("账户 %(username)s 已保存。") % {"username": account.username})
        return redirect("setup:account-edit", pk=pk)
    return _form_page(
        request,
        form,
        title=_("编辑账户"),
        section=ACCOUNTS.title,
        section_url=ACCOUNTS.url("list"),
        history_url=ACCOUNTS.url("history", pk),
        account=account,
        is_self=account.pk == user.pk,
        locked_out=services.is_locked_out(account),
    )


def _managed_account(request, pk) -> User:
    """An account of the admin's bureau that they may change: one whose role they could give."""
    account = _get(request, User.objects.select_related("department"), pk)
    if not services.may_manage(request.user, account):
        raise PermissionDenied(
            _("审计员的账户由系统管理员开设和修改，本单位管理员不能修改（三员分立：审计员审计管理员的操作）。")
        )
    return account


def _other_account(request, pk, refusal) -> User:
    account = _managed_account(request, pk)
    if account.pk == request.user.pk:
        raise PermissionDenied(refusal)
    return account


@login_required
@require_POST
def account_reset_password(request, pk):
    account = _other_account(request, pk, _("不能在这里重置自己的密码，请在“修改密码”页修改。"))
    password = services.reset_password(account)
    context = {"account": account, "password": password, "created": False}
    return _with_password(render(request, "setup/account_password.html", context))


@login_required
@require_POST
def account_active(request, pk):
    account = _other_account(request, pk, _("不能停用自己的账户，请由本单位的另一位管理员操作。"))
    services.set_active(account, not account.is_active)
    if account.is_active:
        messages.success(request, _("账户 %(username)s 已启用。") % {"username": account.username})
    else:
        messages.success(request, _("账户 %(username)s 已停用，其登录已全部退出。") % {"username": account.username})
    return redirect("setup:account-edit", pk=pk)


@login_required
@require_POST
def account_unlock(request, pk):
    account = _managed_account(request, pk)
    services.unlock(account)
    messages.success(request, _("已解除账户 %(username)s 的登录锁定。") % {"username": account.username})
    return redirect("setup:account-edit", pk=pk)
