"""Fixtures for the engine: the calendar, a customer and staff for every stage at the eastern station."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import OrganisationTree
from yekuo.calendar.selectors import reset_working_day_calendar_cache
from yekuo.calendar.services import calendar_seed_from_library
from yekuo.core import clock
from yekuo.customers.factories import enterprise_customer, person_customer
from yekuo.customers.models import Customer
from yekuo.org.factories import staff_with_role
from yekuo.org.models import Staff
from yekuo.org.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")


class FrozenClock:
    """The time as the services see it; tests move it forward."""

    def __init__(self, start: datetime) -> None:
        self._stack = ExitStack()
        self.now = start
        self._stack.enter_context(clock.frozen_at(start))

    def set(self, moment: datetime) -> None:
        self.now = moment
        self._stack.enter_context(clock.frozen_at(moment))

    def close(self) -> None:
        self._stack.close()


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in the utility's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def test_clock() -> Iterator[FrozenClock]:
    """Every engine test starts on Monday 2 March 2026, 09:00 in Shanghai, inside the loaded calendar."""
    frozen = FrozenClock(at(2026, 3, 2))
    yield frozen
    frozen.close()


@pytest.fixture
def working_calendar(db: None) -> None:
    """The migrations load 2004-2026; a transactional test that ran before may have emptied the tables."""
    calendar_seed_from_library()
    reset_working_day_calendar_cache()


@dataclass(frozen=True)
class Crew:
    """One staff member per role at the eastern county (covering its station)."""

    by_role: dict[Role, Staff]

    def __getitem__(self, role: Role) -> Staff:
        return self.by_role[role]


@pytest.fixture
def crew(organisation: OrganisationTree, working_calendar: None) -> Crew:
    return Crew(
        {
            role: staff_with_role(role=role, unit=organisation.county_east, username=f"east.{role.value}")
            for role in Role
        }
    )


@pytest.fixture
def household(organisation: OrganisationTree) -> Customer:
    return person_customer(service_unit=organisation.station_east)


@pytest.fixture
def factory_owner(organisation: OrganisationTree) -> Customer:
    return enterprise_customer(service_unit=organisation.station_east)
