"""What the process waits on the applicant for right now, for the portal and the API to offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.choices import ApplicationStatus
from yekuo.applications.contract_text import CONTRACT_TEXT, CONTRACT_TEXT_VERSION
from yekuo.applications.customer_records import (
    FeePayment,
    PaymentMethod,
    PaymentStatus,
    RegisteredFirm,
    SchemeAnswer,
    SchemeResponse,
)
from yekuo.applications.document_services import missing_document_kinds
from yekuo.applications.documents import DocumentKind
from yekuo.applications.firms import firms_for_choice
from yekuo.applications.models import Application
from yekuo.applications.recording import latest_scheme
from yekuo.applications.records import SchemeStatus, SupplyScheme
from yekuo.core import clock
from yekuo.workflow.models import (
    RUNNING_WORK_ITEM_STATUSES,
    ClockStop,
    ClockStopReason,
    ClockStopStatus,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.services.customer import FIRM_KIND_OF_STAGE, MILESTONE_STAGES, fees_due
from yekuo.workflow.services.lifecycle import is_energised
from yekuo.workflow.stages import Stage, StageOwner


@dataclass(frozen=True)
class MilestoneAction:
    item: WorkItem
    firm_kind: str  # "" for customer_completion: no firm, a request for inspection
    firms: list[RegisteredFirm]


@dataclass(frozen=True)
class CustomerActions:
    may_withdraw: bool = False
    documents_wanted: list[DocumentKind] = field(default_factory=list)
    waiting_for_documents: bool = False
    scheme_to_answer: SupplyScheme | None = None
    scheme_responses: list[SchemeResponse] = field(default_factory=list)
    milestones: list[MilestoneAction] = field(default_factory=list)
    contract_item: WorkItem | None = None
    contract_text: str = CONTRACT_TEXT
    contract_text_version: str = CONTRACT_TEXT_VERSION
    fees_item: WorkItem | None = None
    fees_amount: Decimal = Decimal(0)
    pending_payment: FeePayment | None = None
    rectification_stop: ClockStop | None = None  # a failed inspection waiting for the defects to be remedied
    payment_methods: list[tuple[str, str]] = field(
        default_factory=lambda: [(value, str(label)) for value, label in PaymentMethod.choices]
    )

    @property
    def any(self) -> bool:
        return bool(
            self.waiting_for_documents
            or self.scheme_to_answer
            or self.milestones
            or self.contract_item
            or self.fees_item
            or self.rectification_stop
        )


def customer_actions_for(*, viewer: User, application: Application) -> CustomerActions:
    """Only the applicant gets actions; `application` was fetched through the access function."""
    if viewer.kind != AccountKind.CUSTOMER or application.customer.account_id != viewer.pk:
        return CustomerActions()
    if application.status == ApplicationStatus.DRAFT:
        return CustomerActions(may_withdraw=True, documents_wanted=missing_document_kinds(application))
    is_open = application.status in (ApplicationStatus.ACTIVE, ApplicationStatus.SUSPENDED)
    if not is_open:
        return CustomerActions()
    items = list(
        WorkItem.objects.filter(application=application, is_current=True).select_related("candidate_unit")
    )
    waiting_for_documents = ClockStop.objects.filter(
        application=application,
        status=ClockStopStatus.ACTIVE,
        reason=ClockStopReason.CUSTOMER_DOCUMENTS,
        work_item__stage=Stage.ACCEPTANCE,
        work_item__status=WorkItemStatus.SUSPENDED,
    ).exists()
    customer_items = [
        item
        for item in items
        if item.owner == StageOwner.CUSTOMER and item.status in RUNNING_WORK_ITEM_STATUSES
    ]
    today = timezone.localdate(clock.now())
    scheme = latest_scheme(application)
    responses = list(SchemeResponse.objects.filter(scheme=scheme).order_by("responded_at")) if scheme else []
    confirmed = any(response.answer == SchemeAnswer.CONFIRMED for response in responses)
    fees_item = next((item for item in customer_items if item.stage == Stage.BUSINESS_FEES), None)
    rectification_stop = (
        ClockStop.objects.filter(
            application=application,
            status=ClockStopStatus.ACTIVE,
            reason=ClockStopReason.RECTIFICATION,
            work_item__is_current=True,
            work_item__status=WorkItemStatus.SUSPENDED,
        )
        .select_related("work_item")
        .order_by("pk")
        .first()
    )
    return CustomerActions(
        rectification_stop=rectification_stop,
        may_withdraw=not is_energised(application),  # application_cancel refuses a live connection
        documents_wanted=missing_document_kinds(application) if waiting_for_documents else [],
        waiting_for_documents=waiting_for_documents,
        scheme_to_answer=scheme
        if scheme and scheme.status == SchemeStatus.REPLIED and not confirmed
        else None,
        scheme_responses=responses,
        milestones=[
            MilestoneAction(
                item=item,
                firm_kind=FIRM_KIND_OF_STAGE.get(Stage(item.stage), ""),
                firms=firms_for_choice(kind=FIRM_KIND_OF_STAGE[Stage(item.stage)], today=today)
                if Stage(item.stage) in FIRM_KIND_OF_STAGE
                else [],
            )
            for item in customer_items
            if item.stage in MILESTONE_STAGES
        ],
        contract_item=next((item for item in customer_items if item.stage == Stage.SUPPLY_CONTRACT), None),
        fees_item=fees_item,
        fees_amount=fees_due(application) if fees_item else Decimal(0),
        pending_payment=FeePayment.objects.filter(
            work_item_id=fees_item.pk, status=PaymentStatus.DECLARED
        ).first()
        if fees_item
        else None,
    )
