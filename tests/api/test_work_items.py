"""Staff list their work and claim items through the API, with the workbench's rule and services."""

from __future__ import annotations

from collections.abc import Callable

from tests.api.conftest import TokenClient
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.selectors import work_items_for_worker
from yekuo.workflow.stages import Stage

WORK_ITEMS = "/api/v1/work-items"


def claim_url(item: WorkItem) -> str:
    return f"{WORK_ITEMS}/{item.pk}/claim"


def test_the_list_holds_exactly_the_items_the_worker_may_claim(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)
    surveyor = token_client_for(crew[Role.SURVEYOR].account)

    clerk_items = clerk.get(WORK_ITEMS).json()
    surveyor_items = surveyor.get(WORK_ITEMS).json()

    assert [item["id"] for item in clerk_items["items"]] == [workload.item(workload.east_acceptance).pk]
    assert clerk_items["count"] == 1
    assert [item["id"] for item in surveyor_items["items"]] == [workload.item(workload.east_survey).pk]
    assert surveyor_items["items"][0]["stage"] == Stage.SITE_SURVEY


def test_the_list_matches_the_shared_selector_and_filters_by_stage(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    head = crew[Role.UNIT_HEAD].account
    system = token_client_for(head)

    listed = [item["id"] for item in system.get(WORK_ITEMS, {"limit": 100}).json()["items"]]
    filtered = system.get(WORK_ITEMS, {"stage": Stage.ACCEPTANCE}).json()["items"]

    assert listed == [item.pk for item in work_items_for_worker(head)]
    assert all(item["stage"] == Stage.ACCEPTANCE for item in filtered)


def test_an_item_assigned_to_the_worker_is_listed_after_claiming(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)
    item = workload.item(workload.east_acceptance)

    clerk.post(claim_url(item))
    listed = clerk.get(WORK_ITEMS).json()["items"]

    assert [(entry["id"], entry["status"], entry["assignee"]) for entry in listed] == [
        (item.pk, "claimed", crew[Role.INTAKE_CLERK].account.username)
    ]


def test_claiming_twice_gets_409_work_item_changed(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)
    item = workload.item(workload.east_acceptance)

    first = clerk.post(claim_url(item))
    second = clerk.post(claim_url(item), HTTP_ACCEPT_LANGUAGE="en")

    assert first.status_code == 200
    assert first.json()["status"] == WorkItemStatus.CLAIMED
    assert second.status_code == 409
    assert second.json()["code"] == "work_item_changed"
    assert "reload" in second.json()["message"]


def test_claiming_another_unit_s_item_gets_404_and_changes_nothing(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)
    item = workload.item(workload.west_acceptance)

    response = clerk.post(claim_url(item))

    assert response.status_code == 404
    assert response.json()["code"] == "work_item_not_found"
    item.refresh_from_db()
    assert (item.status, item.assignee_id) == (WorkItemStatus.OPEN, None)


def test_claiming_without_the_stage_s_role_gets_403(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    surveyor = token_client_for(crew[Role.SURVEYOR].account)
    item = workload.item(workload.east_acceptance)

    response = surveyor.post(claim_url(item))

    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"
    item.refresh_from_db()
    assert item.status == WorkItemStatus.OPEN


def test_customers_have_no_work_items(
    household: Customer, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    customer = token_client_for(household.account)

    listed = customer.get(WORK_ITEMS)
    claimed = customer.post(claim_url(workload.item(workload.east_acceptance)))

    assert (listed.status_code, listed.json()["code"]) == (403, "staff_only")
    assert (claimed.status_code, claimed.json()["code"]) == (403, "staff_only")
