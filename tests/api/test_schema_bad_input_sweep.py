"""Bad input to every API operation that takes a body, found from the OpenAPI schema so that a new
operation is swept too: nothing, broken JSON, a list instead of an object, each property missing its
siblings, of the wrong type, a megabyte long, markup, unknown extra properties; multipart operations also
get disguised and oversized files. Sent by people who may act there: always a 4xx JSON answer with a stable
code, never a 5xx, markup never echoed, and nothing changes (no row, no event, no stored file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from pytest_django.fixtures import Settings

from tests.api.json_clients import JsonTokenClient
from tests.api.test_access_walk import east_ids  # noqa: F401  # the walk's objects
from tests.applications.sample_files import EXECUTABLE, png_bytes, upload
from tests.workflow.conftest import Crew
from tests.workflow.database_state import database_state
from yekuo.accounts.models import User
from yekuo.api.api import api
from yekuo.org.roles import Role
from yekuo.workflow.models import WorkItem

SCHEMA = api.get_openapi_schema()
MARKUP = "<script>alert('api')</script>"
ONE_MEGABYTE = "长" * 350_000
WRONG_TYPES: list[Any] = [["a", "list"], {"an": "object"}, 12345, True, None]


def resolved(schema: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref")
    if reference is None:
        return schema
    name = reference.rsplit("/", 1)[-1]
    return resolved(SCHEMA["components"]["schemas"][name])


OPERATIONS = [
    (path, content_type, resolved(media["schema"]))
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
    if "requestBody" in operation
    for content_type, media in operation["requestBody"]["content"].items()
]


def json_bodies(schema: dict[str, Any]) -> dict[str, Any]:
    cases: dict[str, Any] = {
        "nothing": {},
        "broken-json": '{"reason": ',
        "a-list": "[1, 2]",
        "a-string": '"x"',
    }
    cases["unknown-property"] = {"no_such_property": MARKUP}
    for name, spec in schema.get("properties", {}).items():
        right = {"boolean": bool, "integer": int, "number": int, "object": dict, "array": list}.get(
            resolved(spec).get("type", "string"), str
        )
        for number, wrong in enumerate(WRONG_TYPES):
            if not (isinstance(wrong, right) and isinstance(wrong, bool) == (right is bool)):
                cases[f"{name}-wrong-type-{number}"] = {name: wrong}
        cases[f"{name}-megabyte"] = {name: ONE_MEGABYTE}
        cases[f"{name}-markup"] = {name: MARKUP}
        cases[f"{name}-markup-object"] = {name: {"kind": MARKUP}}
    return cases


def multipart_bodies(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    texts = {
        name: "customer_documents"
        if name == "reason"
        else "identity_document"
        if name == "kind"
        else "资料待补"
        for name, spec in schema.get("properties", {}).items()
        if spec.get("format") != "binary" and spec.get("type") != "array"
    }
    files = [name for name in schema.get("properties", {}) if name not in texts]
    return {
        "nothing": {},
        "megabyte-texts": dict.fromkeys(texts, ONE_MEGABYTE),
        "markup-texts": dict.fromkeys(texts, MARKUP),
        "disguised-file": texts | {name: upload("scan.pdf", EXECUTABLE) for name in files},
        "oversized-file": texts
        | {name: upload("big.png", png_bytes(200, 200), "image/png") for name in files},
        "text-for-file": texts | dict.fromkeys(files, MARKUP),
    }


@pytest.fixture(autouse=True)
def upload_directory(tmp_path: Path, settings: Settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.YEKUO_UPLOAD_MAXIMUM_BYTES = 100
    return Path(settings.MEDIA_ROOT)


def fingerprint(upload_directory: Path) -> dict[str, Any]:
    return database_state() | {
        "rows": {model._meta.label: model.objects.count() for model in apps.get_models()},
        "files": sorted(str(path) for path in upload_directory.rglob("*"))
        if upload_directory.exists()
        else [],
    }


def callers(path: str, crew: Crew, work_item_id: int) -> list[User]:
    if path.startswith("/api/v1/customer/"):
        return [WorkItem.objects.get(pk=work_item_id).application.customer.account]
    return [crew[Role.SURVEYOR].account, crew[Role.UNIT_HEAD].account]


def test_every_operation_with_a_body_is_swept() -> None:
    assert len(OPERATIONS) >= 10
    assert {content_type for _path, content_type, _schema in OPERATIONS} == {
        "application/json",
        "multipart/form-data",
    }


@pytest.mark.parametrize(
    ("path", "content_type", "schema"), OPERATIONS, ids=[f"{path} {kind}" for path, kind, _ in OPERATIONS]
)
def test_bad_bodies_get_a_4xx_and_change_nothing(
    crew: Crew,
    *,
    east_ids: dict[str, int],  # noqa: F811  # the fixture imported above
    upload_directory: Path,
    path: str,
    content_type: str,
    schema: dict[str, Any],
) -> None:
    url = path.format(**east_ids)
    multipart = content_type == "multipart/form-data"
    cases = multipart_bodies(schema) if multipart else json_bodies(schema)

    for caller in callers(path, crew, east_ids["work_item_id"]):
        client = JsonTokenClient(caller)
        for case, body in cases.items():
            before = fingerprint(upload_directory)
            with transaction.atomic():
                if multipart:
                    response = client.client.post(
                        url, body, HTTP_AUTHORIZATION=f"Bearer {client.key}", HTTP_ACCEPT_LANGUAGE="zh-hans"
                    )
                else:
                    response = client.send(url, body, HTTP_ACCEPT_LANGUAGE="zh-hans")
                changed = fingerprint(upload_directory) != before
                transaction.set_rollback(True)
            where = (caller.username, case, path, response.status_code, response.content[:300])
            assert 400 <= response.status_code < 500 or case.endswith("markup-texts") or "markup" in case, (
                where
            )
            assert response.status_code < 500, where
            assert MARKUP not in response.content.decode(), where
            if response.status_code >= 400:
                assert json.loads(response.content)["code"], where
                assert not changed, where
