"""30 demo customers spread over the 8 supply stations: households, shops and factories."""

from __future__ import annotations

from yekuo.customers.factories import EnterpriseCustomerFactory, PersonCustomerFactory
from yekuo.customers.models import Customer
from yekuo.demo.organisation import DEMO_PASSWORD
from yekuo.org.models import Unit, UnitLevel

PEOPLE_PER_STATION = 3
ENTERPRISES_AT_FIRST_STATIONS = 6
FIRST_DEMO_MOBILE_NUMBER = 13800000001


def build_customers(units: list[Unit]) -> list[Customer]:
    """Three households per station and one enterprise at six of them: 30 customers with mobile numbers
    13800000001 onwards, all with the demo password."""
    stations = [unit for unit in units if unit.level == UnitLevel.SUPPLY_STATION]
    created: list[Customer] = []
    mobile_numbers = iter(range(FIRST_DEMO_MOBILE_NUMBER, FIRST_DEMO_MOBILE_NUMBER + 1_000))
    for station in stations:
        for _household in range(PEOPLE_PER_STATION):
            created.append(
                PersonCustomerFactory(
                    service_unit=station, password=DEMO_PASSWORD, mobile_number=str(next(mobile_numbers))
                )
            )
    for station in stations[:ENTERPRISES_AT_FIRST_STATIONS]:
        created.append(
            EnterpriseCustomerFactory(
                service_unit=station, password=DEMO_PASSWORD, mobile_number=str(next(mobile_numbers))
            )
        )
    return created
