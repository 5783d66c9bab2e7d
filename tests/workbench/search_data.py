"""A small, known set of applications for the search tests: built through the services, then moved into
the states a filter looks for (completed, overdue, clock-stopped) directly, as the sweep would leave them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.conftest import OrganisationTree
from tests.workbench.conftest import Workload, submitted_application
from tests.workflow.conftest import Crew, at
from yekuo.applications.choices import ApplicationStatus, BusinessType
from yekuo.applications.factories import draft_application
from yekuo.applications.models import Application
from yekuo.customers.factories import person_customer
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import (
    ClockStop,
    ClockStopReason,
    ClockStopStatus,
    DeadlineState,
    WorkItem,
    WorkItemStatus,
)


@dataclass(frozen=True)
class SearchSet:
    """east_acceptance (household, residential), east_survey (enterprise, 10 kV, site survey),
    west_acceptance (the west station), east_capacity (欧阳明, capacity increase, overdue, due today),
    east_completed (completed on 20 February 2026, with an approved rectification clock stop)."""

    workload: Workload
    east_capacity: Application
    east_completed: Application

    @property
    def east_acceptance(self) -> Application:
        return self.workload.east_acceptance

    @property
    def east_survey(self) -> Application:
        return self.workload.east_survey

    @property
    def west_acceptance(self) -> Application:
        return self.workload.west_acceptance


def _received_on(application: Application, moment_days_ago: int) -> None:
    Application.objects.filter(pk=application.pk).update(
        submitted_at=at(2026, 3, 2) - timedelta(days=moment_days_ago)
    )


@pytest.fixture
def search_set(workload: Workload, organisation: OrganisationTree, crew: Crew) -> SearchSet:
    ouyang = person_customer(
        service_unit=organisation.station_east, name="欧阳明", address="江宁区东山街道上元大街88号"
    )
    capacity = draft_application(
        actor=ouyang.account,
        customer=ouyang,
        business_type=BusinessType.CAPACITY_INCREASE,
        premises_address="江宁区东山街道上元大街88号",
    )
    services.application_submit(actor=ouyang.account, application_id=capacity.pk)
    WorkItem.objects.filter(application=capacity).update(
        deadline_state=DeadlineState.OVERDUE, due_at=at(2026, 3, 3, 0, 0)
    )
    completed = submitted_application(
        person_customer(service_unit=organisation.station_east, name="钱多多", address="秣陵街道1号")
    )
    item = WorkItem.objects.get(application=completed)
    WorkItem.objects.filter(pk=item.pk).update(status=WorkItemStatus.COMPLETED, closed_at=at(2026, 2, 20))
    Application.objects.filter(pk=completed.pk).update(
        status=ApplicationStatus.COMPLETED,
        closed_at=at(2026, 2, 20, 15),
    )
    ClockStop.objects.create(
        work_item=item,
        application=completed,
        reason=ClockStopReason.RECTIFICATION,
        explanation="整改",
        status=ClockStopStatus.ENDED,
        requested_by=crew[Role.INSPECTOR].account,
        requested_at=at(2026, 2, 10),
        started_at=at(2026, 2, 10),
        ended_at=at(2026, 2, 12),
    )
    _received_on(completed, 30)  # 31 January
    _received_on(workload.east_survey, 10)  # 20 February
    for application in (capacity, completed):
        application.refresh_from_db()
    return SearchSet(workload=workload, east_capacity=capacity, east_completed=completed)
