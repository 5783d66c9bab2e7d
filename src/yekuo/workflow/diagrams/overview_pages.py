"""The index of the definition pages with the notation, and the time limits of every shipped rule set."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from yekuo.applications.choices import BusinessType, Category
from yekuo.workflow.diagrams.definition_page import (
    CLASS_DEFINITIONS,
    GENERATED_NOTICE,
    RETURN_LABEL,
    definition_filename,
)
from yekuo.workflow.diagrams.labels import (
    BUSINESS_TYPE_CHINESE,
    CATEGORY_CHINESE,
    CLOCK_CHINESE,
    CONDITION_CHINESE,
    CONFIDENCE_MARKS,
    SCOPE_CHINESE,
    TRACKS,
    VARIANT_LABELS,
    bilingual,
    english,
    table,
)
from yekuo.workflow.rules import Confidence, WholeProcessScope
from yekuo.workflow.stages import Clock, StageCondition

Document = Mapping[str, Any]
EVERY_CATEGORY_MARK = "†"

LEGEND = (
    "```mermaid",
    "flowchart LR",
    '    subgraph track_legend["轨道 · Track"]',
    '        utility_stage["供电企业环节<br/>Utility stage<br/>岗位 · Role"]:::utility',
    '        customer_stage(["客户环节<br/>Customer stage<br/>跟进岗位 · Role recording it"]):::customer',
    '        conditional_stage["条件环节<br/>Conditional stage<br/>条件：重要客户"]:::utilityConditional',
    "    end",
    "    utility_stage --> customer_stage",
    "    customer_stage --> conditional_stage",
    f"    conditional_stage -. {RETURN_LABEL} .-> utility_stage",
    *(f"    {definition}" for definition in CLASS_DEFINITIONS),
    "```",
)
NOTATION = (
    "- **Rectangle**: a stage the utility works; its time counts toward the limits. The node names the stage "
    "(中文, English) and the role whose staff work it.",
    "- **Stadium** (rounded ends, amber): a stage the customer owns (design, construction, contract, fees); "
    "its time does not count. The role named is the one that records the customer's progress.",
    "- **Dashed border** with `条件：…`: a conditional stage. When its condition does not hold for an "
    "application the stage is bypassed: its successors wait for its predecessors instead.",
    "- **Solid arrow**: the stage at the head opens once every applicable stage at its tails has completed "
    "(a join: parallel tracks meet there).",
    f"- **Dashed arrow labelled {RETURN_LABEL}** (return): the stage at the tail may send the application "
    "back to the stage at the head, with a reason; the stages from there on are worked again.",
    "- **Boxes** are the parallel tracks: " + "; ".join(f"{zh} · {en}" for zh, en in TRACKS.values()) + ".",
)


def index_markdown(definitions: Sequence[Document]) -> str:
    rows = [
        [
            f"[{document['name']}]({definition_filename(document)})",
            bilingual(CATEGORY_CHINESE, Category, document["category"]),
            bilingual(BUSINESS_TYPE_CHINESE, BusinessType, document["business_type"]),
            VARIANT_LABELS[document["variant"]],
            str(document["version"]),
            str(len(document["stages"])),
            str(len(document["returns"])),
        ]
        for document in definitions
    ]
    conditions = [
        [f"`{value}`", CONDITION_CHINESE[value], english(StageCondition, value)]
        for value in StageCondition.values
        if value != StageCondition.ALWAYS
    ]
    header = ["流程 Definition", "类别 Category", "业务类型 Business type", "流程 Variant", "版本 Version",
              "环节 Stages", "退回 Returns"]  # fmt: skip
    lines = [
        GENERATED_NOTICE.format(source="src/yekuo/workflow/process_definitions/ and rule_sets/"),
        "",
        "# 业扩报装流程 · Process definitions",
        "",
        "One page per shipped process definition, drawn from its JSON file. Each application runs under the "
        "definition version it was accepted under. The time limits of the clocks are in "
        "[time-limits.md](time-limits.md).",
        "",
        "Regenerate after changing a definition or a rule set: `yekuo manage draw_process_diagrams`. "
        "CI fails while these pages are stale (`yekuo manage draw_process_diagrams --check`).",
        "",
        *table(header, rows),
        "",
        "## Notation",
        "",
        *LEGEND,
        "",
        *NOTATION,
        "",
        *table(["条件 Condition", "中文", "English"], conditions),
        "",
    ]
    return "\n".join(lines)


def _note_numbers(limits: Sequence[Document]) -> dict[str, int]:
    """Each distinct source note, numbered in order of first use."""
    numbers: dict[str, int] = {}
    for limit in limits:
        numbers.setdefault(limit["source_note"], len(numbers) + 1)
    return numbers


def _clock_matrix(limits: Sequence[Document], notes: Mapping[str, int]) -> list[list[str]]:
    """Clock × category, as the engine reads it: a category's own row, else the row for every category."""
    by_key = {(limit["clock"], limit["category"]): limit for limit in limits}

    def limit_cell(clock: str, category: str) -> str:
        limit = by_key.get((clock, category)) or by_key.get((clock, ""))
        if limit is None:
            return ""
        mark = EVERY_CATEGORY_MARK if not limit["category"] else ""
        confidence = CONFIDENCE_MARKS[limit["confidence"]]
        return f"{limit['working_days']} [{confidence}]{mark}<sup>{notes[limit['source_note']]}</sup>"

    return [
        [
            bilingual(CLOCK_CHINESE, Clock, clock),
            *(limit_cell(clock, category) for category in Category.values),
        ]
        for clock in Clock.values
    ]


