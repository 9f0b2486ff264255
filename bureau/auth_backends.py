from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from bureau.ledger.notifications import unread_count_annotation
from bureau.models import Bureau


class BureauUserBackend(ModelBackend):
    """Loads the user with their bureau and department (every page's menu shows both) and the unread
    count of the bell, in the one query that loads the user for each request; and whether bureaus report to
    theirs (the menu then shows the 报送情况 board)."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("bureau", "department")
            .annotate(
                unread_notification_count=unread_count_annotation(),
                receives_reports=Exists(Bureau.objects.filter(parent=OuterRef("bureau_id"))),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user and self.user_can_authenticate(user) else None
