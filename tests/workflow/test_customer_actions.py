"""The applicant works their own customer-owned stages through the same transitions staff use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.applications.sample_files import identity_scan
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, open_stages, passing_outcome
from yekuo.applications import outcomes
from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.contract_text import CONTRACT_TEXT_VERSION
from yekuo.applications.customer_records import (
    ContractSignature,
    FeePayment,
    FirmKind,
    PaymentStatus,
    RegisteredFirm,
    SchemeResponse,
)
from yekuo.applications.document_services import application_document_add
from yekuo.applications.documents import DocumentKind
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.firms import firms_for_choice
from yekuo.applications.models import Application
from yekuo.applications.records import CustomerMilestone, SupplyContractRecord
from yekuo.core.errors import AccessDenied, ValidationFailed
from yekuo.customers.factories import enterprise_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.notifications.models import Notification
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.customer_actions import customer_actions_for
from yekuo.workflow.errors import NotPermitted
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.services.customer import (
    application_documents_supplied,
    contract_sign,
    customer_stage_complete,
    fee_payment_decide,
    fee_payment_declare,
    scheme_respond,
)
from yekuo.workflow.stages import Stage

STAFF_ROLE = {
    Stage.ACCEPTANCE: Role.INTAKE_CLERK,
    Stage.SITE_SURVEY: Role.SURVEYOR,
    Stage.SUPPLY_SCHEME_DRAFTING: Role.SCHEME_DESIGNER,
    Stage.SUPPLY_SCHEME_APPROVAL: Role.SCHEME_APPROVER,
    Stage.DESIGN_REVIEW: Role.INSPECTOR,
    Stage.MID_CONSTRUCTION_INSPECTION: Role.INSPECTOR,
    Stage.GRID_SUPPORTING_WORKS: Role.ENERGISATION_OPERATOR,
    Stage.COMPLETION_INSPECTION: Role.INSPECTOR,
}
CUSTOMER_STAGES = {
    Stage.CUSTOMER_DESIGN,
    Stage.CUSTOMER_CONSTRUCTION,
    Stage.CUSTOMER_COMPLETION,
    Stage.SUPPLY_CONTRACT,
    Stage.BUSINESS_FEES,
}


@pytest.fixture(autouse=True)
def uploads(tmp_path: Path, settings: Settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def firms(db: None) -> dict[str, RegisteredFirm]:
    def firm(name: str, kind: str, valid_until: date, number: str) -> RegisteredFirm:
        return RegisteredFirm.objects.create(
            name=name, kind=kind, licence_number=number, licence_level="乙级", licence_valid_until=valid_until
        )

    return {
        "design": firm("南京电力设计有限公司", FirmKind.DESIGN, date(2027, 12, 31), "D-1"),
        "design_expired": firm("过期设计院", FirmKind.DESIGN, date(2025, 12, 31), "D-2"),
        "construction": firm("江宁承装工程有限公司", FirmKind.CONSTRUCTION, date(2028, 6, 30), "C-1"),
    }


def drive_staff_stages(crew: Crew, application: Application) -> set[str]:
    """Complete every open utility stage until only customer stages (or nothing) are open."""
    while True:
        staff_stages = sorted(open_stages(application) - CUSTOMER_STAGES)
        if not staff_stages:
            return open_stages(application)
        stage = staff_stages[0]
        outcome = passing_outcome(stage)
        if stage == Stage.SUPPLY_SCHEME_DRAFTING:
            outcome = outcomes.SupplySchemeDraftOutcome(
                connection_point="10kV 东山线 #12 杆",
                supply_voltage="10kV",
                circuit_count=2,
                supply_capacity_kva=Decimal(2500),
                metering_method="高供高计",
                fee_items=(outcomes.FeeItem("高可靠性供电费", Decimal("125000.00"), "苏价工〔2017〕号"),),
            )
        services.work_item_complete(
            actor=crew[STAFF_ROLE[Stage(stage)]].account,
            work_item_id=open_item(application, stage).pk,
            outcome=outcome,
        )


@pytest.fixture
def dual_supply(crew: Crew, factory_owner: Customer) -> Application:
    applicant = factory_owner.account
    application = draft_application(
        actor=applicant,
        customer=factory_owner,
        category=Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY,
        is_important_customer=True,
    )
    services.application_submit(actor=applicant, application_id=application.pk)
    supply_all_documents(application, received_by=crew[Role.INTAKE_CLERK].account)
    assert drive_staff_stages(crew, application) == {Stage.CUSTOMER_DESIGN}
    return application


def test_the_applicant_carries_their_stages_from_scheme_to_fees(
    crew: Crew, dual_supply: Application, firms: dict[str, RegisteredFirm]
) -> None:
    applicant = dual_supply.customer.account
    manager = crew[Role.ACCOUNT_MANAGER].account

    scheme_respond(
        actor=applicant, application_id=dual_supply.pk, answer="queried", message="能否改为电缆接入？"
    )
    assert Notification.objects.filter(recipient=manager, kind="supply_scheme_queried").exists()
    assert Event.objects.filter(kind="supply_scheme.queried", application_id=dual_supply.pk).exists()
    scheme_respond(actor=applicant, application_id=dual_supply.pk, answer="confirmed")
    assert SchemeResponse.objects.filter(answer="confirmed").count() == 1

    design = open_item(dual_supply, Stage.CUSTOMER_DESIGN)
    with pytest.raises(ValidationFailed) as expired:
        customer_stage_complete(actor=applicant, work_item_id=design.pk, firm_id=firms["design_expired"].pk)
    assert expired.value.code == "invalid_firm"
    with pytest.raises(ValidationFailed):
        customer_stage_complete(actor=applicant, work_item_id=design.pk, firm_id=firms["construction"].pk)
    customer_stage_complete(actor=applicant, work_item_id=design.pk, firm_id=firms["design"].pk)
    assert CustomerMilestone.objects.get(stage=Stage.CUSTOMER_DESIGN).firm_name == "南京电力设计有限公司"

    assert drive_staff_stages(crew, dual_supply) == {Stage.CUSTOMER_CONSTRUCTION}
    construction = open_item(dual_supply, Stage.CUSTOMER_CONSTRUCTION)
    customer_stage_complete(actor=applicant, work_item_id=construction.pk, firm_id=firms["construction"].pk)
    assert Stage.CUSTOMER_COMPLETION in drive_staff_stages(crew, dual_supply)
    completion = open_item(dual_supply, Stage.CUSTOMER_COMPLETION)
    customer_stage_complete(actor=applicant, work_item_id=completion.pk, note="<script>alert(1)</script>")
    assert CustomerMilestone.objects.get(stage=Stage.CUSTOMER_COMPLETION).note == "<script>alert(1)</script>"

    assert drive_staff_stages(crew, dual_supply) == {Stage.SUPPLY_CONTRACT, Stage.BUSINESS_FEES}
    contract = open_item(dual_supply, Stage.SUPPLY_CONTRACT)
    with pytest.raises(ValidationFailed):
        contract_sign(
            actor=applicant, work_item_id=contract.pk, text_version=CONTRACT_TEXT_VERSION, agreed=False
        )
    with pytest.raises(ValidationFailed):
        contract_sign(actor=applicant, work_item_id=contract.pk, text_version="old", agreed=True)
    signature = contract_sign(
        actor=applicant, work_item_id=contract.pk, text_version=CONTRACT_TEXT_VERSION, agreed=True
    )
    assert signature.signed_by == applicant
    assert len(signature.text_sha256) == 64
    dual_supply.refresh_from_db()
    assert SupplyContractRecord.objects.get().contract_number == f"{dual_supply.number}-HT"

    fees = open_item(dual_supply, Stage.BUSINESS_FEES)
    assert customer_actions_for(viewer=applicant, application=dual_supply).fees_amount == Decimal("125000.00")
    payment = fee_payment_declare(
        actor=applicant, work_item_id=fees.pk, method="bank_transfer", reference="TX-1"
    )
    with pytest.raises(NotPermitted):
        fee_payment_decide(actor=applicant, payment_id=payment.pk, received=True)
    fee_payment_decide(actor=manager, payment_id=payment.pk, received=True)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert WorkItem.objects.get(pk=fees.pk).status == WorkItemStatus.COMPLETED
    assert Stage.METERING_INSTALLATION in open_stages(dual_supply)


def test_a_payment_not_received_keeps_the_fees_stage_waiting(crew: Crew, dual_supply: Application) -> None:
    applicant = dual_supply.customer.account
    for stage in (
        Stage.CUSTOMER_DESIGN,
        Stage.CUSTOMER_CONSTRUCTION,
        Stage.CUSTOMER_COMPLETION,
        Stage.SUPPLY_CONTRACT,
    ):
        drive_staff_stages(crew, dual_supply)
        services.work_item_complete(
            actor=crew[Role.ACCOUNT_MANAGER].account,
            work_item_id=open_item(dual_supply, stage).pk,
            outcome=passing_outcome(stage),
        )
    fees = open_item(dual_supply, Stage.BUSINESS_FEES)
    payment = fee_payment_declare(
        actor=applicant, work_item_id=fees.pk, method="bank_transfer", reference="TX-2"
    )

    fee_payment_decide(
        actor=crew[Role.ACCOUNT_MANAGER].account, payment_id=payment.pk, received=False, note="未到账"
    )

    assert FeePayment.objects.get().status == PaymentStatus.REJECTED
    assert WorkItem.objects.get(pk=fees.pk).status == WorkItemStatus.OPEN
    assert customer_actions_for(viewer=applicant, application=dual_supply).pending_payment is None


def test_firms_are_listed_without_expired_licences(firms: dict[str, RegisteredFirm]) -> None:
    listed = firms_for_choice(kind=FirmKind.DESIGN, today=date(2026, 3, 2))

    assert listed == [firms["design"]]


def test_missing_documents_are_supplied_and_acceptance_resumes(crew: Crew, household: Customer) -> None:
    applicant = household.account
    application = draft_application(actor=applicant, customer=household)
    services.application_submit(actor=applicant, application_id=application.pk)
    acceptance = open_item(application, Stage.ACCEPTANCE)
    services.application_accept(actor=crew[Role.INTAKE_CLERK].account, work_item_id=acceptance.pk)
    assert WorkItem.objects.get(pk=acceptance.pk).status == WorkItemStatus.SUSPENDED
    application.refresh_from_db()
    actions = customer_actions_for(viewer=applicant, application=application)
    assert actions.waiting_for_documents
    assert actions.documents_wanted == [DocumentKind.IDENTITY_DOCUMENT]

    with pytest.raises(ValidationFailed):
        application_documents_supplied(actor=applicant, application_id=application.pk)
    application_document_add(
        actor=applicant,
        application_id=application.pk,
        kind=DocumentKind.IDENTITY_DOCUMENT,
        uploaded=identity_scan(),
    )
    application_documents_supplied(actor=applicant, application_id=application.pk)

    assert WorkItem.objects.get(pk=acceptance.pk).status == WorkItemStatus.OPEN
    services.application_accept(actor=crew[Role.INTAKE_CLERK].account, work_item_id=acceptance.pk)
    assert open_stages(application) == {Stage.METERING_AND_ENERGISATION}


def test_another_customer_and_staff_cannot_act_for_the_applicant(
    crew: Crew, dual_supply: Application, firms: dict[str, RegisteredFirm]
) -> None:
    stranger = enterprise_customer(service_unit=dual_supply.supply_station)
    design = open_item(dual_supply, Stage.CUSTOMER_DESIGN)
    events_before = Event.objects.count()

    for outsider in (stranger.account, crew[Role.INTAKE_CLERK].account):
        with pytest.raises(AccessDenied):
            scheme_respond(actor=outsider, application_id=dual_supply.pk, answer="confirmed")
        with pytest.raises(AccessDenied):
            customer_stage_complete(actor=outsider, work_item_id=design.pk, firm_id=firms["design"].pk)
    with pytest.raises(AccessDenied):
        services.application_cancel(actor=stranger.account, application_id=dual_supply.pk, reason="不要了")

    assert Event.objects.count() == events_before
    assert not SchemeResponse.objects.exists()
    assert not ContractSignature.objects.exists()
    assert WorkItem.objects.get(pk=design.pk).status == WorkItemStatus.OPEN
    dual_supply.refresh_from_db()
    assert dual_supply.status == ApplicationStatus.ACTIVE


def test_the_applicant_withdraws_with_a_reason(dual_supply: Application) -> None:
    applicant = dual_supply.customer.account

    services.application_cancel(actor=applicant, application_id=dual_supply.pk, reason="项目取消")

    dual_supply.refresh_from_db()
    assert dual_supply.status == ApplicationStatus.CANCELLED
    assert not customer_actions_for(viewer=applicant, application=dual_supply).any


def test_the_applicant_may_withdraw_until_the_supply_is_switched_on(crew: Crew, household: Customer) -> None:
    applicant = household.account
    application = draft_application(
        actor=applicant, customer=household, category=Category.LOW_VOLTAGE_RESIDENTIAL
    )
    services.application_submit(actor=applicant, application_id=application.pk)
    supply_all_documents(application, received_by=crew[Role.INTAKE_CLERK].account)
    services.work_item_complete(
        actor=crew[Role.INTAKE_CLERK].account,
        work_item_id=open_item(application, Stage.ACCEPTANCE).pk,
        outcome=passing_outcome(Stage.ACCEPTANCE),
    )
    application.refresh_from_db()
    assert customer_actions_for(viewer=applicant, application=application).may_withdraw

    services.work_item_complete(
        actor=crew[Role.METERING_TECHNICIAN].account,
        work_item_id=open_item(application, Stage.METERING_AND_ENERGISATION).pk,
        outcome=passing_outcome(Stage.METERING_AND_ENERGISATION),
    )
    application.refresh_from_db()
    assert application.energised_at is not None
    assert not customer_actions_for(viewer=applicant, application=application).may_withdraw
