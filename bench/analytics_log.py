"""A synthetic event log shaped like yekuo's processes, for bench/analytics.py.

Case templates are walked through the installed process definitions (workflow/process_definitions): the
category mix of a county, stage conditions drawn per case (important customer, 110 kV and above), every
applicable stage completed once its effective predecessors are (so parallel tracks interleave by time),
and returns along the definitions' return edges that redo the stages between. DuckDB then expands the
templates to the number of events asked for, each case with its own start and pace, timestamps to the
minute (parallel stages often tie), resources drawn from each role's staff. The file is in case and time
order, as an extract from another system would be; equal timestamps keep the template's order.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from yekuo.workflow.graph import ApplicationFacts, ProcessGraph, StageNode

TEMPLATES = 4000
RETURN_PROBABILITY = 0.06
# Share of applications per definition file stem (a county: mostly households and small businesses).
MIX = {
    "low_voltage_residential.new_connection.v1": 40,
    "low_voltage_residential.capacity_increase.v1": 8,
    "low_voltage_non_residential.new_connection.v1": 14,
    "low_voltage_non_residential.new_connection.three_zero.v1": 10,
    "low_voltage_non_residential.capacity_increase.v1": 5,
    "low_voltage_non_residential.capacity_increase.three_zero.v1": 3,
    "high_voltage_single_supply.new_connection.v1": 10,
    "high_voltage_single_supply.capacity_increase.v1": 5,
    "high_voltage_multiple_supply.new_connection.v1": 3,
    "high_voltage_multiple_supply.capacity_increase.v1": 2,
}
HOUR = 3600


@dataclass(frozen=True)
class LogShape:
    cases: int
    events: int
    templates: int

    def __str__(self) -> str:
        return f"{self.cases:,} cases, {self.events:,} events from {self.templates:,} case templates"


def _definitions() -> dict[str, dict[str, object]]:
    folder = resources.files("yekuo.workflow") / "process_definitions"
    return {stem: json.loads((folder / f"{stem}.json").read_text(encoding="utf-8")) for stem in MIX}


def _template(definition: dict[str, object], random_: random.Random) -> list[tuple[str, int, str]]:
    """(activity, seconds after the start, role) for one case walked through the definition."""
    stages = {stage["stage"]: stage for stage in definition["stages"]}  # type: ignore[attr-defined]
    facts = ApplicationFacts(
        is_important_customer=random_.random() < 0.2,
        is_at_least_110_kv=random_.random() < 0.05,
        pays_high_reliability_fee="multiple" in str(definition["category"]),
    )
    nodes = [
        StageNode(name, stage["condition"], tuple(stage["predecessors"])) for name, stage in stages.items()
    ]
    graph = ProcessGraph(nodes, facts)
    returns: dict[str, list[str]] = {}
    for source, target in definition["returns"]:  # type: ignore[attr-defined]
        if graph.applies(source) and graph.applies(target):
            returns.setdefault(source, []).append(target)

    def duration(stage: str) -> int:
        customer = stages[stage]["owner"] == "customer"
        return int(random_.lognormvariate(5.5 if customer else 2.5, 0.8) * HOUR)

    events: list[tuple[str, int, str]] = []
    done: dict[str, int] = {}
    for stage in graph.stages:  # definitions list stages in an order that respects their predecessors
        ready = max((done[p] for p in graph.predecessors[stage]), default=0)
        finished = ready + duration(stage)
        for target in returns.get(stage, []):
            if random_.random() < RETURN_PROBABILITY:
                # The stage sends the case back: the stages from the target up to it are done again.
                redo = [s for s in graph.stages if s in ({target} | graph.downstream(target)) and s in done]
                for again in redo:
                    finished += duration(again)
                    events.append((again, finished, stages[again]["role"]))
                finished += duration(stage)
        done[stage] = finished
        events.append((stage, finished, stages[stage]["role"]))
    return events


def generate_log(*, events: int, seed: int, path: Path) -> LogShape:
    random_ = random.Random(seed)
    definitions = _definitions()
    stems = list(MIX)
    rows = []
    for template_id in range(TEMPLATES):
        stem = random_.choices(stems, weights=[MIX[s] for s in stems])[0]
        for position, (activity, offset, role) in enumerate(_template(definitions[stem], random_)):
            rows.append((template_id, position, activity, offset, role))
    database = duckdb.connect()
    database.execute("set TimeZone = 'UTC'")
    columns = list(zip(*rows, strict=True))
    database.execute(
        """create table templates as
           select unnest(?::int[]) as template_id, unnest(?::int[]) as position,
                  unnest(?::varchar[]) as activity, unnest(?::bigint[]) as offset_seconds,
                  unnest(?::varchar[]) as role""",
        [list(column) for column in columns],
    )
    mean_length = len(rows) / TEMPLATES
    cases = max(1, round(events / mean_length))
    database.execute(
        f"""
        create table cases as
        select range as case_number,
               hash(range, {seed}) % {TEMPLATES} as template_id,
               timestamp '2025-01-01 00:00:00' + to_seconds((hash(range, {seed} + 1) % (365 * 86400))::bigint)
                   as started_at,
               0.5 + (hash(range, {seed} + 2) % 1000) / 1000.0 as pace
        from range({cases})
        """  # noqa: S608  # numbers
    )
    database.execute(
        f"""
        copy (
            select 'YK' || lpad(c.case_number::varchar, 9, '0') as "case:concept:name",
                   t.activity as "concept:name",
                   time_bucket(interval 1 minute,
                               c.started_at + to_seconds(round(t.offset_seconds * c.pace)::bigint))
                       as "time:timestamp",
                   t.role || '-' || (hash(c.case_number, t.position) % 40)::varchar as "org:resource"
            from cases c join templates t using (template_id)
            order by c.case_number, "time:timestamp", t.position
        ) to '{path}' (format parquet)
        """  # noqa: S608  # our own file name
    )
    total = database.execute(f"select count(*) from read_parquet('{path}')").fetchone()  # noqa: S608
    database.close()
    return LogShape(cases=cases, events=int(total[0]) if total else 0, templates=TEMPLATES)
