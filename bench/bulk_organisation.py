"""The province both bulk benchmarks build through the services (bench/workbench_queries.py,
bench/dashboard.py): 13 cities, 8 counties each, 10 supply stations each (1,040), with region codes
320000 (province), 32CC00 (city CC), 32CCKK (county KK of city CC) and 32CCKKSSS (station SSS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yekuo.org.models import Unit

CITIES, COUNTIES_PER_CITY, STATIONS_PER_COUNTY = 13, 8, 10


def build_province_tree() -> dict[str, Unit]:
    """Every unit, by region code."""
    from yekuo.org.models import UnitLevel  # noqa: PLC0415
    from yekuo.org.services import unit_create  # noqa: PLC0415

    province = unit_create(name="江苏省电力公司", level=UnitLevel.PROVINCE_COMPANY, region_code="320000")
    units = {province.region_code: province}
    for city_number in range(1, CITIES + 1):
        city = unit_create(
            name=f"第{city_number}地市供电公司",
            level=UnitLevel.CITY_COMPANY,
            region_code=f"32{city_number:02d}00",
            parent=province,
        )
        units[city.region_code] = city
        for county_number in range(1, COUNTIES_PER_CITY + 1):
            county = unit_create(
                name=f"第{city_number}-{county_number}区县供电公司",
                level=UnitLevel.COUNTY_COMPANY,
                region_code=f"32{city_number:02d}{county_number:02d}",
                parent=city,
            )
            units[county.region_code] = county
            for station_number in range(1, STATIONS_PER_COUNTY + 1):
                station = unit_create(
                    name=f"第{city_number}-{county_number}-{station_number}供电所",
                    level=UnitLevel.SUPPLY_STATION,
                    region_code=f"{county.region_code}{station_number:03d}",
                    parent=county,
                )
                units[station.region_code] = station
    return units
