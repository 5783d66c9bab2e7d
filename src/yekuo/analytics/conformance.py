"""Conformance of each application with its process definition (the version it runs under, with the stage
conditions that apply to it): stages missing, stages that do not belong, and stages completed before a
stage the definition puts before them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from yekuo.analytics.errors import SelectionInvalid
from yekuo.analytics.selection import COMPLETED, LogSelection, event_relation
from yekuo.analytics.store import connection
from yekuo.applications.choices import ApplicationStatus


@dataclass(frozen=True)
class ApplicationConformance:
    """`missing` is judged only once the application is completed; before that a stage may still come."""

    application_id: int
    number: str | None
    definition_code: str
    status: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    out_of_order: tuple[str, ...]

    @property
    def conforms(self) -> bool:
        return not (self.missing or self.extra or self.out_of_order)


def conformance(selection: LogSelection, *, deviating_only: bool = True) -> list[ApplicationConformance]:
    """Each selected application of the live log with its deviations, by application id."""
    if not selection.is_live:
        raise SelectionInvalid(_("Only the live log has process definitions to check against."))
    relation, parameters = event_relation(selection)
    with connection() as database:
        database.execute(
            f"""create or replace temporary table checked as
                select distinct cast(case_id as bigint) as application_id from ({relation}) s""",  # noqa: S608
            parameters,
        )
        rows = database.execute(
            f"""
            with completions as (
                select e.application_id, e.stage, e.occurred_at, e.event_id
                from live_events e join checked using (application_id) where e.kind = '{COMPLETED}'
            ),
            first_completions as (
                select application_id, stage, min(event_id) as event_id from completions group by all
            ),
            missing as (
                select x.application_id, list(x.stage order by x.position) as stages
                from live_expected_stages x join checked using (application_id)
                join live_applications a using (application_id)
                where a.status = '{ApplicationStatus.COMPLETED.value}'
                  and not exists (select 1 from completions c
                                  where c.application_id = x.application_id and c.stage = x.stage)
                group by x.application_id
            ),
            extra as (
                select c.application_id, list(distinct c.stage order by c.stage) as stages
                from completions c join live_applications a using (application_id)
                where a.definition_code is not null and not exists (
                    select 1 from live_expected_stages x
                    where x.application_id = c.application_id and x.stage = c.stage)
                group by c.application_id
            ),
            out_of_order as (
                select f.application_id, list(distinct f.stage order by f.stage) as stages
                from first_completions f
                join (select application_id, stage, unnest(predecessors) as predecessor
                      from live_expected_stages) x using (application_id, stage)
                where not exists (select 1 from completions p
                                  where p.application_id = f.application_id and p.stage = x.predecessor
                                    and p.event_id < f.event_id)
                group by f.application_id
            )
            select a.application_id, a.number, coalesce(a.definition_code, ''), a.status,
                   coalesce(m.stages, []), coalesce(e.stages, []), coalesce(o.stages, [])
            from checked join live_applications a using (application_id)
            left join missing m using (application_id)
            left join extra e using (application_id)
            left join out_of_order o using (application_id)
            order by a.application_id
            """  # noqa: S608  # constants
        ).fetchall()
    results = [
        ApplicationConformance(int(pk), number, str(code), str(status), tuple(m), tuple(e), tuple(o))
        for pk, number, code, status, m, e, o in rows
    ]
    return [result for result in results if not result.conforms] if deviating_only else results
