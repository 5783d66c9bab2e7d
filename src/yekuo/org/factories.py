"""factory_boy factories for the organisation, shared by the tests and the demo data."""

from __future__ import annotations

from typing import Any

import factory

from yekuo.org import services
from yekuo.org.models import RoleAssignment, Staff, Unit, UnitLevel
from yekuo.org.roles import Role

DEFAULT_TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105  # known to tests and nothing else


class UnitFactory(factory.Factory):
    """Build units through the service, so tree paths are right. Pass `parent` for a child unit."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda number: f"测试供电单位{number}")
    level = UnitLevel.PROVINCE_COMPANY
    region_code = factory.Sequence(lambda number: f"{110000 + number:06d}")
    parent = None

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return services.unit_create(**kwargs)


class StaffFactory(factory.Factory):
    class Meta:
        model = Staff

    username = factory.Sequence(lambda number: f"staff{number:04d}")
    password = DEFAULT_TEST_PASSWORD
    display_name = factory.Faker("name", locale="zh_CN")
    employee_number = factory.Sequence(lambda number: f"E{number:06d}")
    home_unit = factory.SubFactory(UnitFactory)
    job_title = ""

    @classmethod
    def _create(cls, model_class: type[Staff], *args: Any, **kwargs: Any) -> Staff:
        return services.staff_create(**kwargs)


def staff_with_role(*, role: Role, unit: Unit, **staff_fields: Any) -> Staff:
    """A staff member at `unit` holding `role` there: the usual persona in tests and the demo."""
    staff: Staff = StaffFactory(home_unit=unit, **staff_fields)
    services.role_grant(staff=staff, unit=unit, role=role)
    return staff


def role_assignment(*, staff: Staff, unit: Unit, role: Role) -> RoleAssignment:
    return services.role_grant(staff=staff, unit=unit, role=role)
