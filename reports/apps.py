from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("统计报表")

    def ready(self):
        from bureau.ledger import navigation, period_locks

        from .models import MonthClose

        period_locks.register(MonthClose.objects.is_locked)
        navigation.add("reports", _("工作看板"), "reports:dashboard")
        navigation.add("reports", _("月报导出与报送"), "reports:monthly")
        navigation.add("reports", _("目标设置"), "reports:targets", visible=lambda user: user.is_admin)
        navigation.add("reports", _("下级报送情况"), "reports:submissions", visible=receives_reports)


def receives_reports(user) -> bool:
    # Loaded with the user (bureau.auth_backends): whether bureaus below report to the user's own.
    return getattr(user, "receives_reports", False)