def _whole_process_table(limits: Sequence[Document]) -> list[str]:
    if not limits:
        return ["This rule set sets no whole-process limit."]
    rows = [
        [
            bilingual(CATEGORY_CHINESE, Category, limit["category"]),
            f"{limit['working_days']} [{CONFIDENCE_MARKS[limit['confidence']]}]",
            bilingual(SCOPE_CHINESE, WholeProcessScope, limit["scope"]),
            "yes" if limit["includes_grid_supporting_works"] else "no",
            limit["source_note"],
        ]
        for limit in limits
    ]
    return table(["类别 Category", "Working days", "口径 What counts", "Grid works count", "Source"], rows)


def _rule_set_section(document: Document) -> list[str]:
    limits = list(document["limits"])
    notes = _note_numbers(limits)
    category_header = [bilingual(CATEGORY_CHINESE, Category, category) for category in Category.values]
    return [
        f"## {document['name']} (`{document['code']}`)",
        "",
        f"- Legal source: {document['legal_source']}",
        f"- In force from {document['effective_from']}; confidence: "
        f"[{CONFIDENCE_MARKS[document['confidence']]}] {english(Confidence, document['confidence'])}",
        f"- Warning at {document['warning_threshold_percent']} % of a limit used; a supply scheme stays "
        f"valid {document['low_voltage_scheme_validity_months']} months (low voltage), "
        f"{document['high_voltage_scheme_validity_months']} months (high voltage)",
        "",
        "### 环节时限 Stage clocks (working days)",
        "",
        *table(["时限 Clock", *category_header], _clock_matrix(limits, notes)),
        "",
        *(f"{number}. {note or '(no source note)'}" for note, number in notes.items()),
        "",
        "### 全过程时限 Whole process (working days)",
        "",
        *_whole_process_table(document["whole_process"]),
        "",
    ]


def time_limits_markdown(rule_sets: Sequence[Document]) -> str:
    marks = "; ".join(
        f"[{CONFIDENCE_MARKS[value]}] {english(Confidence, value)}" for value in Confidence.values
    )
    ordered = sorted(rule_sets, key=lambda document: (document["effective_from"], document["code"]))
    lines = [
        GENERATED_NOTICE.format(source="src/yekuo/workflow/rule_sets/"),
        "",
        "# 业扩时限 · Time limits per rule set",
        "",
        "The shipped rule sets, oldest first. An application is judged under the rule set in force on the "
        "day it was accepted. Once installed, a rule set belongs to the administrators, who may correct its "
        "figures in the admin: the database, not this page, is then authoritative.",
        "",
        f"Working days per clock and category. Confidence: {marks}. {EVERY_CATEGORY_MARK}: one figure for "
        "every category. A small number: the source, listed under the table. An empty cell: no limit.",
        "",
    ]
    for document in ordered:
        lines.extend(_rule_set_section(document))
    return "\n".join(lines)
