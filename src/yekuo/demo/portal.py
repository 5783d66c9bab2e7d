"""What a visitor can try in the portal: a register of design and construction firms (one licence expired,
so it is not offered), the demo household waiting to supply a missing document, and the demo enterprise
with a replied supply scheme and fees, waiting to choose its design firm. Driven through the services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from yekuo.applications import outcomes
from yekuo.applications.choices import Category
from yekuo.applications.customer_records import FirmKind, RegisteredFirm
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.core import clock
from yekuo.customers.models import Customer
from yekuo.demo.stage_work import pick_actor
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.factories import passing_outcome
from yekuo.workflow.models import RUNNING_WORK_ITEM_STATUSES, WorkItem
from yekuo.workflow.stages import Stage

DEMO_HOUSEHOLD_MOBILE = "13800000001"
DEMO_ENTERPRISE_MOBILE = "13800000025"
FIRMS = (
    (
        "江苏苏电工程设计有限公司",
        FirmKind.DESIGN,
        "A132000123",
        "电力行业（送电、变电）专业乙级",
        date(2028, 6, 30),
    ),
    (
        "南京宁能电力设计院有限公司",
        FirmKind.DESIGN,
        "A232000456",
        "电力行业（变电）专业丙级",
        date(2027, 3, 31),
    ),
    ("江宁明远电气设计事务所", FirmKind.DESIGN, "A332000789", "电力行业（变电）专业丙级", date(2026, 10, 31)),
    (
        "南京江宁电力安装工程有限公司",
        FirmKind.CONSTRUCTION,
        "6-1-00321-2019",
        "承装(修、试)三级",
        date(2029, 1, 15),
    ),
    (
        "江苏恒源输变电工程有限公司",
        FirmKind.CONSTRUCTION,
        "6-1-00122-2017",
        "承装(修、试)二级",
        date(2027, 9, 30),
    ),
    (
        "南京东山机电安装有限公司",
        FirmKind.CONSTRUCTION,
        "6-1-00877-2021",
        "承装(修、试)四级",
        date(2028, 12, 31),
    ),
    (
        "苏州吴中电力工程有限公司",
        FirmKind.CONSTRUCTION,
        "6-1-00456-2016",
        "承装(修、试)三级",
        date(2026, 9, 30),
    ),
)
STAFF_ROLE = {
    Stage.ACCEPTANCE: Role.INTAKE_CLERK,
    Stage.SITE_SURVEY: Role.SURVEYOR,
    Stage.SUPPLY_SCHEME_DRAFTING: Role.SCHEME_DESIGNER,
    Stage.SUPPLY_SCHEME_APPROVAL: Role.SCHEME_APPROVER,
    Stage.GRID_SUPPORTING_WORKS: Role.ENERGISATION_OPERATOR,
}


def build_firms() -> list[RegisteredFirm]:
    return [
        RegisteredFirm.objects.create(
            name=name, kind=kind, licence_number=number, licence_level=level, licence_valid_until=valid_until
        )
        for name, kind, number, level, valid_until in FIRMS
    ]


def _open_item(application: Application, stage: str) -> WorkItem:
    return WorkItem.objects.get(application=application, stage=stage, status__in=RUNNING_WORK_ITEM_STATUSES)


def _household_waiting_for_documents(household: Customer) -> None:
    application = draft_application(
        actor=household.account,
        customer=household,
        premises_address=f"{household.address} 附属用房",
    )
    services.application_submit(actor=household.account, application_id=application.pk)
    services.application_accept(
        actor=pick_actor(application, Role.INTAKE_CLERK),
        work_item_id=_open_item(application, Stage.ACCEPTANCE).pk,
    )


def _enterprise_waiting_for_its_design(enterprise: Customer) -> None:
    application = draft_application(
        actor=enterprise.account,
        customer=enterprise,
        category=Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY,
        requested_capacity_kva=Decimal(2500),
        is_important_customer=True,
    )
    services.application_submit(actor=enterprise.account, application_id=application.pk)
    supply_all_documents(application, received_by=pick_actor(application, Role.INTAKE_CLERK))
    for stage in (
        Stage.ACCEPTANCE,
        Stage.SITE_SURVEY,
        Stage.SUPPLY_SCHEME_DRAFTING,
        Stage.SUPPLY_SCHEME_APPROVAL,
    ):
        outcome = passing_outcome(stage)
        if stage == Stage.SUPPLY_SCHEME_DRAFTING:
            outcome = outcomes.SupplySchemeDraftOutcome(
                connection_point="10kV 东山Ⅰ线 #18 杆、10kV 东山Ⅱ线 #7 杆",
                supply_voltage="10kV",
                circuit_count=2,
                supply_capacity_kva=Decimal(2500),
                metering_method="高供高计",
                fee_items=(
                    outcomes.FeeItem(
                        "高可靠性供电费", Decimal("150000.00"), "国家发展改革委 发改价格〔2003〕2279号"
                    ),
                ),
            )
        services.work_item_complete(
            actor=pick_actor(application, STAFF_ROLE[stage]),
            work_item_id=_open_item(application, stage).pk,
            outcome=outcome,
        )


def build_portal_examples(*, at: datetime) -> None:
    """`at` is the demo day (an aware datetime); both examples start on it."""
    build_firms()
    household = Customer.objects.filter(mobile_number=DEMO_HOUSEHOLD_MOBILE).first()
    enterprise = Customer.objects.filter(mobile_number=DEMO_ENTERPRISE_MOBILE).first()
    with clock.frozen_at(at):
        if household is not None:
            _household_waiting_for_documents(household)
        if enterprise is not None:
            _enterprise_waiting_for_its_design(enterprise)
