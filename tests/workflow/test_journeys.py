from __future__ import annotations

from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, open_stages, passing_outcome
from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.customers.models import Customer
from yekuo.events.verification import verify_all_chains
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import ApplicationProcess
from yekuo.workflow.stages import Stage


def test_a_household_is_connected_in_two_stages(crew: Crew, household: Customer) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(actor=household.account, customer=household)
    services.application_submit(actor=household.account, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)

    services.application_accept(actor=clerk, work_item_id=open_item(application, Stage.ACCEPTANCE).pk)
    assert open_stages(application) == {Stage.METERING_AND_ENERGISATION}
    services.work_item_complete(
        actor=crew[Role.METERING_TECHNICIAN].account,
        work_item_id=open_item(application, Stage.METERING_AND_ENERGISATION).pk,
        outcome=passing_outcome(Stage.METERING_AND_ENERGISATION),
    )
    assert open_stages(application) == {Stage.ARCHIVING, Stage.RETURN_VISIT}
    for stage, role in ((Stage.ARCHIVING, Role.INTAKE_CLERK), (Stage.RETURN_VISIT, Role.RETURN_VISIT_AGENT)):
        services.work_item_complete(
            actor=crew[role].account,
            work_item_id=open_item(application, stage).pk,
            outcome=passing_outcome(stage),
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert application.energised_at is not None
    # The completing transition copies the working days the dashboard reads per completion.
    process = ApplicationProcess.objects.get(application=application)
    assert application.completed_utility_working_days == process.utility_working_days_used
    assert application.completed_whole_process_limit_days == process.whole_process_limit_days
    assert application.completed_whole_process_limit_days is not None
    assert all(report.first_break is None for report in verify_all_chains())


def test_high_voltage_dual_supply_runs_parallel_tracks_to_energisation(
    crew: Crew, factory_owner: Customer
) -> None:
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk,
        customer=factory_owner,
        category=Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY,
        is_important_customer=True,
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    role_of = {
        Stage.ACCEPTANCE: Role.INTAKE_CLERK,
        Stage.SITE_SURVEY: Role.SURVEYOR,
        Stage.SUPPLY_SCHEME_DRAFTING: Role.SCHEME_DESIGNER,
        Stage.SUPPLY_SCHEME_APPROVAL: Role.SCHEME_APPROVER,
        Stage.CUSTOMER_DESIGN: Role.ACCOUNT_MANAGER,
        Stage.DESIGN_REVIEW: Role.INSPECTOR,
        Stage.CUSTOMER_CONSTRUCTION: Role.ACCOUNT_MANAGER,
        Stage.MID_CONSTRUCTION_INSPECTION: Role.INSPECTOR,
        Stage.CUSTOMER_COMPLETION: Role.ACCOUNT_MANAGER,
        Stage.GRID_SUPPORTING_WORKS: Role.ENERGISATION_OPERATOR,
        Stage.COMPLETION_INSPECTION: Role.INSPECTOR,
        Stage.SUPPLY_CONTRACT: Role.ACCOUNT_MANAGER,
        Stage.BUSINESS_FEES: Role.ACCOUNT_MANAGER,
        Stage.METERING_INSTALLATION: Role.METERING_TECHNICIAN,
        Stage.ENERGISATION: Role.ENERGISATION_OPERATOR,
        Stage.ARCHIVING: Role.INTAKE_CLERK,
        Stage.RETURN_VISIT: Role.RETURN_VISIT_AGENT,
    }
    seen: list[str] = []
    while open_stages(application):
        stage = sorted(open_stages(application))[0]
        seen.append(stage)
        services.work_item_complete(
            actor=crew[role_of[stage]].account,
            work_item_id=open_item(application, stage).pk,
            outcome=passing_outcome(stage),
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert seen.index(Stage.GRID_SUPPORTING_WORKS) < seen.index(Stage.METERING_INSTALLATION)
    assert Stage.BUSINESS_FEES in seen
    assert Stage.DESIGN_REVIEW in seen
    assert Stage.ACCESS_SYSTEM_DESIGN not in seen  # 10 kV: no access-system design
