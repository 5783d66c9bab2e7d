"""Journey (a): a household registers with an SMS code, applies online for a residential connection with
only an identity document (一证办, the 三零 path), the station accepts it, the meter is fitted and the
supply switched on in one visit (two links: 申请 → 装表接电), the record is archived and the customer
visited. Everything through the pages, in Chinese and in English (the customer switches with the navbar's
language buttons). Every page is screenshotted into screenshots/ and checked for untranslated text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.applications.sample_files import png_bytes
from tests.browser.conftest import BrowserVisit
from tests.browser.journey_steps import Journey
from tests.browser.test_portal_journey import CODE, MOBILE, PASSWORD, PERSON_ID, portal_ready
from tests.browser.test_smoke import BOTH_LANGUAGES, CHINESE, ENGLISH, BrowserLanguage
from tests.conftest import OrganisationTree
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Crew, FrozenClock

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
__all__ = ["portal_ready"]

crew = workflow_fixtures.crew
test_clock = workflow_fixtures.test_clock
working_calendar = workflow_fixtures.working_calendar

NAME = "王小明"
ADDRESS = "江苏省南京市江宁区东山街道竹山路18号"


def register(journey: Journey, page: Page, organisation: OrganisationTree) -> None:
    """From the log-in page to the portal home; an English journey switches language on the way."""
    visit = journey.visit
    page.goto(visit.url("/portal/login/"))
    if journey.language == ENGLISH:
        page.locator('button[name="language"][value="en"]').click()
        page.wait_for_url(visit.url("/portal/login/"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
    journey.look(page, "portal-login")
    page.locator('a[href="/portal/register/"]').click()
    page.wait_for_url(visit.url("/portal/register/"))
    journey.look(page, "portal-register")
    page.fill('input[name="mobile_number"]', MOBILE)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(visit.url("/portal/register/details/"))
    journey.look(page, "portal-register-details")
    page.fill('input[name="code"]', CODE)  # what the console channel printed
    page.fill('input[name="name"]', NAME)
    page.fill('input[name="identity_number"]', PERSON_ID)
    page.fill('input[name="address"]', ADDRESS)
    page.select_option('select[name="service_unit"]', str(organisation.station_east.pk))
    page.fill('input[name="password"]', PASSWORD)
    page.fill('input[name="password_again"]', PASSWORD)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(visit.url("/portal/"))
    expect(page.locator("body")).to_contain_text(NAME)
    journey.look(page, "portal-home")


def apply_online(journey: Journey, page: Page) -> str:
    """Apply for a household connection with the identity document; returns the application number."""
    visit = journey.visit
    page.locator('a[href="/portal/apply/"]').last.click()
    page.wait_for_url(visit.url("/portal/apply/"))
    journey.look(page, "portal-apply")
    page.check('input[name="category"][value="low_voltage_residential"]')
    page.fill('input[name="requested_capacity_kva"]', "8")
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url("**/portal/applications/*/")
    journey.look(page, "portal-draft")
    page.select_option('select[name="kind"]', "identity_document")
    page.set_input_files(
        'input[name="file"]',
        files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": png_bytes(40, 30)}],
    )
    page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
    expect(page.locator(".alert-success")).to_be_visible()
    journey.look(page, "portal-draft-with-document")
    page.locator('form[action$="/submit/"] button[type="submit"]').click()
    expect(page.locator(".yekuo-timeline")).to_be_visible()
    journey.look(page, "portal-submitted")
    return page.locator("h1").inner_text().split()[-1]


STAGE_LABELS = {
    CHINESE.page_language: {
        "acceptance": "业务受理",
        "metering": "装表接电",
        "archiving": "归档",
        "return_visit": "回访",
        "energised": "已送电",
    },
    ENGLISH.page_language: {
        "acceptance": "Acceptance",
        "metering": "Metering and energisation",
        "archiving": "Archiving",
        "return_visit": "Return visit",
        "energised": "Energised",
    },
}


@BOTH_LANGUAGES
def test_a_household_goes_from_registration_to_a_live_meter(
    browser_visit: BrowserVisit,
    portal_ready: OrganisationTree,
    crew: Crew,
    test_clock: FrozenClock,
    language: BrowserLanguage,
) -> None:
    labels = STAGE_LABELS[language.page_language]
    journey = Journey(browser_visit, language, "residential", typed=[NAME, ADDRESS, "M-20260302-01"])
    # The customer's browser asks for Chinese; an English journey switches with the navbar.
    customer = browser_visit.open_page(locale=CHINESE.locale, width=1280, height=800)
    register(journey, customer, portal_ready)
    number = apply_online(journey, customer)

    clerk = journey.open_work_item("east.intake_clerk", number, labels["acceptance"])
    journey.complete(clerk, "acceptance", {"remarks": ""})

    customer.reload()
    journey.look(customer, "portal-accepted")

    technician = journey.open_work_item("east.metering_technician", number, labels["metering"])
    journey.complete(
        technician,
        "metering-and-energisation",
        {"meter_number": "M-20260302-01", "initial_reading": "0", "current_transformer_ratio": ""},
    )

    customer.reload()
    timeline = customer.locator(".yekuo-timeline")
    expect(timeline).to_contain_text(labels["metering"])
    expect(customer.locator(".yekuo-step-done")).to_have_count(2)
    expect(customer.locator(".yekuo-energised")).to_contain_text(labels["energised"])
    expect(customer.locator('form[action$="/withdraw/"]')).to_have_count(0)
    journey.look(customer, "portal-energised")

    archivist = journey.open_work_item("east.intake_clerk", number, labels["archiving"])
    journey.complete(archivist, "archiving", {"archive_number": "DA-2026-0001"})
    visitor = journey.open_work_item("east.return_visit_agent", number, labels["return_visit"])
    journey.complete(visitor, "return-visit", {"satisfaction": "5", "stage_times_match": "yes"})

    customer.reload()
    expect(customer.locator(".yekuo-timeline")).to_contain_text(labels["return_visit"])
    journey.look(customer, "portal-completed")
    assert browser_visit.problems.messages == []
