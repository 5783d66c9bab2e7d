"""Bad input over HTTP to every workbench and portal address, found from the URL resolver so that a new
page is swept too. Each address gets a body naming every field of every interface form (found from the
Form classes, tests/web/test_form_bad_input_sweep.py), filled with huge strings, markup and script, numbers
beyond any column, unknown choices, or nothing, plus disguised and oversized files, sent by people who may
act there. The answer is never a 5xx, markup never comes back unescaped, and a refused request changes
nothing: no row, no event, no stored file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, reverse
from pytest_django.fixtures import Settings

from tests.applications.sample_files import EXECUTABLE, png_bytes, upload
from tests.conftest import OrganisationTree
from tests.web.test_form_bad_input_sweep import build, interface_form_classes
from tests.workbench.test_access_walk import EastObjects, east  # noqa: F401  # the walk's objects
from tests.workflow.conftest import Crew
from tests.workflow.database_state import database_state
from yekuo.accounts.models import User
from yekuo.applications.models import ApplicationDocument
from yekuo.org.roles import Role
from yekuo.portal import urls as portal_urls
from yekuo.workbench import urls as workbench_urls

MARKUP = "<script>alert('sweep')</script>"
LONG = "x" * 30_000  # in every field at once: over every length limit, under the request size limit
ONE_MEGABYTE = "长" * 350_000
BEYOND_ANY_COLUMN = "9" * 30
FORM_PREFIXES = ("return", "clock_stop")  # the work item page's forms that carry a prefix

ADDRESSES = [
    (namespace, pattern)
    for namespace, patterns in (
        ("workbench", workbench_urls.urlpatterns),
        ("portal", portal_urls.urlpatterns),
    )
    for pattern in patterns
    if isinstance(pattern, URLPattern)
]
# Addresses whose POST takes no input (a button) or only optional input: any body is a valid request there,
# so the sweep checks only that nothing breaks and nothing is echoed (and rolls the change back).
TAKES_NO_REQUIRED_INPUT = {
    "workbench:work_item_claim",
    "workbench:clock_stop_approve",
    "workbench:clock_stop_reject",  # an optional note
    "workbench:inbox_mark_all_read",
    "workbench:inbox_mark_read",
    "workbench:inbox_open",  # opening a notice marks it read
    "portal:submit",
}
# Addresses that take only free text (a reason): markup, digits or a stray file beside a valid reason are
# a valid request; nothing, or text over the limit, must still be refused.
FREE_TEXT_ONLY = {"portal:withdraw"}
REFUSED_EVEN_AS_FREE_TEXT = {"nothing", "long", "one-megabyte"}
# Log-in, registration and password reset: swept in tests/web/test_abuse_of_account_pages.py.
ACCOUNT_PAGES = {
    "workbench:login",
    "portal:login",
    "portal:register",
    "portal:register_details",
    "portal:password_reset",
    "portal:password_reset_details",
}


@pytest.fixture(autouse=True)
def upload_directory(tmp_path: Path, settings: Settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return Path(settings.MEDIA_ROOT)


def field_names() -> set[str]:
    names: set[str] = set()
    for form_class in interface_form_classes():
        form = build(form_class, {})
        for name in form.fields:
            names.add(form.add_prefix(name))
            names.update(f"{prefix}-{name}" for prefix in FORM_PREFIXES)
    return names


def bodies(names: set[str]) -> dict[str, dict[str, Any]]:
    first = sorted(names)[0]
    return {
        "nothing": {},
        "markup": dict.fromkeys(names, MARKUP),
        "long": dict.fromkeys(names, LONG),
        "one-megabyte": {first: ONE_MEGABYTE} | dict.fromkeys(names - {first}, LONG[:20_000]),
        "beyond-any-column": dict.fromkeys(names, BEYOND_ANY_COLUMN),
        "disguised-file": dict.fromkeys(names, MARKUP)
        | {
            "file": upload("licence.pdf", EXECUTABLE),
            "clock_stop-evidence": upload("letter.pdf", EXECUTABLE),
        },
        "oversized-file": {
            "kind": "other",
            "file": upload("big.png", png_bytes(200, 200), "image/png"),
            "clock_stop-reason": "customer_request",
            "clock_stop-explanation": "客户要求",
            "clock_stop-evidence": upload("big.png", png_bytes(200, 200), "image/png"),
        },
    }


def fingerprint(upload_directory: Path) -> dict[str, Any]:
    """database_state plus the row count of every model and the stored files: a refused request leaves
    all of them alone."""
    return database_state() | {
        "rows": {model._meta.label: model.objects.count() for model in apps.get_models()},
        "files": sorted(str(path) for path in upload_directory.rglob("*"))
        if upload_directory.exists()
        else [],
    }


def actors(crew: Crew, objects: EastObjects, namespace: str) -> list[User]:
    if namespace == "portal":
        return [objects.work_item.application.customer.account]
    return [crew[Role.SURVEYOR].account, crew[Role.UNIT_HEAD].account]


def address_of(namespace: str, pattern: URLPattern, ids: dict[str, int]) -> str:
    names = list(pattern.pattern.converters)
    missing = [name for name in names if name not in ids]
    assert not missing, f"give the sweep an id for {missing} ({namespace}:{pattern.name})"
    return reverse(f"{namespace}:{pattern.name}", kwargs={name: ids[name] for name in names})


@pytest.mark.parametrize(
    ("namespace", "pattern"),
    [
        (namespace, pattern)
        for namespace, pattern in ADDRESSES
        if f"{namespace}:{pattern.name}" not in ACCOUNT_PAGES
    ],
    ids=lambda value: value.name if isinstance(value, URLPattern) else value,
)
def test_bad_input_to_every_address_is_refused_and_changes_nothing(
    client: Client,
    *,
    crew: Crew,
    organisation: OrganisationTree,
    east: EastObjects,  # noqa: F811  # the fixture imported above
    upload_directory: Path,
    settings: Settings,
    namespace: str,
    pattern: URLPattern,
) -> None:
    settings.YEKUO_UPLOAD_MAXIMUM_BYTES = 100
    document = ApplicationDocument.objects.filter(application=east.work_item.application).first()
    ids = east.ids | {"document_id": document.pk if document else 1}
    url = address_of(namespace, pattern, ids)
    name = f"{namespace}:{pattern.name}"
    refused_cases = (
        set()
        if name in TAKES_NO_REQUIRED_INPUT
        else REFUSED_EVEN_AS_FREE_TEXT
        if name in FREE_TEXT_ONLY
        else set(bodies({"x"})) - {"markup"}  # markup in a free-text field is valid text
    )
    names = field_names()

    statuses: list[int] = []
    for actor in actors(crew, east, namespace):
        client.force_login(actor)
        for case, body in bodies(names).items():
            for value in body.values():
                if hasattr(value, "seek"):
                    value.seek(0)
            before = fingerprint(upload_directory)
            with transaction.atomic():
                response = client.post(url, body, HTTP_ACCEPT_LANGUAGE="zh-hans")
                changed = fingerprint(upload_directory) != before
                transaction.set_rollback(True)
            statuses.append(response.status_code)
            where = (actor.username, case, url, response.status_code)
            assert response.status_code < 500, where
            assert MARKUP not in response.content.decode(errors="replace"), where
            if case in refused_cases:
                assert not changed, where
    # The sweep reached the view's parsing: someone who may act there was let in at least once.
    assert set(statuses) - {403, 404}, (url, statuses)
