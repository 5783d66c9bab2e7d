"""A head's decisions: clock stops awaiting approval and escalations (督办) awaiting handling."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path, Query

from yekuo.api.auth import staff_actor_of
from yekuo.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAXIMUM_ID,
    MAXIMUM_OFFSET,
    MAXIMUM_PAGE_SIZE,
    ErrorOut,
    WorkItemOut,
    WorkItemPage,
)
from yekuo.api.staff_schemas import ClockStopDecisionIn, ClockStopOut, ClockStopPage
from yekuo.workflow import services
from yekuo.workflow.selectors import (
    approver_paths,
    clock_stop_get_for_user,
    clock_stops_awaiting,
    escalations_awaiting,
    headed_unit_paths,
)

router = Router(tags=["unit heads"])


@router.get(
    "/clock-stops",
    response={200: ClockStopPage, 403: ErrorOut},
    summary="Clock stops awaiting the caller's approval in the units where they are unit head, oldest first",
)
def clock_stop_list(
    request: HttpRequest,
    limit: Annotated[int, Query(ge=1, le=MAXIMUM_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAXIMUM_OFFSET)] = 0,
) -> ClockStopPage:
    stops = clock_stops_awaiting(paths=approver_paths(staff_actor_of(request)))
    return ClockStopPage(
        count=stops.count(), items=[ClockStopOut.of(stop) for stop in stops[offset : offset + limit]]
    )


@router.post(
    "/clock-stops/{clock_stop_id}/decision",
    response={200: ClockStopOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Approve or refuse a requested clock stop (unit heads)",
)
def clock_stop_decide(
    request: HttpRequest,
    clock_stop_id: Annotated[int, Path(ge=1, le=MAXIMUM_ID)],
    payload: ClockStopDecisionIn,
) -> ClockStopOut:
    actor = staff_actor_of(request)
    clock_stop_get_for_user(user=actor, clock_stop_id=clock_stop_id)  # 404 for other units' stops
    stop = services.clock_stop_decide(
        actor=actor, clock_stop_id=clock_stop_id, approve=payload.approve, note=payload.note
    )
    return ClockStopOut.of(stop)


@router.get(
    "/escalations",
    response={200: WorkItemPage, 403: ErrorOut},
    summary="Overdue work items escalated to the units the caller heads and not yet handled, oldest first",
)
def escalation_list(
    request: HttpRequest,
    limit: Annotated[int, Query(ge=1, le=MAXIMUM_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAXIMUM_OFFSET)] = 0,
) -> WorkItemPage:
    items = escalations_awaiting(paths=headed_unit_paths(staff_actor_of(request)))
    return WorkItemPage(
        count=items.count(), items=[WorkItemOut.of(item) for item in items[offset : offset + limit]]
    )
