"""Applications, scoped by the same access functions as the pages (conventions §6)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path, Query

from yekuo.api.auth import actor_of, staff_actor_of
from yekuo.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAXIMUM_ID,
    MAXIMUM_OFFSET,
    MAXIMUM_PAGE_SIZE,
    ApplicationOut,
    ApplicationPage,
    ApplicationSummaryOut,
    ErrorOut,
)
from yekuo.api.staff_schemas import EventOut
from yekuo.applications.access import application_get_for_user, applications_visible_to
from yekuo.events.models import Event
from yekuo.workflow.selectors import work_items_of_application

router = Router(tags=["applications"])


@router.get(
    "/applications", response=ApplicationPage, summary="The applications the caller may see, newest first"
)
def application_list(
    request: HttpRequest,
    limit: Annotated[int, Query(ge=1, le=MAXIMUM_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAXIMUM_OFFSET)] = 0,
) -> ApplicationPage:
    applications = (
        applications_visible_to(actor_of(request))
        .select_related("customer", "supply_station")
        .order_by("-created_at", "-pk")
    )
    return ApplicationPage(
        count=applications.count(),
        items=[
            ApplicationSummaryOut.of(application) for application in applications[offset : offset + limit]
        ],
    )


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, 404: ErrorOut},
    summary="One application with its work items",
)
def application_detail(
    request: HttpRequest, application_id: Annotated[int, Path(ge=1, le=MAXIMUM_ID)]
) -> ApplicationOut:
    application = application_get_for_user(user=actor_of(request), application_id=application_id)
    return ApplicationOut.detail(application, list(work_items_of_application(application)))


@router.get(
    "/applications/{application_id}/events",
    response={200: list[EventOut], 403: ErrorOut, 404: ErrorOut},
    summary="An application's event timeline, oldest first (staff)",
)
def application_events(
    request: HttpRequest, application_id: Annotated[int, Path(ge=1, le=MAXIMUM_ID)]
) -> list[EventOut]:
    application = application_get_for_user(user=staff_actor_of(request), application_id=application_id)
    stage_of_item = dict(work_items_of_application(application).values_list("pk", "stage"))
    events = (
        Event.objects.filter(application_id=application.pk)
        .select_related("actor")
        .order_by("occurred_at", "sequence")
    )
    return [EventOut.of(event, stage_of_item) for event in events]
