"""In-app notifications (站内通知): a line of text for one user, with an optional link, read or unread.

The bell in the navigation bar shows the unread count. That count comes with the signed-in user
(`unread_count_annotation`, added where the user is loaded for each request), so it costs no query
of its own on any page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        """A user's own notifications: nobody else reads or marks them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """A notification for one user: what happened (a reminder digest, say) and where to look."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.text.splitlines()[0][:60] if self.text else ""

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def notify(recipient, text: str, link: str = "") -> Notification:
    return Notification.objects.create(recipient=recipient, text=text, link=link)


def unread_count_annotation():
    """The user's unread count as a subquery of the query that loads the user."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), 0)


def unread_count(user) -> int:
    """For the bell: the count loaded with the user, or (for a user loaded some other way) one query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    loaded = getattr(user, "unread_notification_count", None)
    return loaded if loaded is not None else Notification.objects.for_recipient(user).unread().count()
