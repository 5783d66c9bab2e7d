"""The in-app inbox: what notify writes, in whose language, and who may mark it read."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.core.errors import AccessDenied
from yekuo.notifications.checks import check_notification_channels
from yekuo.notifications.models import Delivery, DeliveryChannel, DeliveryStatus, Notification
from yekuo.notifications.selectors import inbox_for, unread_count
from yekuo.notifications.services import notification_mark_all_read, notification_mark_read, notify


def notify_overdue(recipient: User) -> Notification:
    return notify(
        recipient=recipient,
        kind="work_item.overdue",
        title=_("%(state)s: %(stage)s"),
        body=_("Site survey"),
        params={"state": _("Overdue"), "stage": _("Site survey")},
        application_id=7,
        work_item_id=11,
    )


def test_the_message_is_rendered_in_the_recipients_language(
    english_engineer: User, chinese_customer: User
) -> None:
    english = notify_overdue(english_engineer)
    chinese = notify_overdue(chinese_customer)

    assert (english.title, english.body) == ("Overdue: Site survey", "Site survey")
    assert (chinese.title, chinese.body) == ("超期: 现场勘查", "现场勘查")
    assert (english.application_id, english.work_item_id, english.read_at) == (7, 11, None)


def test_without_configured_channels_only_the_inbox_gets_the_message(english_engineer: User) -> None:
    notification = notify_overdue(english_engineer)

    assert list(inbox_for(english_engineer)) == [notification]
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        pytest.param({"YEKUO_DEMO": "1"}, [DeliveryChannel.CONSOLE], id="demo-defaults-to-console"),
        pytest.param(
            {"YEKUO_NOTIFICATION_CHANNELS": "email, SMS"},
            [DeliveryChannel.EMAIL, DeliveryChannel.SMS],
            id="configured-list",
        ),
        pytest.param(
            {"YEKUO_NOTIFICATION_CHANNELS": "email,pager"}, [DeliveryChannel.EMAIL], id="unknown-ignored"
        ),
    ],
)
def test_one_pending_delivery_is_queued_per_configured_channel(
    english_engineer: User,
    monkeypatch: pytest.MonkeyPatch,
    frozen_time: datetime,
    environment: dict[str, str],
    expected: list[DeliveryChannel],
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    notification = notify_overdue(english_engineer)

    deliveries = notification.deliveries.order_by("pk")
    assert [delivery.channel for delivery in deliveries] == expected
    assert {(d.status, d.attempts, d.next_attempt_at) for d in deliveries} == {
        (DeliveryStatus.PENDING, 0, frozen_time)
    }


def test_an_unknown_channel_is_reported_by_the_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "email,pager")

    assert [message.id for message in check_notification_channels()] == ["notifications.E001"]


def test_sms_without_a_gateway_is_reported_by_the_system_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "sms")

    assert [message.id for message in check_notification_channels()] == ["notifications.W001"]


def test_the_recipient_marks_a_message_read_once(english_engineer: User, frozen_time: datetime) -> None:
    notification = notify_overdue(english_engineer)
    assert unread_count(english_engineer) == 1

    notification_mark_read(user=english_engineer, notification_id=notification.pk)
    with clock.frozen_at(frozen_time + timedelta(hours=1)):
        again = notification_mark_read(user=english_engineer, notification_id=notification.pk)

    assert again.read_at == frozen_time
    assert unread_count(english_engineer) == 0


def test_nobody_else_marks_it_read_or_sees_it(english_engineer: User, chinese_customer: User) -> None:
    notification = notify_overdue(english_engineer)

    with pytest.raises(AccessDenied):
        notification_mark_read(user=chinese_customer, notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.read_at is None
    assert list(inbox_for(chinese_customer)) == []
    assert list(inbox_for(AnonymousUser())) == []


def test_all_messages_are_marked_read_at_once(english_engineer: User, chinese_customer: User) -> None:
    notify_overdue(english_engineer)
    notify_overdue(english_engineer)
    notify_overdue(chinese_customer)

    assert notification_mark_all_read(user=english_engineer) == 2
    assert unread_count(english_engineer) == 0
    assert unread_count(chinese_customer) == 1


def test_the_inbox_lists_the_newest_first(english_engineer: User, frozen_time: datetime) -> None:
    older = notify_overdue(english_engineer)
    with clock.frozen_at(frozen_time + timedelta(minutes=5)):
        newer = notify_overdue(english_engineer)

    assert list(inbox_for(english_engineer)) == [newer, older]
