"""The committed docs/openapi.json is what the code describes; the API serves the same schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from yekuo.api.management.commands.export_openapi import DEFAULT_OUTPUT, openapi_document


def test_the_committed_schema_is_up_to_date() -> None:
    call_command("export_openapi", "--check")


def test_the_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")

    with pytest.raises(CommandError, match="stale"):
        call_command("export_openapi", "--check", "--output", str(stale))


def test_the_export_writes_what_the_check_accepts(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"

    call_command("export_openapi", "--output", str(target))

    assert target.read_text(encoding="utf-8") == DEFAULT_OUTPUT.read_text(encoding="utf-8")
    call_command("export_openapi", "--check", "--output", str(target))


def test_the_api_serves_the_schema_without_authentication(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(openapi_document())


def test_there_are_no_interactive_docs_loading_from_a_cdn(db: None) -> None:
    assert Client().get("/api/v1/docs").status_code == 404
