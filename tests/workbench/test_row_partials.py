"""Long lists' rows are rendered by Jinja2 (yekuo_web.partial): every value is escaped as Django escapes
it, a name the partial does not receive is an error rather than an empty cell, and the pages show the rows."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from django.template import Context, Template, engines
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.workbench.conftest import submitted_application
from tests.workflow.conftest import Crew
from yekuo.customers.factories import person_customer
from yekuo.org.roles import Role
from yekuo.workbench.work_selectors import DeadlineBadge

MARKUP_NAME = '<script>alert("x")</script>&王'
ESCAPED_NAME = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;王"


def _render(source: str, **context: object) -> str:
    return Template("{% load yekuo_web %}" + source).render(Context(context))


SEARCH_ROW = {
    "url": '/x/"onmouseover="alert(1)',
    "number": "<b>3201</b>",
    "customer_name": MARKUP_NAME,
    "customer_identification": "",
    "category_label": "",
    "business_type_label": "",
    "stages": [
        {
            "stage_label": "<i>survey</i>",
            "due_at_iso": "",
            "due_day_text": "",
            "badges": [DeadlineBadge("danger", "<u>late</u>")],
        }
    ],
    "status_label": "",
    "station_name": "",
    "submitted_at_iso": "",
    "submitted_on_text": "",
}
WORK_ROW = {
    "application_url": "/a/1/",
    "application_number": "3201-20261129-0001",
    "customer_name": MARKUP_NAME,
    "item_url": "/w/1/",
    "stage_label": "受理",
    "status_label": "<待领取>",
    "assignee_name": "",
    "due_at_iso": "2026-12-01T00:00:00+08:00",
    "due_day_text": "2026-11-30",
    "badges": [DeadlineBadge("warning", "预警 'soon'")],
    "claim_url": "/w/1/claim/",
}
WORK_CONTEXT = {
    "csrf_token": "t" * 64,
    "next_path": "/w/?a=1&b=<2>",
    "nobody_yet": "无人",
    "claim_label": "领取",
}


def test_a_partial_escapes_what_it_places() -> None:
    html = _render('{% partial "workbench/search_rows.html" rows=rows %}', rows=[SEARCH_ROW])

    assert ESCAPED_NAME in html
    assert 'href="/x/&quot;onmouseover=&quot;alert(1)"' in html
    assert "&lt;b&gt;3201&lt;/b&gt;" in html
    assert "&lt;i&gt;survey&lt;/i&gt;" in html
    assert "&lt;u&gt;late&lt;/u&gt;" in html
    assert "<script>" not in html
    assert "<b>" not in html


def test_a_name_the_partial_does_not_receive_is_an_error() -> None:
    row = {"assignee_name": ""}

    with pytest.raises(jinja2.UndefinedError):
        _render('{% partial "workbench/work_rows.html" rows=rows %}', rows=[row])


@pytest.mark.parametrize(
    ("partial", "context"),
    [
        ("workbench/search_rows.html", {"rows": [SEARCH_ROW, {**SEARCH_ROW, "stages": []}]}),
        ("workbench/work_rows.html", {"rows": [WORK_ROW, {**WORK_ROW, "claim_url": ""}], **WORK_CONTEXT}),
    ],
)
def test_a_partial_renders_as_django_s_engine_renders_it(partial: str, context: dict[str, object]) -> None:
    """The partials are written in what both engines read (bench/row_rendering.py compares them), and
    escape alike: the markup is the same, blank lines aside."""
    source = (Path(__file__).resolve().parents[2] / "src/yekuo/workbench/jinja2" / partial).read_text()
    by_jinja2 = engines["partials"].get_template(partial).render(context)
    by_django = engines["django"].from_string(source).render(context)

    assert _without_blank_lines(by_jinja2) == _without_blank_lines(by_django)
    assert ESCAPED_NAME in by_jinja2


def _without_blank_lines(markup: str) -> str:
    return "\n".join(line for line in markup.splitlines() if line.strip())


@pytest.mark.django_db
def test_both_lists_show_a_customer_named_in_markup_escaped(
    client: Client, crew: Crew, organisation: OrganisationTree
) -> None:
    customer = person_customer(service_unit=organisation.station_east, name=MARKUP_NAME)
    application = submitted_application(customer)
    client.force_login(crew[Role.INTAKE_CLERK].account)

    for url in (reverse("workbench:my_work"), reverse("workbench:application_search")):
        page = client.get(url).content.decode()
        assert ESCAPED_NAME in page, url
        assert MARKUP_NAME not in page, url
        assert application.number in page, url
