"""The dashboard in a real browser: a unit head opens it, the charts draw (no script error, no policy
violation), a clerk completes a work item in another request and the figures change at the next poll,
without reloading the page. Screenshots in Chinese and English go to screenshots/."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import BrowserVisit
from tests.browser.test_smoke import (
    BOTH_LANGUAGES,
    DESK,
    BrowserLanguage,
    assert_all_in_language,
    log_in_as_staff,
)
from tests.monitoring import conftest as monitoring_fixtures
from tests.monitoring.conftest import Scenario
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item
from yekuo.applications.factories import supply_all_documents
from yekuo.org.roles import Role
from yekuo.workflow.installation import install_shipped
from yekuo.workflow.stages import Stage

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

crew = monitoring_fixtures.crew
household = monitoring_fixtures.household
factory_owner = monitoring_fixtures.factory_owner
test_clock = monitoring_fixtures.test_clock
working_calendar = monitoring_fixtures.working_calendar
scenario = monitoring_fixtures.scenario


@pytest.fixture(autouse=True)
def shipped_definitions(transactional_db: None) -> None:
    """A transactional test before this one emptied the tables the migrations filled."""
    install_shipped()


# The scenario happened in March 2026; the live server reads the real clock, so the period is named.
DASHBOARD = "/workbench/dashboard/?period_from=2026-02-16&period_to=2026-03-08"


def figure(page: Page, name: str) -> str:
    return page.locator(f'[data-figure="{name}"] .yekuo-figure-value').inner_text()


def open_dashboard(browser_visit: BrowserVisit, language: BrowserLanguage, crew: Crew) -> Page:
    page = browser_visit.open_page(locale=language.locale, **DESK)
    log_in_as_staff(browser_visit, page, crew[Role.UNIT_HEAD].account.username)
    page.locator("nav a", has_text={"zh-hans": "监控看板", "en": "Dashboard"}[language.page_language]).click()
    page.wait_for_url(browser_visit.url("/workbench/dashboard/"))
    page.goto(browser_visit.url(DASHBOARD))
    expect(page.locator(".yekuo-process-map[data-rendered] svg")).to_be_visible()
    expect(page.locator(".yekuo-flow-chart svg")).to_be_visible()
    return page


@BOTH_LANGUAGES
def test_a_unit_head_watches_the_figures_change_as_work_moves(
    browser_visit: BrowserVisit,
    settings: Settings,
    crew: Crew,
    scenario: Scenario,
    language: BrowserLanguage,
) -> None:
    settings.YEKUO_DASHBOARD_REFRESH_SECONDS = 1
    page = open_dashboard(browser_visit, language, crew)
    assert (figure(page, "open"), figure(page, "overdue")) == ("2", "1")
    assert page.locator(".yekuo-process-map svg text").count() > 0
    browser_visit.screenshot(page, f"dashboard-county-head-{language.page_language}")
    assert_all_in_language(page, language)
    page.evaluate("document.body.setAttribute('data-not-reloaded', 'yes')")

    # The live server shares this thread's in-memory SQLite connection: hold the polls while the clerk
    # writes from here, so that no poll runs inside the clerk's transaction, then let them run again.
    page.evaluate(
        "window.yekuoHoldPolls = true;"
        "document.body.addEventListener('htmx:beforeRequest',"
        " (event) => { if (window.yekuoHoldPolls) { event.preventDefault(); } });"
    )
    page.wait_for_load_state("networkidle")
    clerk = Client()
    clerk.force_login(crew[Role.INTAKE_CLERK].account)
    supply_all_documents(scenario.east_waiting, received_by=crew[Role.INTAKE_CLERK].account)
    item = open_item(scenario.east_waiting, Stage.ACCEPTANCE)
    response = clerk.post(reverse("workbench:work_item_complete", args=[item.pk]), {"outcome-remarks": ""})
    assert response.status_code == 302
    page.evaluate("window.yekuoHoldPolls = false;")

    overdue = page.locator('[data-figure="overdue"] .yekuo-figure-value')
    expect(overdue).to_have_text("0", timeout=15_000)
    expect(page.locator("#dashboard-work thead")).to_contain_text(
        {"zh-hans": "装表接电", "en": "Metering and energisation"}[language.page_language]
    )
    expect(page.locator(".yekuo-process-map[data-rendered] svg")).to_be_visible()
    assert page.evaluate("document.body.getAttribute('data-not-reloaded')") == "yes"
    assert browser_visit.problems.messages == []
    page.close()  # stop polling before the live server and the database are torn down


def test_a_click_on_a_unit_drills_down_and_a_stage_links_to_its_applications(
    browser_visit: BrowserVisit, crew: Crew, scenario: Scenario
) -> None:
    from tests.browser.test_smoke import ENGLISH  # noqa: PLC0415

    page = open_dashboard(browser_visit, ENGLISH, crew)
    page.locator("a.yekuo-drill-down").first.click()
    expect(page.locator(".yekuo-dashboard-breadcrumb .active")).to_contain_text("东山供电所")
    link = page.locator('#dashboard-work a.yekuo-figure-link[href*="stage=site_survey"]').first
    assert "/workbench/applications/?" in (link.get_attribute("href") or "")
    browser_visit.screenshot(page, "dashboard-station-en")
    assert browser_visit.problems.messages == []
