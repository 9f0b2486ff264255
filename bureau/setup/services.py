"""What a bureau's admin sets up in 系统设置: accounts, campaigns and the first-run guide.

The pages (bureau.setup.views) call these; `create_bureau` calls them too, so a fresh install and the
pages follow one set of rules.
"""

import datetime
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.choices import Role
from bureau.models import Bureau, Department, User

# The roles a bureau admin may hand out: never one above their own. The auditor is appointed by the
# installation's superuser, never by the admin whose work they audit (等保2.0 separation of duties).
ROLE_RANK = {Role.STAFF: 0, Role.LEADER: 1, Role.ADMIN: 2}
# Easily confused characters are left out: the password is read off a screen and typed in.
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lIo") + "#%+=@"


def one_time_password(user: User | None = None, length: int = 12) -> str:
    """A random password that meets every password rule; its holder must change it at first login."""
    while True:
        candidate = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate


def roles_given_by(actor: User) -> list[tuple[str, str]]:
    """The (value, label) roles `actor` may give: those at or below their own (every role for a superuser)."""
    if actor.is_superuser:
        return list(Role.choices)
    rank = ROLE_RANK.get(actor.role, -1)
    return [(value, label) for value, label in Role.choices if ROLE_RANK.get(value, rank + 1) <= rank]


def may_manage(actor: User, account: User) -> bool:
    """Whether `actor` may change `account` in 系统设置: an account of their own bureau whose role they
    could give (so never the auditor, nor a superuser), or any account for a superuser."""
    if actor.is_superuser:
        return True
    if account.is_superuser or account.bureau_id != actor.bureau_id:
        return False
    return account.role in dict(roles_given_by(actor))


@transaction.atomic
def create_account(*, bureau: Bureau, username: str, actor: User | None = None, **fields) -> tuple[User, str]:
    """A new account of `bureau` with a one-time password; returns (user, password) — show it once."""
    user = User(username=username, bureau=bureau, **fields)
    password = one_time_password(user)
    user.set_password(password)
    user.must_change_password = True
    user.save()
    return user, password


@transaction.atomic
def reset_password(user: User) -> str:
    """A new one-time password for `user`; their sessions end with the old password."""
    password = one_time_password(user)
    user.set_password(password)
    user.must_change_password = True
    user.save()
    end_sessions(user)
    return password


@transaction.atomic
def set_active(user: User, active: bool):
    user.is_active = active
    user.save()
    if not active:
        end_sessions(user)


def end_sessions(user: User) -> int:
    """Deletes the stored sessions of `user`; returns how many.

    An inactive account or a changed password is refused on its next request whatever the session store
    (Django checks both on every request); with sessions in the database they are also removed at once.
    """
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def locked_usernames(usernames) -> set[str]:
    """Which of `usernames` django-axes locks out now (too many failed logins, not yet cooled off); one query."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))


def is_locked_out(user: User) -> bool:
    return user.username in locked_usernames([user.username])


def unlock(user: User) -> int:
    """Lifts the lock-out of `user` after too many failed logins (django-axes); returns the attempts cleared."""
    from axes.utils import reset

    return reset(username=user.username)


# --- campaigns -----------------------------------------------------------------------------------------


@transaction.atomic
def activate_campaign(campaign):
    """Makes `campaign` its bureau's one active campaign (the one every page opens on)."""
    from campaigns.models import Campaign

    for other in Campaign.objects.filter(bureau_id=campaign.bureau_id, is_active=True).exclude(pk=campaign.pk):
        other.is_active = False
        other.save()  # one by one, so each change is in the campaign's history
    if not campaign.is_active:
        campaign.is_active = True
        campaign.save()


@dataclass
class Copied:
    leading_group: int = 0
    plan_tasks: int = 0
    targets: int = 0
    questionnaires: int = 0


def _shifted(day: datetime.date, source, campaign) -> datetime.date:
    """`day` of `source` moved to the same place in `campaign`, kept inside it."""
    moved = day + (campaign.start - source.start)
    return min(max(moved, campaign.start), campaign.end)


