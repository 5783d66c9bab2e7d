"""Pure functions over a process definition: which stages apply, what each waits for, what lies downstream.

No database access: the service loads the definition once and asks these questions of plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from yekuo.workflow.stages import StageCondition


@dataclass(frozen=True)
class ApplicationFacts:
    """What the stage conditions look at."""

    is_important_customer: bool
    is_at_least_110_kv: bool
    pays_high_reliability_fee: bool


@dataclass(frozen=True)
class StageNode:
    stage: str
    condition: str
    predecessors: tuple[str, ...]


def condition_holds(condition: str, facts: ApplicationFacts) -> bool:
    if condition == StageCondition.ALWAYS:
        return True
    if condition == StageCondition.IMPORTANT_CUSTOMER:
        return facts.is_important_customer
    if condition == StageCondition.AT_LEAST_110_KV:
        return facts.is_at_least_110_kv
    if condition == StageCondition.HIGH_RELIABILITY_FEE:
        return facts.pays_high_reliability_fee
    raise ValueError(f"unknown stage condition {condition!r}")


class ProcessGraph:
    """The applicable stages of one definition for one application, with bypassed stages contracted away."""

    def __init__(self, nodes: Iterable[StageNode], facts: ApplicationFacts) -> None:
        by_stage = {node.stage: node for node in nodes}
        self._order = list(by_stage)
        applicable = {stage for stage, node in by_stage.items() if condition_holds(node.condition, facts)}

        def effective(stage: str) -> set[str]:
            """Predecessors of `stage` after bypassing every stage that does not apply."""
            found: set[str] = set()
            for predecessor in by_stage[stage].predecessors:
                if predecessor in applicable:
                    found.add(predecessor)
                else:
                    found |= effective(predecessor)
            return found

        self.stages: tuple[str, ...] = tuple(stage for stage in self._order if stage in applicable)
        self.predecessors: dict[str, frozenset[str]] = {
            stage: frozenset(effective(stage)) for stage in self.stages
        }
        self.successors: dict[str, frozenset[str]] = {
            stage: frozenset(other for other in self.stages if stage in self.predecessors[other])
            for stage in self.stages
        }

    def applies(self, stage: str) -> bool:
        return stage in self.predecessors

    def start_stages(self) -> tuple[str, ...]:
        return tuple(stage for stage in self.stages if not self.predecessors[stage])

    def final_stages(self) -> tuple[str, ...]:
        return tuple(stage for stage in self.stages if not self.successors[stage])

    def downstream(self, stage: str) -> frozenset[str]:
        """Every stage reachable forward from `stage`, not including it."""
        seen: set[str] = set()
        frontier = list(self.successors[stage])
        while frontier:
            current = frontier.pop()
            if current not in seen:
                seen.add(current)
                frontier.extend(self.successors[current])
        return frozenset(seen)

    def ready_after(self, completed_stage: str, current_completions: set[str]) -> tuple[str, ...]:
        """The successors of `completed_stage` whose every predecessor now has a current completion."""
        return tuple(
            stage
            for stage in self.stages
            if stage in self.successors[completed_stage] and self.predecessors[stage] <= current_completions
        )
