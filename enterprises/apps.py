from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def give_new_bureau_policies(sender, instance, created, raw=False, **kwargs):
    """A new bureau starts with the standard policy list for enterprise visits."""
    if created and not raw:
        from .models import ensure_default_policies

        ensure_default_policies(instance.pk)


class EnterprisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enterprises"
    verbose_name = _("服务企业")

    def ready(self):
        from bureau.models import Bureau

        from . import record_types  # noqa: F401  (registers the record types)

        post_save.connect(give_new_bureau_policies, sender=Bureau, dispatch_uid="enterprises_default_policies")
