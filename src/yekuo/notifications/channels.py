"""Channel adapters: each sends one notification or raises. The outbox (delivery.py) decides about retries.

An adapter raises DeliveryRefused when retrying cannot help (no address, no gateway configured) and any
other exception for a failure that may pass (server down, timeout, HTTP 500).
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from collections.abc import Callable, Mapping
from typing import Protocol

from django.core.mail import get_connection, send_mail

from yekuo.accounts.models import AccountKind, User
from yekuo.notifications.configuration import (
    NotificationConfigurationError,
    SmsGatewaySettings,
    SmtpSettings,
    sms_gateway_settings,
    smtp_settings,
)
from yekuo.notifications.models import DeliveryChannel, Notification

logger = logging.getLogger("yekuo.notifications")

MOBILE_NUMBER = re.compile(r"^1\d{10}$")  # mainland China mobile numbers
SMS_TEXT_LIMIT = 500
GATEWAY_ERROR_EXCERPT = 200

MobileResolver = Callable[[User], str]


class DeliveryRefused(Exception):
    """Sending cannot succeed however often it is tried; the delivery fails at once."""


class SmsGatewayError(Exception):
    """The gateway answered, but not with success."""


class Channel(Protocol):
    def send(self, notification: Notification) -> None: ...


def one_line(text: str) -> str:
    return " ".join(text.split())


class ConsoleChannel:
    """The demo's channel: one log line per notification."""

    def send(self, notification: Notification) -> None:
        logger.info(
            "notification to %s: %s (%s)",
            notification.recipient.username,
            one_line(notification.title),
            one_line(notification.body),
        )


class EmailChannel:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, notification: Notification) -> None:
        address = notification.recipient.email
        if not address:
            raise DeliveryRefused("the recipient has no e-mail address")
        connection = get_connection(
            host=self.settings.host,
            port=self.settings.port,
            username=self.settings.username,
            password=self.settings.password,
            use_tls=self.settings.use_tls,
            timeout=self.settings.timeout_seconds,
        )
        send_mail(
            subject=one_line(notification.title),
            message=notification.body,
            from_email=self.settings.from_address,
            recipient_list=[address],
            connection=connection,
        )


def customer_login_mobile(user: User) -> str:
    """A customer logs in with their mobile number; staff numbers need the organisation (see the worker)."""
    if user.kind == AccountKind.CUSTOMER and MOBILE_NUMBER.fullmatch(user.username):
        return user.username
    return ""


class SmsChannel:
    """POST {"mobile": …, "text": …} as JSON to the gateway, with a bearer token when one is configured."""

    def __init__(
        self, settings: SmsGatewaySettings, recipient_mobile: MobileResolver = customer_login_mobile
    ) -> None:
        self.settings = settings
        self.recipient_mobile = recipient_mobile

    def send(self, notification: Notification) -> None:
        if not self.settings.url_is_usable:
            raise DeliveryRefused("YEKUO_SMS_GATEWAY_URL is not set to an http(s) address")
        mobile = self.recipient_mobile(notification.recipient)
        if not mobile:
            raise DeliveryRefused("the recipient has no mobile number")
        text = f"{one_line(notification.title)}\n{notification.body}".strip()[:SMS_TEXT_LIMIT]
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        request = urllib.request.Request(  # noqa: S310  # the scheme is checked above: http or https only
            self.settings.url,
            data=json.dumps({"mobile": mobile, "text": text}, ensure_ascii=False).encode("utf-8"),
            headers=headers,
            method="POST",
        )
        # urlopen raises HTTPError (an OSError) for 4xx and 5xx answers: retried like a network failure.
        with urllib.request.urlopen(request, timeout=self.settings.timeout_seconds) as response:  # noqa: S310
            status = response.status
            if not 200 <= status < 300:  # HTTP's success range
                excerpt = response.read(GATEWAY_ERROR_EXCERPT).decode("utf-8", "replace")
                raise SmsGatewayError(f"SMS gateway answered {status}: {excerpt}")


class MisconfiguredChannel:
    """Stands in for a channel whose settings are malformed (the system check names them)."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def send(self, notification: Notification) -> None:
        raise DeliveryRefused(self.problem)


def channels_from_environment(
    *, recipient_mobile: MobileResolver = customer_login_mobile
) -> Mapping[str, Channel]:
    """One adapter per channel, configured from the environment (configuration.py)."""
    email: Channel
    try:
        email = EmailChannel(smtp_settings())
    except NotificationConfigurationError as error:
        email = MisconfiguredChannel(str(error))
    return {
        DeliveryChannel.CONSOLE: ConsoleChannel(),
        DeliveryChannel.EMAIL: email,
        DeliveryChannel.SMS: SmsChannel(sms_gateway_settings(), recipient_mobile),
    }
