"""What the applicant does where the process waits on them, through the same transitions staff use:
supply missing documents, answer the supply scheme, choose firms and report their own stages done, sign
the contract, declare fee payments (confirmed by staff). Each change records its events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.contract_text import (
    CONTRACT_TERM_YEARS,
    CONTRACT_TEXT,
    CONTRACT_TEXT_VERSION,
    contract_text_digest,
)
from yekuo.applications.customer_records import (
    ContractSignature,
    FeePayment,
    FirmKind,
    PaymentMethod,
    PaymentStatus,
    SchemeAnswer,
    SchemeResponse,
)
from yekuo.applications.firms import firm_selectable
from yekuo.applications.models import Application
from yekuo.applications.outcomes import CustomerMilestoneOutcome, SupplyContractOutcome
from yekuo.applications.recording import latest_scheme
from yekuo.applications.records import SchemeStatus
from yekuo.core import clock
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.notifications.services import notify
from yekuo.org.roles import Role
from yekuo.workflow.engine import Transition, settle
from yekuo.workflow.errors import NotPermitted, TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import (
    RUNNING_WORK_ITEM_STATUSES,
    ClockStop,
    ClockStopReason,
    ClockStopStatus,
    WorkItem,
    WorkItemStatus,
)
from yekuo.workflow.permissions import may_work
from yekuo.workflow.recipients import Recipients
from yekuo.workflow.services.clock_stops import checked_evidence, evidence_store, work_item_resume
from yekuo.workflow.services.common import begin, begin_for_item, item_under_lock
from yekuo.workflow.services.work_items import work_item_complete
from yekuo.workflow.stage_effects import missing_documents
from yekuo.workflow.stages import Stage

MAXIMUM_MESSAGE_LENGTH = 2_000
FIRM_KIND_OF_STAGE = {
    Stage.ACCESS_SYSTEM_DESIGN: FirmKind.DESIGN,
    Stage.CUSTOMER_DESIGN: FirmKind.DESIGN,
    Stage.CUSTOMER_CONSTRUCTION: FirmKind.CONSTRUCTION,
}
MILESTONE_STAGES = frozenset({*FIRM_KIND_OF_STAGE, Stage.CUSTOMER_COMPLETION})


def _applicant_transition(actor: User, application_id: int) -> Transition:
    transition = begin(application_id=application_id, actor=actor)
    if actor.kind != AccountKind.CUSTOMER or transition.application.customer.account_id != actor.pk:
        raise AccessDenied(_("This application does not exist or is not yours to see."))
    return transition


def _today() -> date:
    return timezone.localdate(clock.now())


def _message(message: str, *, required: bool) -> str:
    message = message.strip()
    if (required and not message) or len(message) > MAXIMUM_MESSAGE_LENGTH:
        raise ValidationFailed(_("Write your message (at most 2,000 characters)."), code="message_required")
    return message


@transaction.atomic
def application_documents_supplied(*, actor: User, application_id: int) -> WorkItem:
    """The applicant has added every missing document: acceptance resumes with the days it had left."""
    transition = _applicant_transition(actor, application_id)
    waiting = next(
        (
            item
            for item in transition.items()
            if item.stage == Stage.ACCEPTANCE and item.status == WorkItemStatus.SUSPENDED and item.is_current
        ),
        None,
    )
    if waiting is None:
        raise TransitionNotAllowed(_("Acceptance is not waiting for documents."), code="not_waiting")
    missing = missing_documents(transition)
    if missing:
        raise ValidationFailed(_("Some documents in the notice are still missing."), code="documents_missing")
    return work_item_resume(actor=actor, work_item_id=waiting.pk)


SCHEME_QUERY_TITLE = gettext_lazy("Customer question about the supply scheme of %(number)s")


@transaction.atomic
def scheme_respond(*, actor: User, application_id: int, answer: str, message: str = "") -> SchemeResponse:
    """Confirm the replied supply scheme, or ask about it: the question goes to the account managers."""
    if answer not in SchemeAnswer.values:
        raise ValidationFailed(_("Confirm the scheme or ask a question."), code="invalid_answer")
    message = _message(message, required=answer == SchemeAnswer.QUERIED)
    transition = _applicant_transition(actor, application_id)
    application = transition.application
    scheme = latest_scheme(application)
    if scheme is None or scheme.status != SchemeStatus.REPLIED:
        raise TransitionNotAllowed(_("There is no supply scheme to answer."), code="no_scheme")
    if SchemeResponse.objects.filter(scheme=scheme, answer=SchemeAnswer.CONFIRMED).exists():
        raise TransitionNotAllowed(_("You have already confirmed this scheme."), code="scheme_confirmed")
    response = SchemeResponse.objects.create(
        scheme=scheme, answer=answer, message=message, responded_by=actor, responded_at=transition.now
    )
    if answer == SchemeAnswer.CONFIRMED:
        transition.record(WorkflowEvent.SCHEME_CONFIRMED, new={"scheme_id": scheme.pk})
    else:
        transition.record(WorkflowEvent.SCHEME_QUERIED, new={"scheme_id": scheme.pk, "message": message})
        for manager in Recipients().candidates(role=Role.ACCOUNT_MANAGER, unit=application.supply_station):
            notify(
                recipient=manager,
                kind="supply_scheme_queried",
                title=SCHEME_QUERY_TITLE,
                body=message,
                params={"number": application.number},
                application_id=application.pk,
            )
    settle(transition)
    return response


def _customer_item(actor: User, work_item_id: int, stages: frozenset[str] | set[str]) -> WorkItem:
    """The applicant's own running item of one of `stages` (read, unlocked: the transition re-checks)."""
    item = (
        WorkItem.objects.select_related("application__customer")
        .filter(pk=work_item_id, application__customer__account=actor)
        .first()
    )
    if item is None or actor.kind != AccountKind.CUSTOMER:
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found")
    if item.stage not in stages or item.status not in RUNNING_WORK_ITEM_STATUSES:
        raise TransitionNotAllowed(_("This step is not waiting for you."), code="not_waiting")
    return item


