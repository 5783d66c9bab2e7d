"""Notifications: an in-app inbox that always works, and deliveries by channel sent after commit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "yekuo.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.core import checks  # noqa: PLC0415  # the app registry must be ready first

        from yekuo.notifications.checks import check_notification_channels  # noqa: PLC0415

        checks.register(check_notification_channels, "notifications")
