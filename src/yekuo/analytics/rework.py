"""Rework: returns to an earlier stage, with their reasons and the applications behind them.

Live log: each `application.returned` event (from stage, to stage, the reason given). Imported logs have
no return events: there, rework is an activity done again in the same case.
"""

from __future__ import annotations

from dataclasses import dataclass

from yekuo.analytics.logs import require_log
from yekuo.analytics.selection import LogSelection, event_relation, live_conditions
from yekuo.analytics.store import connection
from yekuo.workflow.event_kinds import WorkflowEvent

RETURNED = WorkflowEvent.APPLICATION_RETURNED.value


@dataclass(frozen=True)
class ReturnEdgeCount:
    """Returns from one stage to another; for an imported log, from and to are the repeated activity."""

    from_stage: str
    to_stage: str
    count: int
    cases: tuple[str, ...]


@dataclass(frozen=True)
class ReturnReason:
    reason: str
    count: int
    cases: tuple[str, ...]


@dataclass(frozen=True)
class Rework:
    returns: tuple[ReturnEdgeCount, ...]
    reasons: tuple[ReturnReason, ...]
    cases_with_rework: int
    cases: int


def rework(selection: LogSelection) -> Rework:
    """Returns by edge and by reason (the exact text given), most frequent first, with their cases."""
    relation, parameters = event_relation(selection)
    with connection() as database:
        require_log(database, selection)
        database.execute(
            f"""create or replace temporary table selected_cases as
                select distinct case_id from ({relation}) s""",  # noqa: S608
            parameters,
        )
        if selection.is_live:
            conditions, condition_parameters = live_conditions(selection)
            database.execute(
                f"""
                create or replace temporary table returns as
                select cast(e.application_id as varchar) as case_id, e.stage as from_stage,
                       e.to_stage, coalesce(e.reason, '') as reason
                from live_events e join live_applications a using (application_id)
                where e.kind = '{RETURNED}' {conditions}
                  and cast(e.application_id as varchar) in (select case_id from selected_cases)
                """,  # noqa: S608  # constants and placeholders
                condition_parameters,
            )
        else:
            database.execute(
                f"""
                create or replace temporary table returns as
                select case_id, activity as from_stage, activity as to_stage, '' as reason
                from (select case_id, activity, row_number() over (partition by case_id, activity
                      order by occurred_at, event_index) as visit from ({relation}) s)
                where visit > 1
                """,  # noqa: S608
                parameters,
            )
        edges = database.execute(
            """select from_stage, to_stage, count(*), list(distinct case_id order by case_id) from returns
               group by from_stage, to_stage order by count(*) desc, from_stage, to_stage"""
        ).fetchall()
        reasons = database.execute(
            """select reason, count(*), list(distinct case_id order by case_id) from returns
               where reason <> '' group by reason order by count(*) desc, reason"""
        ).fetchall()
        totals = database.execute(
            "select (select count(distinct case_id) from returns), (select count(*) from selected_cases)"
        ).fetchone() or (0, 0)
    return Rework(
        returns=tuple(ReturnEdgeCount(str(a), str(b), int(n), tuple(cases)) for a, b, n, cases in edges),
        reasons=tuple(ReturnReason(str(reason), int(n), tuple(cases)) for reason, n, cases in reasons),
        cases_with_rework=int(totals[0]),
        cases=int(totals[1]),
    )
