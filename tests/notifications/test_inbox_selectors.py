"""The inbox as pages list it (staff and customers alike): unread first, and one's own messages only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.core.errors import AccessDenied
from yekuo.notifications.models import Notification
from yekuo.notifications.selectors import inbox_unread_first, notification_get_for_user
from yekuo.notifications.services import notification_mark_read, notify


def message(recipient: User, title: str) -> Notification:
    return notify(recipient=recipient, kind="test", title=title, body="", channels=[])


def test_unread_messages_come_first_each_group_newest_first(
    chinese_customer: User, frozen_time: datetime
) -> None:
    first = message(chinese_customer, "first")
    with clock.frozen_at(frozen_time + timedelta(hours=1)):
        second = message(chinese_customer, "second")
    with clock.frozen_at(frozen_time + timedelta(hours=2)):
        third = message(chinese_customer, "third")
        notification_mark_read(user=chinese_customer, notification_id=third.pk)

    assert list(inbox_unread_first(chinese_customer)) == [second, first, third]
    assert list(inbox_unread_first(AnonymousUser())) == []


def test_a_user_gets_their_own_message_and_nobody_else_s(
    english_engineer: User, chinese_customer: User
) -> None:
    own = message(chinese_customer, "own")

    assert notification_get_for_user(user=chinese_customer, notification_id=own.pk) == own
    with pytest.raises(AccessDenied) as refused:
        notification_get_for_user(user=english_engineer, notification_id=own.pk)
    assert refused.value.code == "notification_not_found"
