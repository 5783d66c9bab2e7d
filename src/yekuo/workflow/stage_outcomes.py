"""Which outcome each stage needs (the one form per stage)."""

from __future__ import annotations

from yekuo.applications import outcomes
from yekuo.workflow.stages import Stage

OUTCOME_OF_STAGE: dict[str, type] = {
    Stage.ACCEPTANCE: outcomes.AcceptanceOutcome,
    Stage.SITE_SURVEY: outcomes.SiteSurveyOutcome,
    Stage.ACCESS_SYSTEM_DESIGN: outcomes.CustomerMilestoneOutcome,
    Stage.SUPPLY_SCHEME_DRAFTING: outcomes.SupplySchemeDraftOutcome,
    Stage.SUPPLY_SCHEME_APPROVAL: outcomes.SupplySchemeApprovalOutcome,
    Stage.CUSTOMER_DESIGN: outcomes.CustomerMilestoneOutcome,
    Stage.DESIGN_REVIEW: outcomes.InspectionOutcome,
    Stage.CUSTOMER_CONSTRUCTION: outcomes.CustomerMilestoneOutcome,
    Stage.MID_CONSTRUCTION_INSPECTION: outcomes.InspectionOutcome,
    Stage.CUSTOMER_COMPLETION: outcomes.CustomerMilestoneOutcome,
    Stage.GRID_SUPPORTING_WORKS: outcomes.GridWorksOutcome,
    Stage.COMPLETION_INSPECTION: outcomes.InspectionOutcome,
    Stage.SUPPLY_CONTRACT: outcomes.SupplyContractOutcome,
    Stage.BUSINESS_FEES: outcomes.CustomerMilestoneOutcome,
    Stage.METERING_AND_ENERGISATION: outcomes.MeteringOutcome,
    Stage.METERING_INSTALLATION: outcomes.MeteringOutcome,
    Stage.ENERGISATION: outcomes.EnergisationOutcome,
    Stage.ARCHIVING: outcomes.ArchiveOutcome,
    Stage.RETURN_VISIT: outcomes.ReturnVisitOutcome,
}

INSPECTION_STAGES = frozenset(
    {Stage.DESIGN_REVIEW, Stage.MID_CONSTRUCTION_INSPECTION, Stage.COMPLETION_INSPECTION}
)
ENERGISING_STAGES = frozenset({Stage.METERING_AND_ENERGISATION, Stage.ENERGISATION})
