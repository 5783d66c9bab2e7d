"""Reading the inbox: a user sees their own notifications and nobody else's."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.core.errors import AccessDenied
from yekuo.core.prepared import PreparedQuery
from yekuo.notifications.models import Notification


def inbox_for(user: User | AnonymousUser) -> QuerySet[Notification]:
    """The user's notifications, newest first; nothing for an anonymous or deactivated user."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


# The navigation's badge on every page: compiled once (core.prepared). Grouped by recipient, so it is a
# plain query of one row (none when nothing is unread).
UNREAD = PreparedQuery(
    lambda account_id: (
        Notification.objects.filter(recipient_id=account_id, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread")
    ),
    int,
)


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return 0
    rows = UNREAD.rows(user.pk)
    return int(rows[0][0]) if rows else 0


def inbox_unread_first(user: User | AnonymousUser) -> QuerySet[Notification]:
    """The inbox as a page lists it: unread messages first, each group newest first."""
    is_read = ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField())
    return inbox_for(user).annotate(is_read=is_read).order_by("is_read", "-created_at", "-pk")


def notification_get_for_user(*, user: User, notification_id: int) -> Notification:
    """One of the user's own notifications; AccessDenied for anyone else's (answered with 404)."""
    notification = inbox_for(user).filter(pk=notification_id).first()
    if notification is None:
        raise AccessDenied(_("This notification does not exist."), code="notification_not_found")
    return notification
