"""What the audit trail hears about without being called: logins, failures, lock-outs, permission grants."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from bureau.audit import AuditAction, record


def _bureau_of(username: str):
    return get_user_model().objects.filter(username=username).values_list("bureau_id", flat=True).first()


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    # Filed under the bureau of the account that was tried, so its auditor sees who tried it.
    record(AuditAction.LOGIN_FAILED, request=request, username=username, bureau_id=_bureau_of(username))


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    record(AuditAction.LOCKED_OUT, request=request, username=username, bureau_id=_bureau_of(username))


def _permissions_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or getattr(instance, "_syncing_role_group", False):
        return
    user_model = get_user_model()
    if isinstance(instance, user_model):
        what = "groups" if sender is user_model.groups.through else "user_permissions"
        detail = f"{what} {action.removeprefix('post_')} {sorted(pk_set or [])}"
        record(AuditAction.ACCOUNT, bureau_id=instance.bureau_id, target=instance.username, detail=detail)


def connect():
    user_model = get_user_model()
    m2m_changed.connect(_permissions_changed, sender=user_model.groups.through, dispatch_uid="audit-groups")
    m2m_changed.connect(
        _permissions_changed, sender=user_model.user_permissions.through, dispatch_uid="audit-user-permissions"
    )
