"""Smoke test in a real browser: log in, see the right pages in Chinese and English, on a desk and on a
phone, with no Content-Security-Policy violation and no script error. Screenshots go to screenshots/."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserVisit
from tests.browser.language_checks import untranslated_fragments
from tests.conftest import OrganisationTree
from tests.web.conftest import CUSTOMER_MOBILE_NUMBER
from yekuo.accounts.models import User
from yekuo.customers.models import Customer
from yekuo.org.factories import DEFAULT_TEST_PASSWORD
from yekuo.org.models import Staff, Unit
from yekuo.org.services import unit_set_responsible_head

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class BrowserLanguage:
    locale: str  # what the browser asks for (Accept-Language)
    page_language: str  # what <html lang> must say, and the suffix of the screenshots


CHINESE = BrowserLanguage(locale="zh-CN", page_language="zh-hans")
ENGLISH = BrowserLanguage(locale="en-US", page_language="en")
BOTH_LANGUAGES = pytest.mark.parametrize(
    "language", [CHINESE, ENGLISH], ids=lambda language: language.page_language
)


@pytest.fixture
def responsible_county_head(organisation: OrganisationTree, county_head: Staff, intake_clerk: Staff) -> Staff:
    """The county head, named responsible head of the eastern county, with a clerk below."""
    unit_set_responsible_head(unit=organisation.county_east, head=county_head)
    return county_head


def log_in_as_staff(
    visit: BrowserVisit,
    page: Page,
    username: str,
    *,
    screenshot_name: str = "",
    language: BrowserLanguage | None = None,
) -> None:
    """From the landing page, through the staff log-in button, to the workbench. With a `language`, the
    log-in page must be all in it."""
    page.goto(visit.url("/"))
    page.locator('a[href="/workbench/login/"]').first.click()
    page.wait_for_url(visit.url("/workbench/login/"))
    if screenshot_name:
        visit.screenshot(page, screenshot_name)
    if language is not None:
        assert_all_in_language(page, language)
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', DEFAULT_TEST_PASSWORD)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(visit.url("/workbench/"))


# What the page shows, and the labels it gives to screen readers and as tooltips.
PAGE_TEXT_SCRIPT = """() => [
    document.title,
    document.body.innerText,
    ...Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"), (element) =>
        ["aria-label", "title", "placeholder", "alt"].map((name) => element.getAttribute(name) || "")
    ).flat(),
].join("\\n")"""


def data_on_record() -> list[str]:
    """Names and addresses as entered, which a page shows in whatever language they were written in."""
    data: list[str] = []
    for unit in Unit.objects.all():
        data += [unit.name, unit.short_name, unit.address]
    data += User.objects.values_list("display_name", flat=True)
    data += Staff.objects.values_list("job_title", flat=True)
    for customer in Customer.objects.all():
        data += [customer.name, customer.address, customer.contact_name, customer.legal_representative]
    return [text for text in data if text]


def assert_all_in_language(page: Page, language: BrowserLanguage) -> None:
    """Nothing on the page, its title or its labels is left in the other language (data apart)."""
    text = page.evaluate(PAGE_TEXT_SCRIPT)
    fragments = untranslated_fragments(text, language.page_language, allowed=data_on_record())
    assert fragments == [], f"{page.url} in {language.page_language} shows {fragments}"


def assert_no_sideways_scrolling(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} pixels wide on a phone"


@BOTH_LANGUAGES
def test_a_unit_head_logs_in_and_sees_their_units(
    browser_visit: BrowserVisit,
    organisation: OrganisationTree,
    responsible_county_head: Staff,
    language: BrowserLanguage,
) -> None:
    suffix = language.page_language
    page = browser_visit.open_page(locale=language.locale, **DESK)
    page.goto(browser_visit.url("/"))
    browser_visit.screenshot(page, f"landing-{suffix}")
    assert_all_in_language(page, language)

    log_in_as_staff(
        browser_visit, page, "county.head", screenshot_name=f"workbench-login-{suffix}", language=language
    )

    expect(page.locator("html")).to_have_attribute("lang", language.page_language)
    body = page.locator("body")
    expect(body).to_contain_text("李主任")
    for unit in (organisation.province, organisation.city_east, organisation.county_east):
        expect(body).to_contain_text(unit.name)
    browser_visit.screenshot(page, f"workbench-home-unit-head-{suffix}")
    assert_all_in_language(page, language)

    page.goto(browser_visit.url("/workbench/units/"))
    for unit in (organisation.county_east, organisation.station_east):
        expect(body).to_contain_text(unit.name)
    expect(body).to_contain_text("李主任")  # the county's responsible head
    browser_visit.screenshot(page, f"workbench-units-unit-head-{suffix}")
    assert_all_in_language(page, language)

    page.goto(browser_visit.url("/workbench/staff/"))
    for name in ("李主任", "王受理"):
        expect(body).to_contain_text(name)
    expect(body).to_contain_text(organisation.station_east.name)  # the clerk's home unit
    browser_visit.screenshot(page, f"workbench-staff-unit-head-{suffix}")
    assert_all_in_language(page, language)

    assert browser_visit.problems.messages == []


@BOTH_LANGUAGES
def test_the_workbench_works_on_a_phone(
    browser_visit: BrowserVisit, responsible_county_head: Staff, language: BrowserLanguage
) -> None:
    suffix = language.page_language
    page = browser_visit.open_page(locale=language.locale, **PHONE)
    log_in_as_staff(browser_visit, page, "county.head")
    expect(page.locator("body")).to_contain_text("李主任")
    browser_visit.screenshot(page, f"phone-workbench-home-unit-head-{suffix}")
    assert_all_in_language(page, language)
    menu = page.locator("#main-navigation")
    expect(menu).not_to_be_visible()

    page.locator(".navbar-toggler").click()  # Bootstrap's script, loaded under the strict policy

    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # opened, and the sliding has finished
    expect(menu.locator(".yekuo-user-name")).to_have_text("李主任")
    browser_visit.screenshot(page, f"phone-workbench-menu-open-{suffix}")
    assert_all_in_language(page, language)  # the menu's entries, now shown
    assert_no_sideways_scrolling(page)
    for page_name, expected_name in (("units", "东山供电所"), ("staff", "王受理")):
        page.goto(browser_visit.url(f"/workbench/{page_name}/"))
        expect(page.locator("body")).to_contain_text(expected_name)
        browser_visit.screenshot(page, f"phone-workbench-{page_name}-{suffix}")
        assert_all_in_language(page, language)
        assert_no_sideways_scrolling(page)

    assert browser_visit.problems.messages == []


def test_a_customer_logs_in_on_a_phone_and_switches_to_english(
    browser_visit: BrowserVisit, person_customer: User
) -> None:
    page = browser_visit.open_page(locale=CHINESE.locale, **PHONE)
    page.goto(browser_visit.url("/portal/login/"))
    browser_visit.screenshot(page, "phone-portal-login-zh-hans")
    assert_all_in_language(page, CHINESE)
    page.fill('input[name="username"]', CUSTOMER_MOBILE_NUMBER)
    page.fill('input[name="password"]', "not-the-password")
    page.locator('form[method="post"] button[type="submit"]').last.click()
    expect(page.locator(".alert-danger")).to_be_visible()
    browser_visit.screenshot(page, "phone-portal-login-refused-zh-hans")
    assert_all_in_language(page, CHINESE)
    page.fill('input[name="username"]', CUSTOMER_MOBILE_NUMBER)
    page.fill('input[name="password"]', DEFAULT_TEST_PASSWORD)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(browser_visit.url("/portal/"))
    expect(page.locator("body")).to_contain_text("张用电")
    expect(page.locator("body")).to_contain_text("138****8000")
    browser_visit.screenshot(page, "phone-portal-home-zh-hans")
    assert_all_in_language(page, CHINESE)

    page.locator(".navbar-toggler").click()
    page.locator('button[name="language"][value="en"]').click()
    page.wait_for_url(browser_visit.url("/portal/"))

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("You have no applications yet.")
    browser_visit.screenshot(page, "phone-portal-home-en")
    assert_all_in_language(page, ENGLISH)
    assert_no_sideways_scrolling(page)
    assert browser_visit.problems.messages == []
