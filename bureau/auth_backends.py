from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class BureauUserBackend(ModelBackend):
    """Loads the user with their bureau and department: every page's menu shows both."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("bureau", "department").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
