"""Portal page tests: static files served plainly, texts to the console with a known code, uploads into a
temporary directory, and the engine's calendar and clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.web.conftest import plain_static_files
from tests.workflow.conftest import crew, factory_owner, household, test_clock, working_calendar
from yekuo.customers import verification

KNOWN_CODE = "246810"

__all__ = ["crew", "factory_owner", "household", "plain_static_files", "test_clock", "working_calendar"]


@pytest.fixture(autouse=True)
def console_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "console")
    monkeypatch.setattr(verification, "generate_code", lambda: KNOWN_CODE)


@pytest.fixture(autouse=True)
def upload_directory(tmp_path: Path, settings: Settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english_pages(client: Client) -> None:
    """Assertions read the English msgids; the Chinese pages are checked by the translation tests."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
