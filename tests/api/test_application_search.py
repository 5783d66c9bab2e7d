"""The API's application list is the workbench's search: the same terms, scope and validation, as JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.conftest import TokenClient
from tests.conftest import OrganisationTree
from tests.workbench import search_data
from tests.workbench.search_data import SearchSet
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role

APPLICATIONS = "/api/v1/applications"
search_set = search_data.search_set


@pytest.fixture
def head(crew: Crew, token_client_for: Callable[..., TokenClient]) -> TokenClient:
    return token_client_for(crew[Role.UNIT_HEAD].account)


def ids(client: TokenClient, **query: str) -> set[int]:
    response = client.get(APPLICATIONS, query)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_the_same_terms_as_the_page(search_set: SearchSet, head: TokenClient) -> None:
    assert ids(head, q="上元大街") == {search_set.east_capacity.pk}
    assert ids(head, stage="site_survey") == {search_set.east_survey.pk}
    assert ids(head, clock_stop_reason="rectification", status="completed") == {search_set.east_completed.pk}
    assert ids(head, deadline="overdue", due="today") == {search_set.east_capacity.pk}
    assert search_set.west_acceptance.pk not in ids(head)


def test_counts_only_what_it_returned(search_set: SearchSet, head: TokenClient) -> None:
    first = head.get(APPLICATIONS, {"limit": "2"}).json()
    last = head.get(APPLICATIONS, {"limit": "2", "offset": "2"}).json()

    assert (first["count"], first["count_is_lower_bound"], len(first["items"])) == (2, True, 2)
    assert (last["count"], last["count_is_lower_bound"], len(last["items"])) == (4, False, 2)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"received_from": "31/01/2026"}, "received_from", id="date"),
        pytest.param({"status": "<script>"}, "status", id="status"),
        pytest.param({"q": "x" * 101}, "q", id="long-q"),
        pytest.param(
            {"completed_from": "2026-03-02", "completed_to": "2026-03-01"}, "completed_to", id="period"
        ),
    ],
)
def test_bad_terms_are_422_with_the_fields_named(
    search_set: SearchSet, head: TokenClient, query: dict[str, str], field: str
) -> None:
    response = head.get(APPLICATIONS, query, HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.json()

    assert response.status_code == 422
    assert body["code"] == "invalid_search"
    assert [error["field"] for error in body["errors"]] == [field]
    assert "<script>" not in response.content.decode()


def test_an_offset_beyond_the_bound_is_refused(search_set: SearchSet, head: TokenClient) -> None:
    assert head.get(APPLICATIONS, {"offset": "10001"}).status_code == 422


def test_a_foreign_unit_is_not_found(
    search_set: SearchSet, head: TokenClient, organisation: OrganisationTree
) -> None:
    response = head.get(APPLICATIONS, {"unit": str(organisation.station_west.pk)})

    assert response.status_code == 404
    assert response.json()["code"] == "access_denied"


def test_a_customer_searches_only_their_own(
    search_set: SearchSet, token_client_for: Callable[..., TokenClient]
) -> None:
    customer = token_client_for(search_set.east_capacity.customer.account)

    assert ids(customer) == {search_set.east_capacity.pk}
    assert ids(customer, q=search_set.east_survey.number or "") == set()
