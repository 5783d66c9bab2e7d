"""The application search in a real browser: filters chosen in the form stay in the address, the results
link to the application, and the page is all in the browser's language. Screenshots go to screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserVisit
from tests.browser.test_smoke import (
    BOTH_LANGUAGES,
    CHINESE,
    DESK,
    PHONE,
    BrowserLanguage,
    assert_all_in_language,
    assert_no_sideways_scrolling,
    log_in_as_staff,
)
from tests.workbench import conftest as workbench_fixtures
from tests.workbench import search_data
from tests.workbench.search_data import SearchSet
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role
from yekuo.workflow import installation

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

crew = workbench_fixtures.crew
household = workbench_fixtures.household
factory_owner = workbench_fixtures.factory_owner
working_calendar = workbench_fixtures.working_calendar
workload = workbench_fixtures.workload
search_set = search_data.search_set


@pytest.fixture(autouse=True)
def shipped_processes(transactional_db: None) -> None:
    """A transactional test before this one may have emptied the tables the migrations filled."""
    installation.install_shipped()


def log_in(visit: BrowserVisit, language: BrowserLanguage, username: str, *, size: dict[str, int]) -> Page:
    page = visit.open_page(locale=language.locale, **size)
    log_in_as_staff(visit, page, username)
    return page


@BOTH_LANGUAGES
def test_a_county_head_searches_and_filters_applications(
    browser_visit: BrowserVisit, search_set: SearchSet, crew: Crew, language: BrowserLanguage
) -> None:
    suffix = language.page_language
    page = log_in(browser_visit, language, crew[Role.UNIT_HEAD].account.username, size=DESK)
    page.locator('a[href="/workbench/applications/"]').first.click()
    page.wait_for_url(browser_visit.url("/workbench/applications/"))
    rows = page.locator("table.yekuo-search-results tbody tr")
    expect(rows).to_have_count(4)
    browser_visit.screenshot(page, f"workbench-search-{suffix}")
    assert_all_in_language(page, language)

    page.select_option("#id_stage", "acceptance")
    page.fill("#id_q", "上元大街")
    page.locator("form[role=search] button[type=submit]").click()
    expect(rows).to_have_count(1)
    assert "stage=acceptance" in page.url
    browser_visit.screenshot(page, f"workbench-search-filtered-{suffix}")
    assert_all_in_language(page, language)

    page.fill("#id_received_from", "2026-03-02")
    page.fill("#id_received_to", "2026-03-01")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    browser_visit.screenshot(page, f"workbench-search-error-{suffix}")
    # The refused search answers 400 on purpose; Chromium logs any 4xx page as a console error.
    bad_request = [message for message in browser_visit.problems.messages if "400 (Bad Request)" in message]
    assert len(bad_request) == 1
    browser_visit.problems.messages.remove(bad_request[0])

    page.goto(browser_visit.url("/workbench/applications/?q=上元大街"))
    rows.first.locator("a").first.click()
    page.wait_for_url(browser_visit.url(f"/workbench/applications/{search_set.east_capacity.pk}/"))
    assert browser_visit.problems.messages == []


def test_the_search_fits_a_phone(browser_visit: BrowserVisit, search_set: SearchSet, crew: Crew) -> None:
    page = log_in(browser_visit, CHINESE, crew[Role.UNIT_HEAD].account.username, size=PHONE)
    page.goto(browser_visit.url("/workbench/applications/"))
    browser_visit.screenshot(page, "workbench-search-phone-zh-hans")
    assert_no_sideways_scrolling(page)
