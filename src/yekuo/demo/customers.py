"""30 demo customers spread over the 8 supply stations: 24 households and 6 enterprises."""

from __future__ import annotations

from yekuo.customers.factories import EnterpriseCustomerFactory, PersonCustomerFactory
from yekuo.customers.models import Customer
from yekuo.demo.organisation import DEMO_PASSWORD
from yekuo.org.models import Unit, UnitLevel

PEOPLE_PER_STATION = 3
FIRST_DEMO_MOBILE_NUMBER = 13800000001
STREETS = ("秣周东路", "天元中路", "胜太路", "龙眠大道", "双龙大道", "竹山路", "金宝路", "格致路", "清修路")
ENTERPRISES = (
    ("南京东山恒通机械制造有限公司", "江宁开发区", "将军大道"),
    ("南京秣陵绿源农产品加工有限公司", "秣陵街道", "秣陵路"),
    ("南京雄州新材料科技有限公司", "雄州街道", "园林西路"),
    ("南京龙池湖畔酒店管理有限公司", "龙池街道", "龙池湖路"),
    ("苏州木渎精密模具有限公司", "木渎镇", "金山南路"),
    ("苏州甪直水乡文旅发展有限公司", "甪直镇", "晓市路"),
)


TOWNS = frozenset(
    {"木渎", "甪直", "玉山", "周庄"}
)  # 镇 (towns); the other stations serve 街道 (subdistricts)


def _address(station: Unit, number: int) -> str:
    """A full postal address: province, city, county, township and street, as customers write it."""
    province, city, county = (unit.short_name for unit in Unit.objects.get_ancestors(station))
    township = f"{station.short_name}{'镇' if station.short_name in TOWNS else '街道'}"
    street = STREETS[number % len(STREETS)]
    return f"{province}省{city}市{county}{township}{street}{number + 8}号"


def build_customers(units: list[Unit]) -> list[Customer]:
    """Three households per station and one enterprise at each of the first six stations: mobile numbers
    13800000001 onwards (households first), all with the demo password."""
    stations = [unit for unit in units if unit.level == UnitLevel.SUPPLY_STATION]
    created: list[Customer] = []
    mobile_numbers = iter(range(FIRST_DEMO_MOBILE_NUMBER, FIRST_DEMO_MOBILE_NUMBER + 1_000))
    for station_number, station in enumerate(stations):
        for household in range(PEOPLE_PER_STATION):
            created.append(
                PersonCustomerFactory.create(
                    service_unit=station,
                    password=DEMO_PASSWORD,
                    mobile_number=str(next(mobile_numbers)),
                    address=_address(station, station_number * 7 + household * 3),
                )
            )
    for station, (name, township, street) in zip(stations, ENTERPRISES, strict=False):
        province, city, county = (unit.short_name for unit in Unit.objects.get_ancestors(station))
        created.append(
            EnterpriseCustomerFactory.create(
                service_unit=station,
                password=DEMO_PASSWORD,
                mobile_number=str(next(mobile_numbers)),
                name=name,
                address=f"{province}省{city}市{county}{township}{street}{len(created) + 100}号",
            )
        )
    return created
