"""A passing outcome for every stage, as a clerk would enter it: for tests, benchmarks and scenarios."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from yekuo.applications import outcomes
from yekuo.core import clock
from yekuo.workflow.stages import Stage


def passing_outcome(  # noqa: PLR0911  # one outcome per stage
    stage: str, *, meter_number: str = "M0001", on: date | None = None
) -> outcomes.StageOutcome:
    now = clock.now()
    day = on or timezone.localdate(now)
    match stage:
        case Stage.ACCEPTANCE:
            return outcomes.AcceptanceOutcome()
        case Stage.SITE_SURVEY:
            return outcomes.SiteSurveyOutcome(
                surveyed_on=day,
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
            return outcomes.InspectionOutcome(inspected_on=day, passed=True)
        case Stage.GRID_SUPPORTING_WORKS:
            return outcomes.GridWorksOutcome(description="新建 10kV 线路 0.3 km", completed_on=day)
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
                contract_number="GY-2026-0001", signed_on=day, term_years=5, signatory="张经理"
            )
        case Stage.ARCHIVING:
            return outcomes.ArchiveOutcome(archive_number="GD-2026-0001")
        case Stage.RETURN_VISIT:
            return outcomes.ReturnVisitOutcome(visited_on=day, satisfaction=5, stage_times_match=True)
        case _:
            return outcomes.CustomerMilestoneOutcome(completed_on=day, firm_name="江苏电力设计院")
