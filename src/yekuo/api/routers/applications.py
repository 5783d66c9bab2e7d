"""Applications, scoped by the same access functions as the pages (conventions §6)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router
from ninja.params.functions import Path, Query

from yekuo.api.auth import actor_of, staff_actor_of
from yekuo.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAXIMUM_ID,
    MAXIMUM_PAGE_SIZE,
    MAXIMUM_SEARCH_OFFSET,
    ApplicationOut,
    ApplicationPage,
    ApplicationSummaryOut,
    ErrorOut,
    SearchErrorOut,
    SearchFieldErrorOut,
)
from yekuo.api.staff_schemas import EventOut
from yekuo.applications.access import application_get_for_user
from yekuo.events.models import Event
from yekuo.web.application_search import ApplicationSearchForm, bounded_page
from yekuo.workflow.application_search import applications_search
from yekuo.workflow.selectors import work_items_of_application

router = Router(tags=["applications"])


@router.get(
    "/applications",
    response={200: ApplicationPage, 404: ErrorOut, 422: SearchErrorOut},
    summary="Search the applications the caller may see, newest first",
    description=(
        "The same terms as the workbench's search page (`page` there, `limit`/`offset` here). `q`: an "
        "application number or its beginning, the beginning of the customer's name, part of the address "
        "(three characters or more), a mobile or identity number. Dates are YYYY-MM-DD, both ends "
        "included. `deadline`: warning or "
        "overdue; `due`: today or week (until Sunday). Nothing is counted: `count` is offset plus the "
        "items returned, and `count_is_lower_bound` says more follow. A unit outside the caller's units is "
        "404; a bad "
        "value is 422 with the fields and translated messages."
    ),
)
def application_list(  # one parameter per documented filter
    request: HttpRequest,
    *,
    q: Annotated[str, Query(max_length=1000)] = "",
    unit: Annotated[str, Query(max_length=40)] = "",
    category: Annotated[str, Query(max_length=100)] = "",
    business_type: Annotated[str, Query(max_length=100)] = "",
    stage: Annotated[str, Query(max_length=100)] = "",
    status: Annotated[str, Query(max_length=100)] = "",
    deadline: Annotated[str, Query(max_length=100)] = "",
    due: Annotated[str, Query(max_length=100)] = "",
    received_from: Annotated[str, Query(max_length=100)] = "",
    received_to: Annotated[str, Query(max_length=100)] = "",
    completed_from: Annotated[str, Query(max_length=100)] = "",
    completed_to: Annotated[str, Query(max_length=100)] = "",
    clock_stop_reason: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=MAXIMUM_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAXIMUM_SEARCH_OFFSET)] = 0,
) -> ApplicationPage | tuple[int, SearchErrorOut]:
    viewer = actor_of(request)
    terms = {
        "q": q,
        "unit": unit,
        "category": category,
        "business_type": business_type,
        "stage": stage,
        "status": status,
        "deadline": deadline,
        "due": due,
        "received_from": received_from,
        "received_to": received_to,
        "completed_from": completed_from,
        "completed_to": completed_to,
        "clock_stop_reason": clock_stop_reason,
    }
    form = ApplicationSearchForm(terms)
    if not form.is_valid():
        return 422, SearchErrorOut(
            code="invalid_search",
            message=gettext("Some of the search terms are not valid."),
            errors=[SearchFieldErrorOut(**error) for error in form.error_list()],
        )
    page = bounded_page(
        applications_search(viewer=viewer, search=form.search_for(viewer)), offset=offset, limit=limit
    )
    return ApplicationPage(
        count=page.count,
        count_is_lower_bound=page.count_is_lower_bound,
        items=[ApplicationSummaryOut.of(application) for application in page.rows],
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
