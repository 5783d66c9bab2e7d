"""A token client that also sends JSON bodies, for the API's changing operations."""

from __future__ import annotations

import json
from typing import Any

from tests.api.conftest import TokenClient


class JsonTokenClient(TokenClient):
    def send(self, path: str, body: Any = None, **headers: str) -> Any:
        """POST `body` as JSON (a str is sent as it is, to test broken JSON)."""
        data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
        return self.client.post(
            path, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {self.key}", **headers
        )
