"""Install the shipped process definitions and rule sets (JSON files in this package) into the database.

Installing is idempotent. A definition version, once installed, never changes: a file whose content no
longer matches the installed version is refused, and the change must become a new version. Rule sets are
installed once and then belong to the administrators (they may correct figures in the admin).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Model

from yekuo.org.roles import Role
from yekuo.workflow.stages import Clock, Stage, StageCondition, StageOwner

PACKAGE_DIRECTORY = Path(__file__).resolve().parent
DEFINITIONS_DIRECTORY = PACKAGE_DIRECTORY / "process_definitions"
RULE_SETS_DIRECTORY = PACKAGE_DIRECTORY / "rule_sets"


class DefinitionError(ValueError):
    """A shipped definition file is inconsistent; the message names the file and the problem."""


@dataclass(frozen=True)
class WorkflowModels:
    """The model classes to install into: the real ones, or a migration's historical ones."""

    process_definition: type[Model]
    stage_definition: type[Model]
    return_edge: type[Model]
    rule_set: type[Model]
    time_limit: type[Model]
    whole_process_limit: type[Model]


def _content_hash(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def validate_definition(document: dict[str, Any], *, source: str) -> None:
    """Known stages, roles and clocks; predecessors defined earlier (so no cycle); returns go backwards."""
    seen: list[str] = []
    for stage in document["stages"]:
        name = stage["stage"]
        problems = [
            f"unknown stage {name!r}" if name not in Stage.values else "",
            f"unknown owner {stage['owner']!r}" if stage["owner"] not in StageOwner.values else "",
            f"unknown role {stage['role']!r}" if stage["role"] not in Role.values else "",
            f"unknown clock {stage['clock']!r}"
            if stage["clock"] and stage["clock"] not in Clock.values
            else "",
            f"unknown condition {stage['condition']!r}"
            if stage["condition"] not in StageCondition.values
            else "",
            f"{name} appears twice" if name in seen else "",
            *(
                f"{name} waits for {p!r}, not defined before it"
                for p in stage["predecessors"]
                if p not in seen
            ),
        ]
        if any(problems):
            raise DefinitionError(f"{source}: " + "; ".join(problem for problem in problems if problem))
        if stage["owner"] == StageOwner.UTILITY and not stage["clock"]:
            raise DefinitionError(f"{source}: utility stage {name} needs a clock")
        seen.append(name)
    for from_stage, to_stage in document["returns"]:
        if from_stage not in seen or to_stage not in seen or seen.index(to_stage) >= seen.index(from_stage):
            raise DefinitionError(f"{source}: return {from_stage} → {to_stage} must go to an earlier stage")


def shipped_definitions() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(DEFINITIONS_DIRECTORY.glob("*.json"))
    ]


def install_definitions(models: WorkflowModels) -> int:
    """Install every shipped definition version not yet in the database; returns how many were added."""
    added = 0
    for source, document in shipped_definitions():
        validate_definition(document, source=source)
        content_hash = _content_hash(document)
        existing = models.process_definition.objects.filter(  # type: ignore[attr-defined]
            code=document["code"], version=document["version"]
        ).first()
        if existing is not None:
            if existing.content_hash != content_hash:
                raise DefinitionError(
                    f"{source}: version {document['version']} is installed with other content; "
                    "an installed version never changes: give the change a new version number"
                )
            continue
        definition = models.process_definition.objects.create(  # type: ignore[attr-defined]
            code=document["code"],
            version=document["version"],
            category=document["category"],
            business_type=document["business_type"],
            variant=document["variant"],
            name=document["name"],
            description=document["description"],
            content_hash=content_hash,
        )
        models.stage_definition.objects.bulk_create(  # type: ignore[attr-defined]
            models.stage_definition(
                definition=definition,
                position=position,
                stage=stage["stage"],
                owner=stage["owner"],
                role=stage["role"],
                clock=stage["clock"],
                condition=stage["condition"],
                track=stage["track"],
                predecessors=stage["predecessors"],
            )
            for position, stage in enumerate(document["stages"], start=1)
        )
        models.return_edge.objects.bulk_create(  # type: ignore[attr-defined]
            models.return_edge(definition=definition, from_stage=from_stage, to_stage=to_stage)
            for from_stage, to_stage in document["returns"]
        )
        added += 1
    return added


def install_rule_sets(models: WorkflowModels) -> int:
    """Install each shipped rule set whose code is not in the database yet."""
    added = 0
    for path in sorted(RULE_SETS_DIRECTORY.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if models.rule_set.objects.filter(code=document["code"]).exists():  # type: ignore[attr-defined]
            continue
        rule_set = models.rule_set.objects.create(  # type: ignore[attr-defined]
            code=document["code"],
            name=document["name"],
            legal_source=document["legal_source"],
            effective_from=document["effective_from"],
            confidence=document["confidence"],
            warning_threshold_percent=document["warning_threshold_percent"],
            low_voltage_scheme_validity_months=document["low_voltage_scheme_validity_months"],
            high_voltage_scheme_validity_months=document["high_voltage_scheme_validity_months"],
        )
        models.time_limit.objects.bulk_create(  # type: ignore[attr-defined]
            models.time_limit(rule_set=rule_set, **limit) for limit in document["limits"]
        )
        models.whole_process_limit.objects.bulk_create(  # type: ignore[attr-defined]
            models.whole_process_limit(rule_set=rule_set, **limit) for limit in document["whole_process"]
        )
        added += 1
    return added


def installed_models() -> WorkflowModels:
    """The current model classes (outside migrations)."""
    from yekuo.workflow.models import (  # noqa: PLC0415  # models import this module's constants
        ProcessDefinition,
        ReturnEdge,
        RuleSet,
        StageDefinition,
        TimeLimit,
        WholeProcessLimit,
    )

    return WorkflowModels(
        process_definition=ProcessDefinition,
        stage_definition=StageDefinition,
        return_edge=ReturnEdge,
        rule_set=RuleSet,
        time_limit=TimeLimit,
        whole_process_limit=WholeProcessLimit,
    )


def install_shipped() -> None:
    """Every shipped process definition and rule set, into the current tables (idempotent): what the
    migrations install, again after something emptied the tables (a transactional test's flush)."""
    models = installed_models()
    install_definitions(models)
    install_rule_sets(models)