@transaction.atomic
def customer_stage_complete(
    *, actor: User, work_item_id: int, firm_id: int | None = None, note: str = ""
) -> WorkItem:
    """Report a customer stage done: design or construction with the chosen firm, or the works complete
    and ready for inspection (customer_completion)."""
    item = _customer_item(actor, work_item_id, MILESTONE_STAGES)
    note = _message(note, required=False)
    firm_name = reference = ""
    kind = FIRM_KIND_OF_STAGE.get(Stage(item.stage))
    if kind is not None:
        firm = firm_selectable(firm_id=firm_id, kind=kind, today=_today()) if firm_id is not None else None
        if firm is None:
            raise ValidationFailed(
                _("Choose a firm from the list; firms with an expired licence cannot be chosen."),
                code="invalid_firm",
            )
        firm_name, reference = firm.name, firm.licence_number
    outcome = CustomerMilestoneOutcome(
        completed_on=_today(), firm_name=firm_name, reference=reference, note=note
    )
    return work_item_complete(actor=actor, work_item_id=item.pk, outcome=outcome)


@transaction.atomic
def contract_sign(*, actor: User, work_item_id: int, text_version: str, agreed: bool) -> ContractSignature:
    """The customer confirms the contract text they were shown; the signature keeps who, when and which."""
    item = _customer_item(actor, work_item_id, {Stage.SUPPLY_CONTRACT})
    if not agreed:
        raise ValidationFailed(_("Tick the box to confirm that you agree."), code="not_agreed")
    if text_version != CONTRACT_TEXT_VERSION:
        raise ValidationFailed(
            _("The contract text has changed. Please read the current text."), code="contract_text_changed"
        )
    application = item.application
    now = clock.now()
    signature = ContractSignature.objects.create(
        application=application,
        work_item_id=item.pk,
        text_version=text_version,
        text_sha256=contract_text_digest(CONTRACT_TEXT),
        signed_by=actor,
        signed_at=now,
    )
    outcome = SupplyContractOutcome(
        contract_number=f"{application.number}-HT",
        signed_on=_today(),
        term_years=CONTRACT_TERM_YEARS,
        signatory=application.customer.name[:60],
    )
    work_item_complete(actor=actor, work_item_id=item.pk, outcome=outcome)
    transition = begin(application_id=application.pk, actor=actor)
    transition.record(
        WorkflowEvent.CONTRACT_SIGNED,
        work_item=item,
        new={
            "signature_id": signature.pk,
            "text_version": text_version,
            "text_sha256": signature.text_sha256,
        },
    )
    settle(transition)
    return signature


def fees_due(application: Application) -> Decimal:
    scheme = latest_scheme(application)
    if scheme is None:
        return Decimal(0)
    return sum((fee.amount_yuan for fee in scheme.fee_items.all()), Decimal(0))


@transaction.atomic
def fee_payment_declare(*, actor: User, work_item_id: int, method: str, reference: str) -> FeePayment:
    """The customer says they have paid the fees of the scheme; staff confirm the money arrived."""
    item = _customer_item(actor, work_item_id, {Stage.BUSINESS_FEES})
    method, reference = method.strip(), reference.strip()
    if method not in PaymentMethod.values or not reference or len(reference) > 100:  # the field's size
        raise ValidationFailed(
            _("Give the payment method and the reference of your payment."), code="payment_details_required"
        )
    transition = begin(application_id=item.application_id, actor=actor)
    if FeePayment.objects.filter(work_item_id=item.pk, status=PaymentStatus.DECLARED).exists():
        raise TransitionNotAllowed(
            _("Your payment is already waiting for confirmation."), code="payment_pending"
        )
    payment = FeePayment.objects.create(
        application=transition.application,
        work_item_id=item.pk,
        amount_yuan=fees_due(transition.application),
        method=method,
        reference=reference,
        declared_by=actor,
        declared_at=transition.now,
    )
    transition.record(
        WorkflowEvent.FEE_PAYMENT_DECLARED,
        work_item=item,
        new={"payment_id": payment.pk, "amount_yuan": payment.amount_yuan, "reference": reference},
    )
    settle(transition)
    return payment


