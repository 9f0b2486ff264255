from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BureauConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bureau"
    verbose_name = _("组织与账户")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from bureau import audit_signals, security_log  # noqa: F401  (connect the login signals
        from bureau.roles import ensure_role_groups

        audit_signals.connect()

        # After the last ledger app has migrated, when every model's permissions exist.
        post_migrate.connect(ensure_role_groups, sender=apps.get_app_config("reports"))
