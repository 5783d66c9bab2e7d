"""Clock stop evidence in a real browser, in Chinese and in English: the surveyor asks for a clock stop
with two files, the unit head sees them on the approval queue, opens one and approves. Screenshots go to
screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.applications.sample_files import pdf_bytes, png_bytes
from tests.browser.conftest import BrowserVisit
from tests.browser.language_checks import untranslated_fragments
from tests.browser.test_smoke import (
    BOTH_LANGUAGES,
    DESK,
    PAGE_TEXT_SCRIPT,
    BrowserLanguage,
    data_on_record,
    log_in_as_staff,
)
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item
from yekuo.customers.models import Customer
from yekuo.org.roles import Role
from yekuo.workflow.installation import install_shipped
from yekuo.workflow.models import ClockStop, ClockStopStatus, WorkItem
from yekuo.workflow.stages import Stage

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
EXPLANATION = "客户来函申请暂缓勘查，附来函与现场照片"
FILE_NAMES = ["客户来函.pdf", "现场照片.png"]

crew = workflow_fixtures.crew
factory_owner = workflow_fixtures.factory_owner
test_clock = workflow_fixtures.test_clock
working_calendar = workflow_fixtures.working_calendar


@pytest.fixture
def survey(crew: Crew, factory_owner: Customer, tmp_path: Path, settings: Settings) -> WorkItem:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    install_shipped()
    return open_item(accepted_high_voltage_application(crew, factory_owner), Stage.SITE_SURVEY)


def check_language(page: Page, language: BrowserLanguage) -> None:
    text = page.evaluate(PAGE_TEXT_SCRIPT)
    allowed = [*data_on_record(), EXPLANATION, *FILE_NAMES]
    fragments = untranslated_fragments(text, language.page_language, allowed=allowed)
    assert fragments == [], f"{page.url} in {language.page_language} shows {fragments}"


@BOTH_LANGUAGES
def test_the_surveyor_attaches_evidence_and_the_head_opens_it(
    browser_visit: BrowserVisit, crew: Crew, survey: WorkItem, tmp_path: Path, language: BrowserLanguage
) -> None:
    suffix = language.page_language
    files = [tmp_path / FILE_NAMES[0], tmp_path / FILE_NAMES[1]]
    files[0].write_bytes(pdf_bytes())
    files[1].write_bytes(png_bytes(40, 30))
    page = browser_visit.open_page(locale=language.locale, **DESK)
    log_in_as_staff(browser_visit, page, crew[Role.SURVEYOR].account.username)

    page.goto(browser_visit.url(f"/workbench/work/{survey.pk}/"))
    form = page.locator("#clock-stop form")
    form.locator("select[name='clock_stop-reason']").select_option("customer_request")
    form.locator("textarea[name='clock_stop-explanation']").fill(EXPLANATION)
    form.locator("input[name='clock_stop-evidence']").set_input_files([str(path) for path in files])
    browser_visit.screenshot(page, f"workbench-clock-stop-evidence-form-{suffix}")
    check_language(page, language)
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert ClockStop.objects.get().evidence_files.count() == 2

    page.context.clear_cookies()
    log_in_as_staff(browser_visit, page, crew[Role.UNIT_HEAD].account.username)
    page.goto(browser_visit.url("/workbench/clock-stops/"))
    links = page.locator(".yekuo-evidence-files a")
    expect(links).to_have_count(2)
    expect(links.first).to_contain_text(FILE_NAMES[0])
    browser_visit.screenshot(page, f"workbench-clock-stop-queue-evidence-{suffix}")
    check_language(page, language)
    opened = page.request.get(browser_visit.url(links.nth(1).get_attribute("href") or ""))
    assert opened.status == 200
    assert opened.body() == png_bytes(40, 30)

    page.locator(".yekuo-clock-stop form").first.locator("button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert ClockStop.objects.get().status == ClockStopStatus.ACTIVE
    page.goto(browser_visit.url(f"/workbench/work/{survey.pk}/"))
    expect(page.locator("#clock-stops .yekuo-evidence-files a")).to_have_count(2)
    browser_visit.screenshot(page, f"workbench-work-item-clock-stops-{suffix}")
    check_language(page, language)
    assert browser_visit.problems.messages == []
