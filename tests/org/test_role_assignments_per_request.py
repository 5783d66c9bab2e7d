"""A request reads each user's role assignments and headships once; a grant, a revoke or a head named
inside it is seen at once."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yekuo.core import server_plans
from yekuo.org import access, services
from yekuo.org.factories import StaffFactory, UnitFactory, staff_with_role
from yekuo.org.models import UnitLevel
from yekuo.org.roles import Role

pytestmark = pytest.mark.django_db


_EXECUTE = re.compile(r"EXECUTE (yekuo_[0-9a-f]+)\(")


def _statements(context: CaptureQueriesContext) -> list[str]:
    """What each captured message ran: on PostgreSQL a prepared statement arrives as EXECUTE and its name
    (core.server_plans); its text is looked up. A message that prepares carries the text itself."""
    return [
        query["sql"]
        if "PREPARE " in query["sql"]
        else _EXECUTE.sub(lambda name: server_plans.statement_named(name.group(1)) or "", query["sql"])
        for query in context.captured_queries
    ]


def _assignment_reads(context: CaptureQueriesContext) -> int:
    return sum('FROM "org_roleassignment"' in sql for sql in _statements(context))


def _headship_reads(context: CaptureQueriesContext) -> int:
    joined = 'ON ("org_unit"."responsible_head_id" = "org_staff"."id")'
    return sum(joined in sql for sql in _statements(context))


def test_inside_the_block_the_assignments_are_read_once_and_again_after_a_change() -> None:
    county = UnitFactory.create(level=UnitLevel.COUNTY_COMPANY)
    staff = staff_with_role(role=Role.SURVEYOR, unit=county)
    user = staff.account
    with access.role_assignments_remembered(), CaptureQueriesContext(connection) as reads:
        assert access.scope_paths_for_user(user) == [county.path]
        assert access.scope_paths_for_user(user, roles=[Role.SURVEYOR]) == [county.path]
        assert access.scope_paths_for_user(user, roles=[Role.UNIT_HEAD]) == []
        assert _assignment_reads(reads) == 1

        services.role_grant(staff=staff, unit=county, role=Role.UNIT_HEAD)
        assert access.scope_paths_for_user(user, roles=[Role.UNIT_HEAD]) == [county.path]
        services.role_revoke(staff=staff, unit=county, role=Role.UNIT_HEAD)
        assert access.scope_paths_for_user(user, roles=[Role.UNIT_HEAD]) == []


def test_outside_a_request_nothing_is_remembered() -> None:
    county = UnitFactory.create(level=UnitLevel.COUNTY_COMPANY)
    staff = staff_with_role(role=Role.SURVEYOR, unit=county)
    with CaptureQueriesContext(connection) as reads:
        access.scope_paths_for_user(staff.account)
        access.scope_paths_for_user(staff.account)
    assert _assignment_reads(reads) == 2


def test_a_workbench_page_reads_the_viewers_roles_once(client: Client) -> None:
    county = UnitFactory.create(level=UnitLevel.COUNTY_COMPANY)
    staff = staff_with_role(role=Role.UNIT_HEAD, unit=county)
    client.force_login(staff.account)
    for path in ("/workbench/work/", "/workbench/applications/"):
        with CaptureQueriesContext(connection) as reads:
            assert client.get(path).status_code == 200
        assert _assignment_reads(reads) == 1, path


def test_inside_the_block_the_headships_are_read_once_and_again_after_a_head_is_named() -> None:
    county = UnitFactory.create(level=UnitLevel.COUNTY_COMPANY)
    deputy = StaffFactory.create(home_unit=county)
    user = deputy.account
    with access.role_assignments_remembered(), CaptureQueriesContext(connection) as reads:
        assert access.headed_paths_for_user(user) == []
        assert access.oversight_paths_for_user(user) == []
        assert _headship_reads(reads) == 1

        services.unit_set_responsible_head(unit=county, head=deputy)
        assert access.headed_paths_for_user(user) == [county.path]
        assert access.oversight_paths_for_user(user) == [county.path]
        assert _headship_reads(reads) == 2
        services.unit_set_responsible_head(unit=county, head=None)
        assert access.headed_paths_for_user(user) == []


def test_a_workbench_page_reads_the_viewers_headships_once(client: Client) -> None:
    county = UnitFactory.create(level=UnitLevel.COUNTY_COMPANY)
    staff = staff_with_role(role=Role.SURVEYOR, unit=county)
    services.unit_set_responsible_head(unit=county, head=staff)
    client.force_login(staff.account)
    for path in ("/workbench/work/", "/workbench/applications/", "/workbench/applications/?due=week"):
        with CaptureQueriesContext(connection) as reads:
            assert client.get(path).status_code == 200
        assert _headship_reads(reads) == 1, path
