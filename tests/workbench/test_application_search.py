"""The application search finds by number, customer and address, filters by every documented term, stays
inside the viewer's units, answers bad input with a translated form error and pages without a full count."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.workbench import search_data
from tests.workbench.search_data import SearchSet
from tests.workflow.conftest import Crew
from yekuo.applications.models import Application
from yekuo.org.models import Staff
from yekuo.org.roles import Role

SEARCH = reverse("workbench:application_search")
search_set = search_data.search_set


def numbers_found(client: Client, **query: str) -> list[str]:
    response = client.get(SEARCH, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    return re.findall(r'<th scope="row"><a class="yekuo-code" href="[^"]+">([^<]+)</a></th>', page)


@pytest.fixture
def province_viewer(organisation: OrganisationTree) -> Staff:
    return persona_for(Role.MARKETING_MANAGER, organisation.province)


@pytest.fixture
def county_viewer(client: Client, crew: Crew) -> Staff:
    client.force_login(crew[Role.UNIT_HEAD].account)
    return crew[Role.UNIT_HEAD]


def number(application: Application) -> str:
    assert application.number is not None
    return application.number


def test_the_page_lists_the_viewers_applications_most_recently_received_first(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    response = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    found = numbers_found(client)
    # Most recently received first; the first two arrived at the same moment, the later-created first.
    assert found == [
        number(search_set.east_capacity),
        number(search_set.east_acceptance),
        number(search_set.east_survey),  # received 20 February
        number(search_set.east_completed),  # received 31 January
    ]
    assert reverse("workbench:application_detail", args=[search_set.east_survey.pk]) in page
    assert "4 applications match" in page


def test_another_units_applications_never_appear(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    assert number(search_set.west_acceptance) not in numbers_found(client)
    assert numbers_found(client, q=number(search_set.west_acceptance)) == []


@pytest.mark.parametrize("which", ["exact", "prefix"])
def test_finds_by_application_number(
    client: Client, search_set: SearchSet, county_viewer: Staff, which: str
) -> None:
    wanted = number(search_set.east_survey)
    text = wanted if which == "exact" else wanted[:-1]

    found = numbers_found(client, q=text)

    assert wanted in found
    assert number(search_set.west_acceptance) not in found
    if which == "exact":
        assert found == [wanted]


def test_finds_by_the_beginning_of_the_customers_name(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    assert numbers_found(client, q="欧阳") == [number(search_set.east_capacity)]
    assert numbers_found(client, q="阳明") == []  # names match from their beginning


def test_finds_by_any_part_of_the_address(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    assert numbers_found(client, q="上元大街") == [number(search_set.east_capacity)]
    assert numbers_found(client, q="元大街") == [number(search_set.east_capacity)]


def test_two_characters_match_names_only_not_addresses(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    """The address's trigram index needs three characters; shorter text is a name (or a surname)."""
    assert numbers_found(client, q="上元") == []
    assert numbers_found(client, q="欧阳") == [number(search_set.east_capacity)]


