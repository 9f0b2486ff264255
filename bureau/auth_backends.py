from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from bureau.ledger.notifications import unread_count_annotation


class BureauUserBackend(ModelBackend):
    """Loads the user with their bureau and department (every page's menu shows both) and the unread
    count of the bell, in the one query that loads the user for each request."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("bureau", "department")
            .annotate(unread_notification_count=unread_count_annotation())
            .filter(pk=user_id)
            .first()
        )
        return user if user and self.user_can_authenticate(user) else None
