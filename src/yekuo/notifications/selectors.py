"""Reading the inbox: a user sees their own notifications and nobody else's."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from yekuo.accounts.models import User
from yekuo.notifications.models import Notification


def inbox_for(user: User | AnonymousUser) -> QuerySet[Notification]:
    """The user's notifications, newest first; nothing for an anonymous or deactivated user."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: User | AnonymousUser) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()
