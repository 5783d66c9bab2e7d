"""Settings for the organisation and customer tests (tests/customers/conftest.py reuses these)."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def plain_static_files(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Admin pages without the static manifest, which exists only after collectstatic."""
    settings.STATIC_ROOT = tmp_path_factory.getbasetemp() / "static-root"
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
