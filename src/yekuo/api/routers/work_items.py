"""A staff member's work: list it and claim items (the same selector and services as the workbench)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params.functions import Path, Query

from yekuo.accounts.models import AccountKind, User
from yekuo.api.auth import actor_of
from yekuo.api.errors import StaffOnly
from yekuo.api.schemas import (
    DEFAULT_PAGE_SIZE,
    MAXIMUM_ID,
    MAXIMUM_OFFSET,
    MAXIMUM_PAGE_SIZE,
    ErrorOut,
    WorkItemOut,
    WorkItemPage,
)
from yekuo.workflow import services
from yekuo.workflow.models import DeadlineState
from yekuo.workflow.selectors import work_items_for_worker
from yekuo.workflow.stages import Stage

router = Router(tags=["work items"])


def _staff(request: HttpRequest) -> User:
    user = actor_of(request)
    if user.kind != AccountKind.STAFF:
        raise StaffOnly(_("Only staff have work items."))
    return user


@router.get(
    "/work-items",
    response={200: WorkItemPage, 403: ErrorOut},
    summary="The caller's open, claimed and suspended work items, the most urgent first",
)
def work_item_list(
    request: HttpRequest,
    stage: Annotated[Stage | None, Query()] = None,
    deadline_state: Annotated[DeadlineState | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAXIMUM_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAXIMUM_OFFSET)] = 0,
) -> WorkItemPage:
    items = work_items_for_worker(_staff(request)).select_related("candidate_unit")  # WorkItemOut names it
    if stage is not None:
        items = items.filter(stage=stage)
    if deadline_state is not None:
        items = items.filter(deadline_state=deadline_state)
    return WorkItemPage(
        count=items.count(), items=[WorkItemOut.of(item) for item in items[offset : offset + limit]]
    )


@router.post(
    "/work-items/{work_item_id}/claim",
    response={200: WorkItemOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Claim an open work item",
)
def work_item_claim(
    request: HttpRequest, work_item_id: Annotated[int, Path(ge=1, le=MAXIMUM_ID)]
) -> WorkItemOut:
    item = services.work_item_claim(actor=_staff(request), work_item_id=work_item_id)
    return WorkItemOut.of(item)
