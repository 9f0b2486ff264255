from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("统计报表")

    def ready(self):
        from bureau import period_locks

        from .models import MonthClose

        period_locks.register(MonthClose.objects.is_locked)
