"""The roles as Django groups with model permissions, kept up to date after every migrate."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from bureau.choices import Role

LEDGER_APPS = ("bureau", "campaigns", "surveys", "enterprises", "reports")
# Stored names, not translated labels: a group's name must not change with the page language.
GROUP_NAMES = {Role.STAFF: "科员", Role.LEADER: "局领导", Role.ADMIN: "管理员", Role.AUDITOR: "审计员"}


def _record_models():
    from bureau.ledger.records import Record

    return [m for m in apps.get_models() if m._meta.app_label in LEDGER_APPS and issubclass(m, Record)]


def ensure_role_groups(**kwargs):
    """Staff and leaders work on records; admins may change everything of the ledger apps and accounts.

    These permissions only open the admin's screens; which rows a screen shows and changes is decided
    by `restrict` (bureau.ledger.access). No bureau role gets the auth app's groups and permissions: whoever
    could edit those could raise their own rights. Auditors read their pages in the app, not the admin."""
    record_perms = Permission.objects.filter(
        content_type__app_label__in=LEDGER_APPS,
        content_type__model__in=[m._meta.model_name for m in _record_models()],
    )
    view_perms = Permission.objects.filter(content_type__app_label__in=LEDGER_APPS, codename__startswith="view_")
    # Admins also manage accounts and lift login lock-outs (django-axes).
    admin_perms = Permission.objects.filter(content_type__app_label__in=(*LEDGER_APPS, "axes"))
    wanted = {
        Role.STAFF: record_perms | view_perms,
        Role.LEADER: record_perms | view_perms,
        Role.ADMIN: admin_perms,
        Role.AUDITOR: Permission.objects.none(),
    }
    for role, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set(perms.distinct())
