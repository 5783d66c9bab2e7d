"""Outcomes are built from values named as their fields: the forms' cleaned data and the schemas' dumps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from yekuo.applications import outcomes
from yekuo.applications.outcome_values import from_values, row_type_of


def test_fields_are_taken_by_name_and_other_entries_ignored() -> None:
    survey = from_values(
        outcomes.SiteSurveyOutcome,
        {
            "surveyed_on": date(2026, 3, 2),
            "site_conditions": "场地平整",
            "nearest_supply_point": "#12 杆",
            "suggested_voltage": "10kV",
            "outcome-fee_1_name": "not a field of the survey",
        },
    )

    assert survey == outcomes.SiteSurveyOutcome(
        surveyed_on=date(2026, 3, 2),
        site_conditions="场地平整",
        nearest_supply_point="#12 杆",
        suggested_voltage="10kV",
    )


def test_a_missing_field_keeps_its_default() -> None:
    milestone = from_values(outcomes.CustomerMilestoneOutcome, {"completed_on": date(2026, 3, 2)})

    assert (milestone.firm_name, milestone.amount_yuan, milestone.note) == ("", None, "")


def test_rows_are_built_from_mappings_row_by_row() -> None:
    inspection = from_values(
        outcomes.InspectionOutcome,
        {
            "inspected_on": date(2026, 3, 2),
            "passed": False,
            "defects": [{"description": "接地不良", "location": "配电室", "requirement": "重做接地"}],
            "remarks": "",
        },
    )
    scheme = from_values(
        outcomes.SupplySchemeDraftOutcome,
        {
            "connection_point": "东山线",
            "supply_voltage": "10kV",
            "circuit_count": 1,
            "supply_capacity_kva": Decimal("630.0"),
            "metering_method": "高供高计",
            "fee_items": [],
        },
    )

    assert inspection.defects == (
        outcomes.Defect(description="接地不良", location="配电室", requirement="重做接地"),
    )
    assert scheme.fee_items == ()


def test_only_a_tuple_of_dataclass_rows_counts_as_rows() -> None:
    assert row_type_of(tuple[outcomes.FeeItem, ...]) is outcomes.FeeItem
    assert row_type_of(tuple[str, ...]) is None
    assert row_type_of(tuple[outcomes.FeeItem, outcomes.FeeItem]) is None
    assert row_type_of(str) is None
