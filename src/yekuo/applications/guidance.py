"""Plain-language guidance for applicants: which category and supply voltage a capacity usually needs.

The thresholds follow the 1996 供电营业规则 Art. 8 (single-phase 220 V below 10 kW; higher capacities at
higher voltages) and the 三零 policy that connects customers up to 160 kW at low voltage (regulations §1,
§4). They suggest; the supply scheme decides the voltage after the site survey."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import (
    LOW_VOLTAGE_CATEGORIES,
    THREE_ZERO_MAXIMUM_KILOWATTS,
    Category,
    VoltageLevel,
)

SINGLE_PHASE_MAXIMUM_KILOWATTS = Decimal(10)
# Upper capacity (kVA) usually served at each high voltage; above the last, 220 kV.
HIGH_VOLTAGE_BANDS: tuple[tuple[Decimal, VoltageLevel], ...] = (
    (Decimal(8_000), VoltageLevel.KV10),
    (Decimal(40_000), VoltageLevel.KV35),
    (Decimal(100_000), VoltageLevel.KV110),
)


@dataclass(frozen=True)
class CategoryHelp:
    category: Category
    summary: Promise
    typical_capacity: Promise


CATEGORY_HELP: tuple[CategoryHelp, ...] = (
    CategoryHelp(
        Category.LOW_VOLTAGE_RESIDENTIAL,
        _("A home: a flat or a house for living in. Only your identity document is needed (一证办)."),
        _("Usually up to 10 kW at 220 V; larger homes up to 160 kW at 380 V."),
    ),
    CategoryHelp(
        Category.LOW_VOLTAGE_NON_RESIDENTIAL,
        _(
            "A shop, office, workshop or farm supplied at low voltage. Up to 160 kW the utility builds "
            "and pays for the line to your meter (三零)."
        ),
        _("Up to 160 kW at 380 V."),
    ),
    CategoryHelp(
        Category.HIGH_VOLTAGE_SINGLE_SUPPLY,
        _("A factory or building with its own transformer, fed by one line at 10 kV or more."),
        _("Above 160 kW: usually 10 kV up to 8,000 kVA, 35 kV up to 40,000 kVA, 110 kV above."),
    ),
    CategoryHelp(
        Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY,
        _(
            "A site that must not lose power (hospital, data centre, process industry), fed by two or "
            "more lines. A high-reliability fee applies."
        ),
        _("As for a single supply, with two or more circuits."),
    ),
)


def suggested_voltage(*, category: str, capacity_kva: Decimal) -> VoltageLevel:
    """The voltage an application of this category and capacity is usually supplied at."""
    if category in LOW_VOLTAGE_CATEGORIES:
        if category == Category.LOW_VOLTAGE_RESIDENTIAL and capacity_kva <= SINGLE_PHASE_MAXIMUM_KILOWATTS:
            return VoltageLevel.V220
        return VoltageLevel.V380
    for upper, voltage in HIGH_VOLTAGE_BANDS:
        if capacity_kva <= upper:
            return voltage
    return VoltageLevel.KV220


def capacity_fits_category(*, category: str, capacity_kva: Decimal) -> bool:
    """Low-voltage categories end at 160 kW; above that the applicant needs a high-voltage category."""
    return category not in LOW_VOLTAGE_CATEGORIES or capacity_kva <= THREE_ZERO_MAXIMUM_KILOWATTS
