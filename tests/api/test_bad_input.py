"""Bad input gets a 4xx JSON answer with a stable code, never a 5xx."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.conftest import TokenClient
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role


@pytest.mark.parametrize(
    ("path", "query"),
    [
        pytest.param("/api/v1/work-items", {"limit": "-1"}, id="negative_limit"),
        pytest.param("/api/v1/work-items", {"limit": "abc"}, id="text_limit"),
        pytest.param("/api/v1/work-items", {"limit": "100000"}, id="huge_limit"),
        pytest.param("/api/v1/work-items", {"offset": "-5"}, id="negative_offset"),
        pytest.param("/api/v1/work-items", {"offset": "9" * 30}, id="huge_offset"),
        pytest.param("/api/v1/work-items", {"stage": "no_such_stage"}, id="unknown_stage"),
        pytest.param("/api/v1/work-items", {"deadline_state": "late"}, id="unknown_deadline_state"),
        pytest.param("/api/v1/applications", {"limit": "0"}, id="zero_limit"),
        pytest.param("/api/v1/applications", {"limit": "1e9"}, id="float_limit"),
        pytest.param("/api/v1/applications/abc", {}, id="text_id"),
        pytest.param("/api/v1/applications/0", {}, id="zero_id"),
        pytest.param("/api/v1/applications/" + "9" * 30, {}, id="huge_id"),
    ],
)
def test_bad_query_gets_422_invalid_input(
    crew: Crew, token_client_for: Callable[..., TokenClient], path: str, query: dict[str, str]
) -> None:
    system = token_client_for(crew[Role.INTAKE_CLERK].account)

    response = system.get(path, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"] == "Some of the input is not valid."
    assert body["errors"]


def test_a_missing_item_gets_404_json(crew: Crew, token_client_for: Callable[..., TokenClient]) -> None:
    system = token_client_for(crew[Role.INTAKE_CLERK].account)

    response = system.post("/api/v1/work-items/999999/claim")

    assert response.status_code == 404
    assert response.json()["code"] == "work_item_not_found"


def test_a_huge_item_id_in_a_claim_gets_422(
    crew: Crew, workload: Workload, token_client_for: Callable[..., TokenClient]
) -> None:
    system = token_client_for(crew[Role.INTAKE_CLERK].account)

    response = system.post("/api/v1/work-items/" + "9" * 30 + "/claim")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_an_unknown_path_gets_404(crew: Crew, token_client_for: Callable[..., TokenClient]) -> None:
    system = token_client_for(crew[Role.INTAKE_CLERK].account)

    assert system.get("/api/v1/no-such-thing").status_code == 404
