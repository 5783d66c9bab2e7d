"""The outbox: each channel sends after commit; failures are retried with growing delays, then given up."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy as _
from pytest_django.fixtures import Settings

from yekuo.accounts.models import User
from yekuo.notifications.channels import ConsoleChannel, EmailChannel, SmsChannel, channels_from_environment
from yekuo.notifications.configuration import SmsGatewaySettings, smtp_settings
from yekuo.notifications.delivery import MAXIMUM_ATTEMPTS, deliver_pending
from yekuo.notifications.models import Delivery, DeliveryChannel, DeliveryStatus
from yekuo.notifications.services import notify


def queue(recipient: User, channel: DeliveryChannel) -> Delivery:
    notification = notify(
        recipient=recipient,
        kind="work_item.warned",
        title=_("Site survey"),
        body="Due by the end of 2026-03-23.",
        channels=[channel],
    )
    return notification.deliveries.get()


@dataclass
class Gateway:
    """A stand-in SMS gateway on 127.0.0.1: records each request, answers with the next status."""

    url: str
    statuses: list[int]
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway(url="", statuses=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append(
                {
                    "json": json.loads(self.rfile.read(length)),
                    "authorization": self.headers.get("Authorization"),
                }
            )
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status == 200 else b"gateway trouble")

        def log_message(self, format: str, *args: Any) -> None:  # the base class's name
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def sms_channel(gateway: Gateway) -> dict[str, SmsChannel]:
    return {
        DeliveryChannel.SMS: SmsChannel(
            SmsGatewaySettings(url=gateway.url, token="s3cret", timeout_seconds=5)
        )
    }


def test_the_console_channel_logs_one_line(english_engineer: User, caplog: pytest.LogCaptureFixture) -> None:
    delivery = queue(english_engineer, DeliveryChannel.CONSOLE)

    with caplog.at_level(logging.INFO, logger="yekuo.notifications"):
        report = deliver_pending(channels={DeliveryChannel.CONSOLE: ConsoleChannel()})

    delivery.refresh_from_db()
    assert (report.sent, delivery.status, delivery.attempts) == (1, DeliveryStatus.SENT, 1)
    assert caplog.messages == ["notification to notify.engineer: Site survey (Due by the end of 2026-03-23.)"]


def test_an_email_goes_to_the_recipients_address(english_engineer: User, settings: Settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery = queue(english_engineer, DeliveryChannel.EMAIL)

    deliver_pending(channels={DeliveryChannel.EMAIL: EmailChannel(smtp_settings())})

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    [message] = mail.outbox
    assert (message.subject, message.to, message.from_email) == (
        "Site survey",
        ["li.ming@example.com"],
        "yekuo@localhost",
    )


def test_a_malformed_smtp_port_fails_email_deliveries_with_the_reason(
    english_engineer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YEKUO_SMTP_PORT", "smtp")
    delivery = queue(english_engineer, DeliveryChannel.EMAIL)

    deliver_pending(channels=channels_from_environment())

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (
        DeliveryStatus.FAILED,
        "YEKUO_SMTP_PORT must be a port number, not 'smtp'",
    )


def test_without_an_email_address_the_delivery_fails_at_once(
    chinese_customer: User, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery = queue(chinese_customer, DeliveryChannel.EMAIL)

    report = deliver_pending(channels={DeliveryChannel.EMAIL: EmailChannel(smtp_settings())})

    delivery.refresh_from_db()
    assert (report.failed, delivery.status, delivery.attempts) == (1, DeliveryStatus.FAILED, 1)
    assert delivery.last_error == "the recipient has no e-mail address"
    assert mail.outbox == []


def test_an_sms_is_posted_as_json_with_the_bearer_token(chinese_customer: User, gateway: Gateway) -> None:
    delivery = queue(chinese_customer, DeliveryChannel.SMS)

    deliver_pending(channels=sms_channel(gateway))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert gateway.requests == [
        {
            "json": {"mobile": "13800138000", "text": "现场勘查\nDue by the end of 2026-03-23."},
            "authorization": "Bearer s3cret",
        }
    ]


def test_the_sms_gateway_comes_from_the_environment(
    chinese_customer: User, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YEKUO_SMS_GATEWAY_URL", gateway.url)
    queue(chinese_customer, DeliveryChannel.SMS)

    deliver_pending(channels=channels_from_environment())

    assert [request["authorization"] for request in gateway.requests] == [None]


def test_a_gateway_failure_is_retried_with_growing_delays_then_given_up(
    chinese_customer: User, gateway: Gateway, frozen_time: datetime
) -> None:
    gateway.statuses = [500] * MAXIMUM_ATTEMPTS
    delivery = queue(chinese_customer, DeliveryChannel.SMS)
    channels = sms_channel(gateway)

    moment = frozen_time
    delays = []
    for attempt in range(1, MAXIMUM_ATTEMPTS + 1):
        assert (
            deliver_pending(now=moment - timedelta(seconds=1), channels=channels).retrying == 0
        )  # not yet due
        report = deliver_pending(now=moment, channels=channels)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        assert "500" in delivery.last_error
        if attempt < MAXIMUM_ATTEMPTS:
            assert (report.retrying, delivery.status) == (1, DeliveryStatus.PENDING)
            delays.append(delivery.next_attempt_at - moment)
            moment = delivery.next_attempt_at
        else:
            assert (report.failed, delivery.status) == (1, DeliveryStatus.FAILED)

    assert delays == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert len(gateway.requests) == MAXIMUM_ATTEMPTS
    assert deliver_pending(now=moment + timedelta(days=1), channels=channels).failed == 0  # given up for good


def test_a_message_accepted_while_the_gateway_was_down_is_sent_when_it_is_back(
    chinese_customer: User, gateway: Gateway, frozen_time: datetime
) -> None:
    gateway.statuses = [503]
    delivery = queue(chinese_customer, DeliveryChannel.SMS)
    channels = sms_channel(gateway)

    deliver_pending(now=frozen_time, channels=channels)
    report = deliver_pending(now=frozen_time + timedelta(minutes=1), channels=channels)

    delivery.refresh_from_db()
    assert (report.sent, delivery.status, delivery.attempts, delivery.last_error) == (
        1,
        DeliveryStatus.SENT,
        2,
        "",
    )
    assert len(gateway.requests) == 2


def test_without_a_gateway_address_an_sms_fails_at_once(chinese_customer: User) -> None:
    delivery = queue(chinese_customer, DeliveryChannel.SMS)

    deliver_pending(channels={DeliveryChannel.SMS: SmsChannel(SmsGatewaySettings(url="", token=""))})

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "YEKUO_SMS_GATEWAY_URL" in delivery.last_error


def test_staff_without_a_mobile_number_get_no_sms(english_engineer: User, gateway: Gateway) -> None:
    delivery = queue(english_engineer, DeliveryChannel.SMS)

    deliver_pending(channels=sms_channel(gateway))

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (
        DeliveryStatus.FAILED,
        "the recipient has no mobile number",
    )
    assert gateway.requests == []


def test_a_claimed_delivery_is_not_taken_again_while_it_is_being_sent(english_engineer: User) -> None:
    delivery = queue(english_engineer, DeliveryChannel.CONSOLE)
    taken_twice: list[int] = []

    class Reentrant:
        def send(self, notification: object) -> None:
            taken_twice.append(deliver_pending(channels={DeliveryChannel.CONSOLE: ConsoleChannel()}).sent)

    deliver_pending(channels={DeliveryChannel.CONSOLE: Reentrant()})

    delivery.refresh_from_db()
    assert taken_twice == [0]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
