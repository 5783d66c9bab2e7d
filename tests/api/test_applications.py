"""Applications through the API are scoped by the same access functions as the pages."""

from __future__ import annotations

from collections.abc import Callable

from tests.api.conftest import TokenClient
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow.stages import Stage

APPLICATIONS = "/api/v1/applications"


def detail_url(application: Application) -> str:
    return f"{APPLICATIONS}/{application.pk}"


def test_staff_see_their_units_applications_newest_first(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)

    page = clerk.get(APPLICATIONS).json()

    assert page["count"] == 2
    assert {item["id"] for item in page["items"]} == {workload.east_acceptance.pk, workload.east_survey.pk}
    created = [item["created_at"] for item in page["items"]]
    assert created == sorted(created, reverse=True)


def test_the_detail_shows_the_application_and_its_work_items(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)
    application = workload.east_survey

    response = clerk.get(detail_url(application))

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == application.number
    assert body["customer_name"] == application.customer.name
    assert body["supply_station"] == application.supply_station.name
    assert body["accepted_at"] is not None
    assert [item["stage"] for item in body["work_items"]] == [Stage.ACCEPTANCE, Stage.SITE_SURVEY]


def test_another_unit_s_application_gets_404_json(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)

    response = clerk.get(detail_url(workload.west_acceptance), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {
        "code": "access_denied",
        "message": "This application does not exist or is not yours to see.",
    }


def test_the_message_follows_accept_language(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    clerk = token_client_for(crew[Role.INTAKE_CLERK].account)

    response = clerk.get(detail_url(workload.west_acceptance), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert response.json()["message"] == "该申请不存在，或您无权查看。"


def test_a_customer_sees_only_their_own_applications(
    household: Customer, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    customer = token_client_for(household.account)

    page = customer.get(APPLICATIONS).json()
    other = customer.get(detail_url(workload.east_survey))
    own = customer.get(detail_url(workload.east_acceptance))

    assert [item["id"] for item in page["items"]] == [workload.east_acceptance.pk]
    assert other.status_code == 404
    assert own.status_code == 200