@transaction.atomic
def copy_campaign(
    source, campaign, actor: User, *, leading_group=True, plan_tasks=True, targets=True, questionnaires=True
):
    """Starts the saved `campaign` from `source`: its leading group, plan tasks, targets and questionnaires.

    Departments are the bureau's, not a campaign's, so they carry over by themselves. Nothing that
    happened is copied: no study session, visit, answer or closed month. Plan tasks start again
    (待签收, their dates moved to the same place in the new campaign); questionnaires come as drafts with
    their questions, without links or answers, so nobody can answer before staff hand out new links.
    """
    from bureau.ledger.lifecycle import record_assignment
    from campaigns.models import LeadingGroupMember, PlanTask
    from reports.models import Target
    from surveys.models import Question, Questionnaire

    copied = Copied()
    if leading_group:
        for member in source.leading_group.select_related("user"):
            if member.user.is_active:
                LeadingGroupMember.objects.create(
                    campaign=campaign, user=member.user, role=member.role, duty=member.duty
                )
                copied.leading_group += 1
    if plan_tasks:
        for task in PlanTask.objects.filter(campaign=source).select_related("owner", "supervisor"):
            new_task = PlanTask.objects.create(
                campaign=campaign,
                bureau_id=campaign.bureau_id,
                department_id=task.department_id,
                recorded_by=actor,
                title=task.title,
                content=task.content,
                date=campaign.start,
                deadline=_shifted(task.deadline, source, campaign),
                owner=task.owner if task.owner.is_active else actor,
                supervisor=task.supervisor if task.supervisor and task.supervisor.is_active else None,
            )
            # A work item's loop starts with 交办, as when the task is recorded on its page: its 责任人 is told.
            record_assignment(new_task, actor)
            copied.plan_tasks += 1
    if targets:
        for target in Target.objects.filter(campaign=source):
            Target.objects.create(campaign=campaign, indicator=target.indicator, value=target.value)
            copied.targets += 1
    if questionnaires:
        for old in Questionnaire.objects.filter(campaign=source).prefetch_related("questions"):
            new = Questionnaire.objects.create(
                campaign=campaign,
                bureau_id=campaign.bureau_id,
                department_id=old.department_id,
                recorded_by=actor,
                title=old.title,
                intro=old.intro,
                thank_you=old.thank_you,
                opens_on=campaign.start,
                closes_on=None,
                accepting=True,
            )
            for question in old.questions.all():
                Question.objects.create(
                    questionnaire=new,
                    position=question.position,
                    kind=question.kind,
                    text=question.text,
                    help_text=question.help_text,
                    required=question.required,
                    options=question.options,
                )
            copied.questionnaires += 1
    return copied


# --- the first-run guide -------------------------------------------------------------------------------


@dataclass
class Step:
    title: str
    hint: str
    url: str
    done: bool


def guide_steps(bureau: Bureau) -> list[Step]:
    """The guide a new bureau's admin follows, in order, each step ticked once it is done."""
    from campaigns.models import Campaign
    from reports.models import Target

    campaign = Campaign.objects.active_for_bureau(bureau.pk)
    return [
        Step(
            _("单位信息"),
            _("填写联系人和联系电话：月报的填报人一栏用它。"),
            reverse("setup:profile"),
            bool(bureau.contact_person and bureau.contact_phone),
        ),
        Step(
            _("科室"),
            _("建立本局的科室，记录和账户都归属到科室。"),
            reverse("setup:departments"),
            Department.objects.filter(bureau=bureau).exists(),
        ),
        Step(
            _("账户"),
            _("为科员和局领导开设账户，每人一个初始密码，首次登录须修改。"),
            reverse("setup:accounts"),
            User.objects.filter(bureau=bureau, is_active=True).exclude(role=Role.ADMIN).exists(),
        ),
        Step(
            _("主题教育"),
            _("新建本次主题教育（名称和起止日期），或从上一次复制。"),
            reverse("setup:campaigns"),
            campaign is not None,
        ),
        Step(
            _("目标"),
            _("为各项指标设定目标值，领导看板按目标显示完成率。"),
            f"{reverse('reports:targets')}?campaign={campaign.pk}" if campaign else reverse("reports:targets"),
            campaign is not None and Target.objects.filter(campaign=campaign).exists(),
        ),
    ]


def needs_guide(user: User) -> bool:
    """A bureau without a campaign is not set up yet: its admin is shown the guide first."""
    from campaigns.models import Campaign

    return bool(user.bureau_id) and user.is_admin and not Campaign.objects.filter(bureau_id=user.bureau_id).exists()
