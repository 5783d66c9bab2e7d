"""The labels the generated documents use: Chinese from docs/glossary.md, English from the enums' msgids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import translation

from yekuo.applications.choices import BusinessType, Category
from yekuo.org.roles import Role
from yekuo.workflow.definitions import ProcessVariant
from yekuo.workflow.rules import Confidence, WholeProcessScope
from yekuo.workflow.stages import Clock, Stage, StageCondition, StageOwner

STAGE_CHINESE: dict[str, str] = {
    Stage.ACCEPTANCE: "业务受理",
    Stage.SITE_SURVEY: "现场勘查",
    Stage.ACCESS_SYSTEM_DESIGN: "接入系统设计",
    Stage.SUPPLY_SCHEME_DRAFTING: "供电方案编制",
    Stage.SUPPLY_SCHEME_APPROVAL: "供电方案审批答复",
    Stage.CUSTOMER_DESIGN: "客户委托设计",
    Stage.DESIGN_REVIEW: "设计审查",
    Stage.CUSTOMER_CONSTRUCTION: "客户受电工程施工",
    Stage.MID_CONSTRUCTION_INSPECTION: "中间检查",
    Stage.CUSTOMER_COMPLETION: "客户竣工报验",
    Stage.GRID_SUPPORTING_WORKS: "配套电网工程",
    Stage.COMPLETION_INSPECTION: "竣工检验",
    Stage.SUPPLY_CONTRACT: "供用电合同签订",
    Stage.BUSINESS_FEES: "业务费（高可靠性供电费）",
    Stage.METERING_AND_ENERGISATION: "装表接电",
    Stage.METERING_INSTALLATION: "装表",
    Stage.ENERGISATION: "送电",
    Stage.ARCHIVING: "资料归档",
    Stage.RETURN_VISIT: "回访",
}
ROLE_CHINESE: dict[str, str] = {
    Role.INTAKE_CLERK: "受理员",
    Role.ACCOUNT_MANAGER: "客户经理",
    Role.SURVEYOR: "勘查员",
    Role.SCHEME_DESIGNER: "方案编制",
    Role.SCHEME_APPROVER: "方案审批",
    Role.INSPECTOR: "检验员",
    Role.METERING_TECHNICIAN: "装表员",
    Role.ENERGISATION_OPERATOR: "送电",
    Role.RETURN_VISIT_AGENT: "回访员",
    Role.UNIT_HEAD: "单位负责人",
    Role.MARKETING_MANAGER: "营销管理",
    Role.AUDITOR: "稽查",
    Role.ADMINISTRATOR: "系统管理员",
}
CLOCK_CHINESE: dict[str, str] = {
    Clock.ACCEPTANCE: "业务受理",
    Clock.SUPPLY_SCHEME_REPLY: "供电方案答复",
    Clock.DESIGN_REVIEW: "设计审查",
    Clock.MID_CONSTRUCTION_INSPECTION: "中间检查",
    Clock.COMPLETION_INSPECTION: "竣工检验",
    Clock.GRID_SUPPORTING_WORKS: "配套电网工程",
    Clock.METERING_AND_ENERGISATION: "装表接电",
    Clock.ARCHIVING: "资料归档",
    Clock.RETURN_VISIT: "回访",
}
CATEGORY_CHINESE: dict[str, str] = {
    Category.LOW_VOLTAGE_RESIDENTIAL: "低压居民",
    Category.LOW_VOLTAGE_NON_RESIDENTIAL: "低压非居民",
    Category.HIGH_VOLTAGE_SINGLE_SUPPLY: "高压单电源",
    Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY: "高压双电源/多电源",
}
BUSINESS_TYPE_CHINESE: dict[str, str] = {
    BusinessType.NEW_CONNECTION: "新装",
    BusinessType.CAPACITY_INCREASE: "增容",
    BusinessType.TEMPORARY_SUPPLY: "临时用电",
    BusinessType.DISTRIBUTED_GENERATION: "分布式电源并网",
    BusinessType.CHARGING_FACILITY: "充换电设施",
}
OWNER_CHINESE: dict[str, str] = {StageOwner.UTILITY: "供电企业", StageOwner.CUSTOMER: "客户"}
CONDITION_CHINESE: dict[str, str] = {
    StageCondition.ALWAYS: "",
    StageCondition.IMPORTANT_CUSTOMER: "重要客户",
    StageCondition.AT_LEAST_110_KV: "≥110 kV",
    StageCondition.HIGH_RELIABILITY_FEE: "双电源/多电源",
}
# The enum's own label of the 三零 variant is half Chinese already; the pages spell both languages out.
VARIANT_LABELS: dict[str, str] = {
    ProcessVariant.STANDARD: "标准流程 / Standard",
    ProcessVariant.THREE_ZERO: "三零（两环节） / “Three zeros” (two stages)",
}
# The regulations notes' marks: [C] confirmed in a public copy, [M] secondary source, [D] derived or internal.
CONFIDENCE_MARKS: dict[str, str] = {
    Confidence.CONFIRMED: "C",
    Confidence.UNCONFIRMED: "M",
    Confidence.DERIVED: "D",
}
SCOPE_CHINESE: dict[str, str] = {
    WholeProcessScope.UTILITY_SIDE: "供电企业各环节合计办理时间",
    WholeProcessScope.WHOLE_PROCESS: "全过程",
}
# The parallel tracks, drawn in this order; a track not listed here is drawn after them under its code.
TRACKS: dict[str, tuple[str, str]] = {
    "main": ("主流程", "Main"),
    "customer_works": ("客户受电工程", "Customer's works"),
    "grid_works": ("配套电网工程", "Grid supporting works"),
    "formalities": ("合同与收费", "Contract and fees"),
    "after_connection": ("接电后", "After connection"),
}


def track_label(track: str) -> tuple[str, str]:
    """The track's Chinese and English names; an unknown track is named by its code."""
    return TRACKS.get(track, (track, track))


def english(choices: Any, value: str) -> str:
    """The English label of an enum member (its msgid), whatever language is active."""
    with translation.override("en"):
        return str(choices(value).label)


def bilingual(chinese: Mapping[str, str], choices: Any, value: str) -> str:
    return f"{chinese[value]} / {english(choices, value)}" if value else "—"


def cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    heading = list(header)
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    lines.extend("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)
    return lines
