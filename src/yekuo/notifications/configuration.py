"""The notification settings, read from the environment when used (this app sits below yekuo.config).

YEKUO_NOTIFICATION_CHANNELS  comma-separated among email, sms, console; the in-app inbox is always on.
                             Default: console in the demo (YEKUO_DEMO=1), none otherwise.
YEKUO_SMTP_HOST, YEKUO_SMTP_PORT, YEKUO_SMTP_USER, YEKUO_SMTP_PASSWORD, YEKUO_SMTP_USE_TLS, YEKUO_SMTP_FROM
YEKUO_SMS_GATEWAY_URL        the gateway's HTTP(S) endpoint; it receives POST {"mobile": …, "text": …}
YEKUO_SMS_GATEWAY_TOKEN      sent as "Authorization: Bearer …" when set
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from yekuo.notifications.models import DeliveryChannel

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
SEND_TIMEOUT_SECONDS = 10


class NotificationConfigurationError(ValueError):
    """A notification setting is malformed; the message names the variable."""


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _flag(name: str) -> bool:
    return _text(name).lower() in TRUE_WORDS


def requested_channel_names() -> list[str]:
    """The channel names as configured, known or not (the system check reports unknown ones)."""
    raw = _text("YEKUO_NOTIFICATION_CHANNELS")
    if not raw:
        return [DeliveryChannel.CONSOLE.value] if _flag("YEKUO_DEMO") else []
    return [name.strip().lower() for name in raw.split(",") if name.strip()]


def configured_channels() -> list[DeliveryChannel]:
    """The channels every new notification is delivered through, besides the inbox."""
    known = {channel.value: channel for channel in DeliveryChannel}
    chosen: list[DeliveryChannel] = []
    for name in requested_channel_names():
        if name in known and known[name] not in chosen:
            chosen.append(known[name])
    return chosen


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str
    password: str
    use_tls: bool
    from_address: str
    timeout_seconds: int = SEND_TIMEOUT_SECONDS


def smtp_settings() -> SmtpSettings:
    raw_port = _text("YEKUO_SMTP_PORT", "25")
    try:
        port = int(raw_port)
    except ValueError:
        raise NotificationConfigurationError(
            f"YEKUO_SMTP_PORT must be a port number, not {raw_port!r}"
        ) from None
    return SmtpSettings(
        host=_text("YEKUO_SMTP_HOST", "localhost"),
        port=port,
        username=_text("YEKUO_SMTP_USER"),
        password=os.environ.get("YEKUO_SMTP_PASSWORD", ""),
        use_tls=_flag("YEKUO_SMTP_USE_TLS"),
        from_address=_text("YEKUO_SMTP_FROM", "yekuo@localhost"),
    )


@dataclass(frozen=True)
class SmsGatewaySettings:
    url: str
    token: str
    timeout_seconds: int = SEND_TIMEOUT_SECONDS

    @property
    def url_is_usable(self) -> bool:
        return self.url.startswith(("http://", "https://"))


def sms_gateway_settings() -> SmsGatewaySettings:
    return SmsGatewaySettings(url=_text("YEKUO_SMS_GATEWAY_URL"), token=_text("YEKUO_SMS_GATEWAY_TOKEN"))
