"""The strict Content-Security-Policy holds: the header is sent, and no template or page relies on inline
scripts, inline styles or event-handler attributes, which the policy would block."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

import yekuo
from tests.web.conftest import CUSTOMER_MOBILE_NUMBER
from tests.web.html_inspection import rendered_page_violations, template_source_violations
from yekuo.accounts.models import User
from yekuo.org.models import Staff

PACKAGE_DIRECTORY = Path(yekuo.__file__).resolve().parent
TEMPLATES = sorted(PACKAGE_DIRECTORY.glob("**/templates/**/*.html"))


def content_security_policy(client: Client, path: str) -> dict[str, list[str]]:
    header = client.get(path)["Content-Security-Policy"]
    directives = [directive.split() for directive in header.split(";") if directive.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("url_name", ["web:landing", "workbench:login", "portal:login"])
def test_every_page_sends_a_strict_content_security_policy(client: Client, db: None, url_name: str) -> None:
    policy = content_security_policy(client, reverse(url_name))

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    everything = " ".join(" ".join(sources) for sources in policy.values())
    assert "'unsafe-inline'" not in everything
    assert "'unsafe-eval'" not in everything


def test_the_logged_in_pages_send_the_policy_too(client: Client, intake_clerk: Staff) -> None:
    client.force_login(intake_clerk.account)

    assert "'unsafe-inline'" not in client.get(reverse("workbench:home"))["Content-Security-Policy"]


def test_the_scan_finds_the_templates() -> None:
    names = {template.name for template in TEMPLATES}

    assert {"base.html", "skeleton.html", "403.html", "404.html", "500.html", "home.html"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE_DIRECTORY)))
def test_no_template_has_inline_script_style_or_event_handlers(template: Path) -> None:
    assert template_source_violations(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<div style="color: red">',
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        '<div hx-on:click="go()">',
        "<style>p {}</style>",
    ],
)
def test_the_template_scan_catches_each_kind_of_inline_code(source: str) -> None:
    assert template_source_violations(source) != []


def test_the_template_scan_ignores_template_comments_and_external_scripts() -> None:
    source = '{# <script>x</script> style="a" #}<script src="/static/x.js" defer></script>'

    assert template_source_violations(source) == []


def test_rendered_pages_have_no_inline_code(
    client: Client, intake_clerk: Staff, person_customer: User, province_administrator: Staff
) -> None:
    anonymous_pages = [
        client.get(reverse("web:landing")),
        client.get(reverse("workbench:login")),
        client.post(reverse("portal:login"), {"username": CUSTOMER_MOBILE_NUMBER, "password": "wrong"}),
        client.get("/no-such-page/"),
    ]
    client.force_login(province_administrator.account)
    staff_pages = [
        client.get(reverse(name)) for name in ("workbench:home", "workbench:units", "workbench:staff")
    ]
    client.force_login(person_customer)
    customer_pages = [client.get(reverse("portal:home")), client.get(reverse("workbench:home"))]

    for response in anonymous_pages + staff_pages + customer_pages:
        assert rendered_page_violations(response.content.decode()) == [], response.request["PATH_INFO"]


def test_a_json_data_block_is_not_inline_code() -> None:
    html = '<script id="chart-data" type="application/json">{"units": 7}</script>'

    assert rendered_page_violations(html) == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client: Client, db: None) -> None:
    page = client.get(reverse("web:landing")).content.decode()

    expected = """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>"""
    assert expected in page


def test_scripts_load_deferred_from_our_own_static_files(client: Client, db: None) -> None:
    page = client.get(reverse("web:landing")).content.decode()

    assert '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer></script>' in page
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in page


def test_the_server_error_page_renders_without_a_request() -> None:
    with translation.override("en"):
        html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert rendered_page_violations(html) == []


def test_a_form_sent_without_its_csrf_token_gets_the_translated_page(db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("web:logout"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
