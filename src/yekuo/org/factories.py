"""factory_boy factories for the organisation, shared by the tests and the demo data."""

# factory_boy's declarations are untyped calls.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

from typing import Any

from factory.base import Factory
from factory.declarations import Sequence, SubFactory
from factory.faker import Faker

from yekuo.org import services
from yekuo.org.models import RoleAssignment, Staff, Unit, UnitLevel
from yekuo.org.roles import Role

DEFAULT_TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105  # known to tests and nothing else


class UnitFactory(Factory[Unit]):
    """Build units through the service, so tree paths are right. Pass `parent` for a child unit."""

    class Meta:
        model = Unit

    name = Sequence(lambda number: f"测试供电单位{number}")
    level = UnitLevel.PROVINCE_COMPANY
    region_code = Sequence(lambda number: f"{110000 + number:06d}")
    parent = None

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return services.unit_create(**kwargs)


class StaffFactory(Factory[Staff]):
    class Meta:
        model = Staff

    username = Sequence(lambda number: f"staff{number:04d}")
    password = DEFAULT_TEST_PASSWORD
    display_name = Faker("name", locale="zh_CN")
    employee_number = Sequence(lambda number: f"E{number:06d}")
    home_unit = SubFactory(UnitFactory)
    job_title = ""

    @classmethod
    def _create(cls, model_class: type[Staff], *args: Any, **kwargs: Any) -> Staff:
        return services.staff_create(**kwargs)


def staff_with_role(*, role: Role, unit: Unit, **staff_fields: Any) -> Staff:
    """A staff member at `unit` holding `role` there: the usual persona in tests and the demo."""
    staff = StaffFactory.create(home_unit=unit, **staff_fields)
    services.role_grant(staff=staff, unit=unit, role=role)
    return staff


def role_assignment(*, staff: Staff, unit: Unit, role: Role) -> RoleAssignment:
    return services.role_grant(staff=staff, unit=unit, role=role)