def test_finds_by_mobile_and_identity_number_but_shows_the_identity_masked(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    customer = search_set.east_capacity.customer
    assert numbers_found(client, q=customer.mobile_number) == [number(search_set.east_capacity)]

    response = client.get(SEARCH, {"q": customer.identity_number}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    assert numbers_found(client, q=customer.identity_number) == [number(search_set.east_capacity)]
    assert customer.masked_identity_number in page
    results = page.split('class="table table-hover', 1)[1]
    assert customer.identity_number not in results


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"category": "high_voltage_single_supply"}, {"east_survey"}, id="category"),
        pytest.param({"business_type": "capacity_increase"}, {"east_capacity"}, id="business-type"),
        pytest.param({"stage": "site_survey"}, {"east_survey"}, id="stage"),
        pytest.param({"stage": "acceptance"}, {"east_acceptance", "east_capacity"}, id="stage-acceptance"),
        pytest.param({"status": "completed"}, {"east_completed"}, id="status"),
        pytest.param({"deadline": "overdue"}, {"east_capacity"}, id="deadline-overdue"),
        pytest.param({"deadline": "warning"}, set(), id="deadline-warning"),
        pytest.param({"due": "today"}, {"east_capacity"}, id="due-today"),
        pytest.param({"clock_stop_reason": "rectification"}, {"east_completed"}, id="clock-stop-reason"),
        pytest.param({"clock_stop_reason": "customer_request"}, set(), id="clock-stop-other-reason"),
        pytest.param(
            {"received_from": "2026-01-31", "received_to": "2026-01-31"},
            {"east_completed"},
            id="received-day",
        ),
        pytest.param(
            {"received_from": "2026-02-01", "received_to": "2026-02-28"}, {"east_survey"}, id="received-month"
        ),
        pytest.param(
            {"completed_from": "2026-02-20", "completed_to": "2026-02-20"}, {"east_completed"}, id="completed"
        ),
        pytest.param({"completed_from": "2026-02-21"}, set(), id="completed-later"),
        pytest.param(
            {"q": "上元大街", "business_type": "capacity_increase", "deadline": "overdue"},
            {"east_capacity"},
            id="combination",
        ),
        pytest.param({"q": "上元大街", "business_type": "new_connection"}, set(), id="combination-excludes"),
        pytest.param(
            {"stage": "site_survey", "category": "low_voltage_residential"}, set(), id="stage-and-category"
        ),
    ],
)
def test_each_filter_and_combinations(
    client: Client, search_set: SearchSet, county_viewer: Staff, query: dict[str, str], expected: set[str]
) -> None:
    found = set(numbers_found(client, **query))

    assert found == {number(getattr(search_set, name)) for name in expected}


