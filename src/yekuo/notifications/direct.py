"""Messages to a mobile number that has no account yet (verification codes): sent at once through the
configured channels and never stored, because the text holds a secret. Everything else goes through the
inbox and the outbox (services.notify)."""

from __future__ import annotations

from yekuo.accounts.models import AccountKind, User
from yekuo.notifications.channels import DeliveryRefused, SmsGatewayError, channels_from_environment
from yekuo.notifications.configuration import configured_channels
from yekuo.notifications.models import DeliveryChannel, Notification

DIRECT_CHANNELS = (DeliveryChannel.SMS, DeliveryChannel.CONSOLE)


def direct_text_send(*, mobile_number: str, title: str, body: str) -> bool:
    """Send the text to the number through every configured channel that reaches a phone (SMS, or the
    console in the demo). True when at least one channel took it."""
    chosen = [channel for channel in configured_channels() if channel in DIRECT_CHANNELS]
    if not chosen:
        return False
    adapters = channels_from_environment()
    # An unsaved account and message: the adapters need only the number, the title and the body.
    recipient = User(username=mobile_number, kind=AccountKind.CUSTOMER, display_name=mobile_number)
    message = Notification(recipient=recipient, kind="verification_code", title=title, body=body)
    sent = False
    for channel in chosen:
        try:
            adapters[channel].send(message)
        except (DeliveryRefused, SmsGatewayError, OSError):
            continue
        sent = True
    return sent
