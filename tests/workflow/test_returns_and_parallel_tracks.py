"""Returns re-run what lies downstream of the target and nothing else; joins count only current work."""

from __future__ import annotations

import pytest

from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, open_stages, passing_outcome
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.errors import NotPermitted, StaleWorkItem, TransitionNotAllowed
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

ROLE_OF = {
    Stage.ACCEPTANCE: Role.INTAKE_CLERK,
    Stage.SITE_SURVEY: Role.SURVEYOR,
    Stage.SUPPLY_SCHEME_DRAFTING: Role.SCHEME_DESIGNER,
    Stage.SUPPLY_SCHEME_APPROVAL: Role.SCHEME_APPROVER,
    Stage.CUSTOMER_CONSTRUCTION: Role.ACCOUNT_MANAGER,
    Stage.GRID_SUPPORTING_WORKS: Role.ENERGISATION_OPERATOR,
    Stage.COMPLETION_INSPECTION: Role.INSPECTOR,
    Stage.SUPPLY_CONTRACT: Role.ACCOUNT_MANAGER,
    Stage.METERING_INSTALLATION: Role.METERING_TECHNICIAN,
}


def complete(crew: Crew, application: Application, stage: str) -> None:
    services.work_item_complete(
        actor=crew[ROLE_OF[stage]].account,
        work_item_id=open_item(application, stage).pk,
        outcome=passing_outcome(stage),
    )


@pytest.fixture
def at_customer_works(crew: Crew, factory_owner: Customer) -> Application:
    """A 10 kV single-supply application whose scheme has been replied: the customer builds, the utility
    builds the grid works beside it."""
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=factory_owner, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    for stage in (
        Stage.ACCEPTANCE,
        Stage.SITE_SURVEY,
        Stage.SUPPLY_SCHEME_DRAFTING,
        Stage.SUPPLY_SCHEME_APPROVAL,
    ):
        complete(crew, application, stage)
    return application


def test_scheme_reply_opens_the_customer_track_and_the_grid_track_together(
    at_customer_works: Application,
) -> None:
    assert open_stages(at_customer_works) == {Stage.CUSTOMER_CONSTRUCTION, Stage.GRID_SUPPORTING_WORKS}


def test_metering_waits_for_inspection_contract_and_grid_works(
    crew: Crew, at_customer_works: Application
) -> None:
    complete(crew, at_customer_works, Stage.CUSTOMER_CONSTRUCTION)
    complete(crew, at_customer_works, Stage.COMPLETION_INSPECTION)
    complete(crew, at_customer_works, Stage.SUPPLY_CONTRACT)

    assert open_stages(at_customer_works) == {Stage.GRID_SUPPORTING_WORKS}

    complete(crew, at_customer_works, Stage.GRID_SUPPORTING_WORKS)

    assert open_stages(at_customer_works) == {Stage.METERING_INSTALLATION}


def test_return_from_inspection_redoes_the_customer_track_but_keeps_finished_grid_works(
    crew: Crew, at_customer_works: Application
) -> None:
    complete(crew, at_customer_works, Stage.GRID_SUPPORTING_WORKS)
    complete(crew, at_customer_works, Stage.CUSTOMER_CONSTRUCTION)
    complete(crew, at_customer_works, Stage.SUPPLY_CONTRACT)

    services.work_item_return(
        actor=crew[Role.INSPECTOR].account,
        work_item_id=open_item(at_customer_works, Stage.COMPLETION_INSPECTION).pk,
        to_stage=Stage.CUSTOMER_CONSTRUCTION,
        reason="受电工程与设计不符，需重新施工",
    )

    assert open_stages(at_customer_works) == {Stage.CUSTOMER_CONSTRUCTION}
    grid_works = WorkItem.objects.get(application=at_customer_works, stage=Stage.GRID_SUPPORTING_WORKS)
    assert grid_works.is_current
    assert grid_works.status == WorkItemStatus.COMPLETED
    old_contract = WorkItem.objects.get(application=at_customer_works, stage=Stage.SUPPLY_CONTRACT)
    assert not old_contract.is_current  # downstream of the construction: done again

    complete(crew, at_customer_works, Stage.CUSTOMER_CONSTRUCTION)
    complete(crew, at_customer_works, Stage.COMPLETION_INSPECTION)
    assert open_stages(at_customer_works) == {
        Stage.SUPPLY_CONTRACT
    }  # the join still waits for the new contract
    complete(crew, at_customer_works, Stage.SUPPLY_CONTRACT)
    assert open_stages(at_customer_works) == {Stage.METERING_INSTALLATION}


def test_a_return_needs_a_reason_and_an_allowed_edge(crew: Crew, at_customer_works: Application) -> None:
    item = open_item(at_customer_works, Stage.GRID_SUPPORTING_WORKS)
    operator = crew[Role.ENERGISATION_OPERATOR].account

    with pytest.raises(TransitionNotAllowed):
        services.work_item_return(
            actor=operator, work_item_id=item.pk, to_stage=Stage.SITE_SURVEY, reason="重勘"
        )
    with pytest.raises(Exception, match="reason"):
        services.work_item_return(
            actor=operator, work_item_id=item.pk, to_stage=Stage.SITE_SURVEY, reason="  "
        )

    assert open_stages(at_customer_works) == {Stage.CUSTOMER_CONSTRUCTION, Stage.GRID_SUPPORTING_WORKS}


def test_completing_twice_is_a_conflict_and_changes_nothing(
    crew: Crew, at_customer_works: Application
) -> None:
    item = open_item(at_customer_works, Stage.GRID_SUPPORTING_WORKS)
    operator = crew[Role.ENERGISATION_OPERATOR].account
    services.work_item_complete(actor=operator, work_item_id=item.pk, outcome=passing_outcome(item.stage))
    items_before = WorkItem.objects.filter(application=at_customer_works).count()

    with pytest.raises(StaleWorkItem):
        services.work_item_complete(actor=operator, work_item_id=item.pk, outcome=passing_outcome(item.stage))

    assert WorkItem.objects.filter(application=at_customer_works).count() == items_before


def test_a_staff_member_without_the_role_cannot_complete(crew: Crew, at_customer_works: Application) -> None:
    item = open_item(at_customer_works, Stage.GRID_SUPPORTING_WORKS)

    with pytest.raises(NotPermitted):
        services.work_item_complete(
            actor=crew[Role.SURVEYOR].account, work_item_id=item.pk, outcome=passing_outcome(item.stage)
        )

    item.refresh_from_db()
    assert item.status == WorkItemStatus.OPEN
