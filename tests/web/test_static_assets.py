"""Front-end libraries are vendored (intranets are offline) and survive the production static pipeline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

import yekuo

PACKAGE_DIRECTORY = Path(yekuo.__file__).resolve().parent
VENDOR_DIRECTORY = PACKAGE_DIRECTORY / "web" / "static" / "vendor"
VENDORED_FILES = [
    "bootstrap/bootstrap.min.css",
    "bootstrap/bootstrap.bundle.min.js",
    "bootstrap/LICENSE",
    "htmx/htmx.min.js",
    "htmx/LICENSE",
    "echarts/echarts.min.js",
    "echarts/LICENSE",
    "echarts/NOTICE",
]
EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("relative_path", VENDORED_FILES)
def test_each_library_and_its_licence_is_vendored(relative_path: str) -> None:
    assert (VENDOR_DIRECTORY / relative_path).stat().st_size > 0


@pytest.mark.parametrize(
    ("relative_path", "version_marker", "version"),
    [
        ("bootstrap/bootstrap.min.css", "Bootstrap  v5.3.9", "5.3.9"),
        ("bootstrap/bootstrap.bundle.min.js", "Bootstrap v5.3.9", "5.3.9"),
        ("htmx/htmx.min.js", 'version:"2.0.8"', "2.0.8"),
        ("echarts/echarts.min.js", 'version:"6.1.0"', "6.1.0"),
    ],
)
def test_the_vendored_files_are_the_versions_the_readme_names(
    relative_path: str, version_marker: str, version: str
) -> None:
    content = (VENDOR_DIRECTORY / relative_path).read_text(encoding="utf-8")
    readme = (VENDOR_DIRECTORY / "README.md").read_text(encoding="utf-8")

    assert version_marker in content
    assert f"| {version} |" in readme


def test_no_template_loads_anything_from_another_site() -> None:
    offenders = [
        str(template.relative_to(PACKAGE_DIRECTORY))
        for template in PACKAGE_DIRECTORY.glob("**/templates/**/*.html")
        if EXTERNAL_ASSET.search(template.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_collectstatic_with_the_production_storage_hashes_every_vendored_file(
    settings: Settings, tmp_path: Path
) -> None:
    """The manifest storage rewrites sourceMappingURL comments and fails if a named file is missing."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text(encoding="utf-8"))["paths"]
    for name in ("vendor/bootstrap/bootstrap.min.css", "vendor/htmx/htmx.min.js", "web/yekuo.css"):
        assert name in manifest
        assert (tmp_path / manifest[name]).exists()