def test_due_this_week_includes_items_due_today(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    assert number(search_set.east_capacity) in numbers_found(client, due="week")


def test_a_unit_filter_keeps_the_applications_of_its_stations(
    client: Client, search_set: SearchSet, organisation: OrganisationTree, province_viewer: Staff
) -> None:
    client.force_login(province_viewer.account)

    west = set(numbers_found(client, unit=str(organisation.county_west.pk)))
    everything = set(numbers_found(client, unit=str(organisation.province.pk)))

    assert west == {number(search_set.west_acceptance)}
    assert len(everything) == 5


@pytest.mark.parametrize("unit", ["west", "missing"])
def test_a_unit_outside_the_viewers_units_is_not_found(
    client: Client, search_set: SearchSet, organisation: OrganisationTree, county_viewer: Staff, unit: str
) -> None:
    unit_id = organisation.county_west.pk if unit == "west" else 987654321

    response = client.get(SEARCH, {"unit": unit_id}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param({"received_from": "2026-13-45"}, "Enter a date as YYYY-MM-DD.", id="malformed-date"),
        pytest.param({"completed_to": "yesterday"}, "Enter a date as YYYY-MM-DD.", id="word-date"),
        pytest.param(
            {"received_from": "2026-03-01", "received_to": "2026-02-01"},
            "The end of the period lies before its start.",
            id="reversed-period",
        ),
        pytest.param({"received_to": "9999-12-31"}, "Enter a date between 1990 and 2099.", id="far-future"),
        pytest.param({"completed_from": "0001-01-01"}, "Enter a date between 1990 and 2099.", id="year-one"),
        pytest.param({"q": "东" * 101}, "Ensure this value has at most 100 characters", id="huge-q"),
        pytest.param({"category": "nuclear"}, "Choose one of the values offered.", id="unknown-category"),
        pytest.param({"q": "上元\x00"}, "Null characters are not allowed.", id="null-character"),
        pytest.param({"stage": "<b>x</b>"}, "Choose one of the values offered.", id="unknown-stage"),
        pytest.param({"deadline": "soon"}, "Choose one of the values offered.", id="unknown-deadline"),
        pytest.param({"unit": "east"}, "Enter a whole number.", id="unit-not-a-number"),
        pytest.param({"unit": "9" * 30}, "Ensure this value is less than or equal to", id="unit-too-big"),
        pytest.param({"page": "0"}, "Ensure this value is greater than or equal to 1.", id="page-zero"),
        pytest.param({"page": "9999"}, "Ensure this value is less than or equal to 200.", id="page-too-deep"),
    ],
)
def test_bad_input_is_a_form_error_with_no_results(
    client: Client, search_set: SearchSet, county_viewer: Staff, query: dict[str, str], message: str
) -> None:
    response = client.get(SEARCH, query, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    assert response.status_code == 400
    assert message in page
    assert "yekuo-search-results" not in page


def test_bad_input_errors_are_translated(client: Client, search_set: SearchSet, county_viewer: Staff) -> None:
    response = client.get(SEARCH, {"received_from": "x"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "请按 YYYY-MM-DD 输入日期。" in response.content.decode()


def test_markup_in_the_query_is_escaped(client: Client, search_set: SearchSet, county_viewer: Staff) -> None:
    response = client.get(SEARCH, {"q": '<script>alert("x")</script>'}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_pages_without_counting_everything(
    client: Client, search_set: SearchSet, county_viewer: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("yekuo.workbench.search_views.ROWS_PER_PAGE", 3)

    first = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    last = client.get(SEARCH, {"page": "2"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    first_numbers = numbers_found(client)
    second_numbers = numbers_found(client, page="2")

    assert len(first_numbers) == 3
    assert len(second_numbers) == 1
    assert not set(first_numbers) & set(second_numbers)
    assert "More than 3 applications match" in first
    assert "?page=2" in first
    assert "4 applications match" in last
    assert "?page=3" not in last


def test_a_page_past_the_end_is_empty_not_an_error(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    response = client.get(SEARCH, {"page": "5"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "No application matches these filters." in response.content.decode()


def test_the_filters_stay_in_the_paging_links(
    client: Client, search_set: SearchSet, county_viewer: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("yekuo.workbench.search_views.ROWS_PER_PAGE", 1)

    page = client.get(SEARCH, {"stage": "acceptance"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "?stage=acceptance&amp;page=2" in page


def test_customers_may_not_use_the_staff_search(client: Client, search_set: SearchSet) -> None:
    client.force_login(search_set.east_capacity.customer.account)

    assert client.get(SEARCH).status_code == 403


def test_a_constant_number_of_queries_per_page(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, {"q": "上元大街"})
    with CaptureQueriesContext(connection) as many:
        client.get(SEARCH)

    assert len(many.captured_queries) == len(few.captured_queries) - 1  # the name lookup of the text


def test_the_search_reads_only_what_a_result_shows(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    """The application, its customer and its active items are read with the columns a row shows, not
    whole: wide rows cost CPU to load and build. The rows still show everything, with no query per row."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en")

    def query(start: str) -> str:
        return next(q["sql"] for q in captured.captured_queries if q["sql"].startswith(start))

    search = query('SELECT "applications_application"."id"')
    selected = search.split(" FROM ")[0]
    assert '"applications_application"."number"' in selected
    assert '"org_unit"."name"' in selected
    for unread in ("premises_address", "requested_capacity_kva", "existing_capacity_kva", "accepted_at"):
        assert f'"applications_application"."{unread}"' not in selected
    customers = query('SELECT "customers_customer"."id"').split(" FROM ")[0]
    assert '"customers_customer"."name"' in customers
    assert '"customers_customer"."mobile_number"' not in customers
    assert '"customers_customer"."address"' not in customers
    items = query('SELECT "workflow_workitem"."id"').split(" FROM ")[0]
    assert '"workflow_workitem"."due_at"' in items
    assert '"workflow_workitem"."outcome_note"' not in items
    rows = response.context["rows"]
    assert rows
    page = response.content.decode()
    for row in rows:
        application = Application.objects.select_related("customer", "supply_station").get(number=row.number)
        assert (row.customer_name, row.station_name) == (
            application.customer.name,
            application.supply_station.name,
        )
        assert row.customer_identification == application.customer.identification_display
        assert row.number in page


def test_the_customers_are_read_for_the_shown_rows_only(
    client: Client, search_set: SearchSet, county_viewer: Staff
) -> None:
    """Joined into the search, PostgreSQL read the customer of every match before sorting and cutting the
    page; they are read afterwards, for the rows shown, and their names are still on the page."""
    with CaptureQueriesContext(connection) as captured:
        page = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    search = next(
        q["sql"]
        for q in captured.captured_queries
        if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"] and 'FROM "applications_application"' in q["sql"]
    )
    assert "customers_customer" not in search
    customers = [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "customers_customer"')
    ]
    assert len(customers) == 1
    assert search_set.east_survey.customer.name in page
