"""Fixtures for the API: the engine's crew and customers and the workbench's workload, plus clients that
authenticate with a token or a session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.web.conftest import plain_static_files  # noqa: F401  # Django's CSRF failure page renders
from tests.workbench import conftest as workbench_fixtures
from tests.workflow.conftest import (  # noqa: F401  # shared fixtures
    crew,
    factory_owner,
    household,
    test_clock,
    working_calendar,
)
from yekuo.accounts.models import User
from yekuo.api.services import api_token_issue

workload = workbench_fixtures.workload


class TokenClient:
    """A client for another system: every request carries `Authorization: Bearer <key>`."""

    def __init__(self, user: User) -> None:
        self.key = api_token_issue(user=user, name="test system")
        self.client = Client()

    def get(self, path: str, data: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(path, data, HTTP_AUTHORIZATION=f"Bearer {self.key}", **headers)

    def post(self, path: str, **headers: str) -> Any:
        return self.client.post(path, HTTP_AUTHORIZATION=f"Bearer {self.key}", **headers)


@pytest.fixture
def token_client_for() -> Callable[[User], TokenClient]:
    return TokenClient
