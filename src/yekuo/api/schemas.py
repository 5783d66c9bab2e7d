"""What the API sends. Codes are stable; `*_label` fields are in the request's language."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from yekuo.accounts.models import User
from yekuo.applications.models import Application
from yekuo.workflow.models import WorkItem

MAXIMUM_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Primary keys are 64-bit (DEFAULT_AUTO_FIELD); a larger number in a path is bad input, not a crash.
MAXIMUM_ID = 2**63 - 1
# Deep enough for any real list; bounded so offset + limit stays inside a 64-bit integer.
MAXIMUM_OFFSET = 1_000_000_000
# The application search pages through at most 10,000 rows: deeper offsets cost a scan; narrow the search.
MAXIMUM_SEARCH_OFFSET = 10_000


class ErrorOut(Schema):
    code: str
    message: str


class MeOut(Schema):
    username: str
    display_name: str
    kind: str

    @classmethod
    def of(cls, user: User) -> MeOut:
        return cls(username=user.username, display_name=user.display_name, kind=user.kind)


class WorkItemOut(Schema):
    id: int
    application_id: int
    application_number: str | None
    stage: str
    stage_label: str
    status: str
    status_label: str
    candidate_role: str
    candidate_unit: str
    assignee: str | None
    opened_at: datetime
    due_at: datetime | None
    deadline_state: str

    @classmethod
    def of(cls, item: WorkItem) -> WorkItemOut:
        return cls(
            id=item.pk,
            application_id=item.application_id,
            application_number=item.application.number,
            stage=item.stage,
            stage_label=str(item.get_stage_display()),
            status=item.status,
            status_label=str(item.get_status_display()),
            candidate_role=item.candidate_role,
            candidate_unit=item.candidate_unit.name,
            assignee=item.assignee.account.username if item.assignee is not None else None,
            opened_at=item.opened_at,
            due_at=item.due_at,
            deadline_state=item.deadline_state,
        )


class WorkItemPage(Schema):
    count: int
    items: list[WorkItemOut]


class ApplicationSummaryOut(Schema):
    id: int
    number: str | None
    status: str
    status_label: str
    category: str
    business_type: str
    customer_name: str
    supply_station: str
    created_at: datetime
    submitted_at: datetime | None

    @classmethod
    def of(cls, application: Application) -> ApplicationSummaryOut:
        return cls(
            id=application.pk,
            number=application.number,
            status=application.status,
            status_label=str(application.get_status_display()),
            category=application.category,
            business_type=application.business_type,
            customer_name=application.customer.name,
            supply_station=application.supply_station.name,
            created_at=application.created_at,
            submitted_at=application.submitted_at,
        )


class ApplicationPage(Schema):
    count: int
    count_is_lower_bound: bool = False
    items: list[ApplicationSummaryOut]


class SearchFieldErrorOut(Schema):
    field: str
    code: str
    message: str


class SearchErrorOut(ErrorOut):
    errors: list[SearchFieldErrorOut]


class ApplicationWorkItemOut(Schema):
    id: int
    stage: str
    stage_label: str
    status: str
    due_at: datetime | None
    deadline_state: str


class ApplicationOut(ApplicationSummaryOut):
    accepted_at: datetime | None
    energised_at: datetime | None
    work_items: list[ApplicationWorkItemOut]

    @classmethod
    def detail(cls, application: Application, work_items: list[WorkItem]) -> ApplicationOut:
        summary = ApplicationSummaryOut.of(application)
        return cls(
            **summary.model_dump(),
            accepted_at=application.accepted_at,
            energised_at=application.energised_at,
            work_items=[
                ApplicationWorkItemOut(
                    id=item.pk,
                    stage=item.stage,
                    stage_label=str(item.get_stage_display()),
                    status=item.status,
                    due_at=item.due_at,
                    deadline_state=item.deadline_state,
                )
                for item in work_items
            ],
        )
