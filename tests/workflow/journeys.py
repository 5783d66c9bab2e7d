"""Helpers that drive applications through the services as staff would, for tests and scenarios."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from yekuo.applications import outcomes
from yekuo.applications.models import Application
from yekuo.core import clock
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

TODAY = date(2026, 3, 2)


def open_item(application: Application, stage: str) -> WorkItem:
    return WorkItem.objects.get(
        application=application, stage=stage, status__in=[WorkItemStatus.OPEN, WorkItemStatus.CLAIMED]
    )


def open_stages(application: Application) -> set[str]:
    return set(
        WorkItem.objects.filter(
            application=application,
            status__in=[WorkItemStatus.OPEN, WorkItemStatus.CLAIMED, WorkItemStatus.SUSPENDED],
        ).values_list("stage", flat=True)
    )


def passing_outcome(stage: str, *, meter_number: str = "M0001") -> outcomes.StageOutcome:  # noqa: PLR0911
    now: datetime = clock.now()
    milestone = outcomes.CustomerMilestoneOutcome(completed_on=TODAY, firm_name="江苏电力设计院")
    match stage:
        case Stage.ACCEPTANCE:
            return outcomes.AcceptanceOutcome()
        case Stage.SITE_SURVEY:
            return outcomes.SiteSurveyOutcome(
                surveyed_on=TODAY,
                site_conditions="场地平整",
                nearest_supply_point="10kV 东山线 #12 杆",
                suggested_voltage="10kV",
            )
        case Stage.SUPPLY_SCHEME_DRAFTING:
            return outcomes.SupplySchemeDraftOutcome(
                connection_point="10kV 东山线 #12 杆",
                supply_voltage="10kV",
                circuit_count=1,
                supply_capacity_kva=Decimal(800),
                metering_method="高供高计",
            )
        case Stage.SUPPLY_SCHEME_APPROVAL:
            return outcomes.SupplySchemeApprovalOutcome()
        case Stage.DESIGN_REVIEW | Stage.MID_CONSTRUCTION_INSPECTION | Stage.COMPLETION_INSPECTION:
            return outcomes.InspectionOutcome(inspected_on=TODAY, passed=True)
        case Stage.GRID_SUPPORTING_WORKS:
            return outcomes.GridWorksOutcome(description="新建 10kV 线路 0.3 km", completed_on=TODAY)
        case Stage.METERING_AND_ENERGISATION | Stage.METERING_INSTALLATION:
            return outcomes.MeteringOutcome(
                meter_number=meter_number,
                initial_reading=Decimal(0),
                installed_at=now,
                energised_at=now if stage == Stage.METERING_AND_ENERGISATION else None,
            )
        case Stage.ENERGISATION:
            return outcomes.EnergisationOutcome(energised_at=now)
        case Stage.SUPPLY_CONTRACT:
            return outcomes.SupplyContractOutcome(
                contract_number="GY-2026-0001", signed_on=TODAY, term_years=5, signatory="张经理"
            )
        case Stage.ARCHIVING:
            return outcomes.ArchiveOutcome(archive_number="GD-2026-0001")
        case Stage.RETURN_VISIT:
            return outcomes.ReturnVisitOutcome(visited_on=TODAY, satisfaction=5, stage_times_match=True)
        case _:
            return milestone
