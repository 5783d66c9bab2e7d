"""System checks for the notification settings, so a typo shows at start-up, not when a message is lost."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Warning
from django.utils.translation import gettext as _

from yekuo.notifications.configuration import (
    NotificationConfigurationError,
    configured_channels,
    requested_channel_names,
    sms_gateway_settings,
    smtp_settings,
)
from yekuo.notifications.models import DeliveryChannel


def check_notification_channels(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    known = set(DeliveryChannel.values)
    unknown = [name for name in requested_channel_names() if name not in known]
    if unknown:
        messages.append(
            Error(
                _("YEKUO_NOTIFICATION_CHANNELS names unknown channels: %(names)s.")
                % {"names": ", ".join(unknown)},
                hint=_("Choose among: email, sms, console."),
                id="notifications.E001",
            )
        )
    channels = configured_channels()
    if DeliveryChannel.EMAIL in channels:
        try:
            smtp_settings()
        except NotificationConfigurationError as error:
            messages.append(Error(str(error), id="notifications.E002"))
    if DeliveryChannel.SMS in channels and not sms_gateway_settings().url_is_usable:
        messages.append(
            Warning(
                _("SMS notifications are on, but YEKUO_SMS_GATEWAY_URL is not an http(s) address."),
                hint=_("Set YEKUO_SMS_GATEWAY_URL, or remove sms from YEKUO_NOTIFICATION_CHANNELS."),
                id="notifications.W001",
            )
        )
    return messages