@transaction.atomic
def fee_payment_decide(*, actor: User, payment_id: int, received: bool, note: str = "") -> FeePayment:
    """Staff who may work the fees stage confirm that the money arrived (completing the stage) or not."""
    payment = FeePayment.objects.select_for_update().filter(pk=payment_id).first()
    if payment is None:
        raise AccessDenied(_("This payment does not exist."), code="payment_not_found")
    transition = begin_for_item(work_item_id=payment.work_item_id, actor=actor)
    item = item_under_lock(transition, payment.work_item_id, RUNNING_WORK_ITEM_STATUSES)
    if actor.kind != AccountKind.STAFF or not may_work(actor, item, transition.actor_roles()):
        raise NotPermitted(_("You do not hold the role this stage needs for this unit."))
    if payment.status != PaymentStatus.DECLARED:
        raise TransitionNotAllowed(_("This payment has already been decided."), code="payment_decided")
    note = _message(note, required=not received)
    payment.status = PaymentStatus.CONFIRMED if received else PaymentStatus.REJECTED
    payment.decided_by = actor
    payment.decided_at = transition.now
    payment.note = note
    payment.save(update_fields=["status", "decided_by", "decided_at", "note"])
    kind = WorkflowEvent.FEE_PAYMENT_CONFIRMED if received else WorkflowEvent.FEE_PAYMENT_REJECTED
    transition.record(kind, work_item=item, new={"payment_id": payment.pk, "note": note})
    settle(transition)
    if received:
        work_item_complete(
            actor=actor,
            work_item_id=item.pk,
            outcome=CustomerMilestoneOutcome(
                completed_on=_today(),
                reference=payment.reference[:100],
                amount_yuan=payment.amount_yuan,
                note=payment.method,
            ),
        )
    return payment


RECTIFICATION_TITLE = gettext_lazy("%(number)s: the customer reports the inspection defects rectified")
RECTIFICATION_BODY = gettext_lazy(
    "%(stage)s: the customer reports that the defects listed in the notice are rectified. Check the note "
    "and the files on the work item, then resume it and re-inspect.\n%(note)s"
)


@transaction.atomic
def rectification_declare(
    *, actor: User, application_id: int, note: str = "", evidence: Sequence[UploadedFile] = ()
) -> ClockStop:
    """The applicant reports the defects of a failed inspection rectified (整改完成), with an optional note
    and photos or PDFs. The clock stays stopped: staff check, resume the item and re-inspect. Told to the
    item's assignee (the inspector) or, when nobody holds it, to everyone who may work the stage."""
    note = _message(note, required=False)
    checked_evidence(evidence)
    transition = _applicant_transition(actor, application_id)
    stop = (
        ClockStop.objects.filter(
            application=transition.application,
            status=ClockStopStatus.ACTIVE,
            reason=ClockStopReason.RECTIFICATION,
            work_item__is_current=True,
            work_item__status=WorkItemStatus.SUSPENDED,
        )
        .select_related("work_item__candidate_unit")
        .prefetch_related("work_item__assignee__account")  # see selectors.active_work_items
        .order_by("pk")
        .first()
    )
    if stop is None:
        raise TransitionNotAllowed(
            _("No inspection is waiting for the defects to be rectified."),
            code="not_waiting_for_rectification",
        )
    if stop.rectification_declared_at is not None:
        raise TransitionNotAllowed(
            _("You have already reported the defects rectified; the utility will re-inspect."),
            code="rectification_declared",
        )
    stop.rectification_declared_at = transition.now
    stop.rectification_declared_by = actor
    stop.rectification_note = note
    stop.save(update_fields=["rectification_declared_at", "rectification_declared_by", "rectification_note"])
    stored = evidence_store(stop, evidence, actor=actor, now=transition.now)
    item = stop.work_item
    transition.record(
        WorkflowEvent.RECTIFICATION_DECLARED,
        work_item=item,
        new={"clock_stop": stop.pk, "note": note, "evidence": stored},
    )
    for recipient in Recipients().for_work_item(item):
        notify(
            recipient=recipient,
            kind="rectification_declared",
            title=RECTIFICATION_TITLE,
            body=RECTIFICATION_BODY,
            params={"number": transition.application.number, "stage": Stage(item.stage).label, "note": note},
            application_id=transition.application.pk,
            work_item_id=item.pk,
        )
    settle(transition)
    return stop
