"""Everything the analysis page shows for one selection, read through the analytics selectors, with the
applications (or, for an imported log, the case ids) behind every signal and conformance row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from yekuo.accounts.models import User
from yekuo.analytics.selectors import (
    ApplicationConformance,
    DirectlyFollowsGraph,
    LogSelection,
    OffSystemSignals,
    Rework,
    StageDurationDistribution,
    Variant,
    conformance,
    off_system_signals,
    process_discovery,
    rework,
    stage_durations,
)
from yekuo.applications.models import Application
from yekuo.monitoring.templatetags.analysis_format import activity_label, duration

CASES_LISTED = 30  # per row; the rest is counted


@dataclass(frozen=True)
class CaseLink:
    label: str
    url: str | None


@dataclass(frozen=True)
class Listed:
    """A row of an analysis with the cases behind it (the first few linked, the rest counted)."""

    row: Any
    cases: list[CaseLink]
    more: int
    resource: str | None = None  # who did it, by name for the live log


@dataclass(frozen=True)
class AnalysisReport:
    graph: DirectlyFollowsGraph
    variants: list[Variant]
    durations: list[StageDurationDistribution]
    rework: Rework
    return_reasons: list[Listed]
    conformance: list[Listed] | None  # None: not available for an imported log
    fast_completions: list[Listed]
    bulk_backfills: list[Listed]
    month_end_clusters: list[Listed]

    def chart_data(self) -> dict[str, Any]:
        """The directly-follows graph for the chart: activities with how often they occur and their median
        stage time, edges with counts and mean and median times."""
        occurrences: dict[str, int] = dict(self.graph.start)
        for edge in self.graph.edges:
            occurrences[edge.target] = occurrences.get(edge.target, 0) + edge.count
        medians = {row.stage: row.median_seconds for row in self.durations}
        return {
            "nodes": [
                {
                    "name": name,
                    "label": activity_label(name),
                    "count": count,
                    "median_seconds": medians.get(name),
                    "median_text": duration(medians.get(name)),
                    "start": self.graph.start.get(name, 0),
                    "end": self.graph.end.get(name, 0),
                }
                for name, count in sorted(occurrences.items(), key=lambda item: -item[1])
            ],
            "edges": [
                {
                    "source": edge.source,
                    "target": edge.target,
                    "source_label": activity_label(edge.source),
                    "target_label": activity_label(edge.target),
                    "count": edge.count,
                    "mean_seconds": edge.mean_seconds,
                    "median_seconds": edge.median_seconds,
                    "mean_text": duration(edge.mean_seconds),
                    "median_text": duration(edge.median_seconds),
                }
                for edge in self.graph.edges
            ],
        }


class CaseLinker:
    """Turns case ids into links: live cases are applications (number, detail page); imported ones are
    shown by their id."""

    def __init__(self, *, is_live: bool, case_ids: Iterable[str]) -> None:
        self.is_live = is_live
        self.numbers: dict[str, str] = {}
        if is_live:
            ids = {int(case_id) for case_id in case_ids if case_id.isdigit()}
            self.numbers = {
                str(pk): number or str(pk)
                for pk, number in Application.objects.filter(pk__in=ids).values_list("pk", "number")
            }

    def people(self, resources: Iterable[str | None]) -> dict[str, str]:
        """Live resources are account ids: their names; an imported log's resources stay as they are."""
        if not self.is_live:
            return {}
        ids = {int(resource) for resource in resources if resource and resource.isdigit()}
        return {
            str(pk): name for pk, name in User.objects.filter(pk__in=ids).values_list("pk", "display_name")
        }

    def link(self, case_id: str) -> CaseLink:
        if self.is_live and case_id in self.numbers:
            return CaseLink(
                self.numbers[case_id], reverse("workbench:application_detail", args=[int(case_id)])
            )
        return CaseLink(case_id, None)

    def listed(self, row: Any, case_ids: Iterable[str], people: dict[str, str] | None = None) -> Listed:
        ordered = list(dict.fromkeys(case_ids))
        resource = getattr(row, "resource", None)
        return Listed(
            row,
            [self.link(case_id) for case_id in ordered[:CASES_LISTED]],
            max(0, len(ordered) - CASES_LISTED),
            (people or {}).get(resource or "", resource),
        )


def _application_link(row: ApplicationConformance) -> CaseLink:
    url = reverse("workbench:application_detail", args=[row.application_id])
    return CaseLink(row.number or str(row.application_id), url)


def _signal_cases(signals: OffSystemSignals, found: Rework) -> list[str]:
    cases = [row.case_id for row in signals.fast_completions]
    for group in (signals.bulk_backfills, signals.month_end_clusters, found.reasons):
        for row in group:
            cases.extend(row.cases[:CASES_LISTED])
    return cases


def analysis_report(selection: LogSelection, *, variant_limit: int) -> AnalysisReport:
    discovery = process_discovery(selection, variant_limit=variant_limit)
    found = rework(selection)
    signals = off_system_signals(selection)
    deviations: list[ApplicationConformance] | None = conformance(selection) if selection.is_live else None
    linker = CaseLinker(is_live=selection.is_live, case_ids=_signal_cases(signals, found))
    people = linker.people(
        [row.resource for row in signals.fast_completions] + [row.resource for row in signals.bulk_backfills]
    )
    return AnalysisReport(
        graph=discovery.graph,
        variants=list(discovery.variants),
        durations=stage_durations(selection),
        rework=found,
        return_reasons=[linker.listed(row, row.cases) for row in found.reasons],
        conformance=None
        if deviations is None
        else [Listed(row, [_application_link(row)], 0) for row in deviations],
        fast_completions=[linker.listed(row, [row.case_id], people) for row in signals.fast_completions],
        bulk_backfills=[linker.listed(row, row.cases, people) for row in signals.bulk_backfills],
        month_end_clusters=[linker.listed(row, row.cases) for row in signals.month_end_clusters],
    )
