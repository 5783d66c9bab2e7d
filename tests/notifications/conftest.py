"""Accounts to notify: a member of staff who reads English, a customer who reads Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from yekuo.accounts.models import AccountKind, User
from yekuo.core import clock

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[datetime]:
    with clock.frozen_at(MOMENT):
        yield MOMENT


@pytest.fixture(autouse=True)
def no_configured_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test states the channels it wants; the developer's environment must not leak in."""
    for name in (
        "YEKUO_NOTIFICATION_CHANNELS",
        "YEKUO_DEMO",
        "YEKUO_SMS_GATEWAY_URL",
        "YEKUO_SMS_GATEWAY_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def english_engineer(db: None) -> User:
    return User.objects.create_user(
        username="notify.engineer",
        kind=AccountKind.STAFF,
        display_name="Li Ming",
        email="li.ming@example.com",
        preferred_language="en",
    )


@pytest.fixture
def chinese_customer(db: None) -> User:
    return User.objects.create_user(username="13800138000", kind=AccountKind.CUSTOMER, display_name="张三")
