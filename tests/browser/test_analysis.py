"""The analysis page in a real browser: a county head opens it from the navigation, the directly-follows
graph draws (no script error, no policy violation) and the signals link to the applications. Screenshots
in Chinese and English go to screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from pytest_django.fixtures import Settings

from tests.analytics.conftest import Households, two_households
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
from tests.conftest import OrganisationTree, persona_for
from tests.monitoring import conftest as monitoring_fixtures
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role
from yekuo.workflow.installation import install_shipped

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

crew = monitoring_fixtures.crew
household = monitoring_fixtures.household
test_clock = monitoring_fixtures.test_clock
working_calendar = monitoring_fixtures.working_calendar
__all__ = ["two_households"]
FORMAT_NAMES = ["CSV", "XES", "PARQUET"]  # file formats keep their names in both languages
RETURN_REASON = "表计型号与方案不符"  # as the metering technician wrote it


@pytest.fixture(autouse=True)
def shipped_definitions(transactional_db: None, settings: Settings, tmp_path: Path) -> None:
    """A transactional test before this one emptied the tables the migrations filled."""
    settings.ANALYTICS_DATABASE = tmp_path / "analytics.duckdb"
    install_shipped()


@BOTH_LANGUAGES
def test_a_county_head_analyses_the_live_log(
    browser_visit: BrowserVisit, crew: Crew, two_households: Households, language: BrowserLanguage
) -> None:
    page = browser_visit.open_page(locale=language.locale, **DESK)
    log_in_as_staff(browser_visit, page, crew[Role.UNIT_HEAD].account.username)
    page.goto(browser_visit.url("/workbench/dashboard/"))
    link_name = {"zh-hans": "流程分析", "en": "Process analysis"}[language.page_language]
    page.get_by_role("link", name=link_name).click()
    page.wait_for_url(browser_visit.url("/workbench/analysis/"))

    expect(page.locator(".yekuo-analysis-graph svg")).to_be_visible()
    assert page.locator(".yekuo-analysis-graph svg text").count() > 0
    straight, _returned = two_households
    straight.refresh_from_db()
    expect(page.locator("#analysis-signals a", has_text=straight.number)).to_be_visible()
    browser_visit.screenshot(page, f"analysis-county-head-{language.page_language}")
    text = page.evaluate(PAGE_TEXT_SCRIPT)
    on_record = [*data_on_record(), *FORMAT_NAMES, RETURN_REASON]
    assert untranslated_fragments(text, language.page_language, allowed=on_record) == []


@BOTH_LANGUAGES
def test_an_administrator_imports_an_old_systems_log_and_analyses_it(
    browser_visit: BrowserVisit, organisation: OrganisationTree, tmp_path: Path, language: BrowserLanguage
) -> None:
    administrator = persona_for(Role.ADMINISTRATOR, organisation.province)
    log = tmp_path / "old-system.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp,org:resource\n"
        "c1,register,2024-01-01T08:00:00+00:00,ann\nc1,decide,2024-01-02T10:00:00+00:00,bob\n"
        "c2,register,2024-01-03T08:00:00+00:00,ann\nc2,decide,2024-01-03T09:00:00+00:00,bob\n",
        encoding="utf-8",
    )
    page = browser_visit.open_page(locale=language.locale, **DESK)
    log_in_as_staff(browser_visit, page, administrator.account.username)
    page.goto(browser_visit.url("/workbench/analysis/import/"))
    browser_visit.screenshot(page, f"analysis-import-{language.page_language}")
    page.locator("#id_name").fill("old-system")
    page.locator("#id_log_file").set_input_files(str(log))
    page.locator("main form button.btn-primary[type=submit]").click()

    page.wait_for_url("**/workbench/analysis/?log=old-system")
    expect(page.locator(".yekuo-analysis-graph svg")).to_be_visible()
    expect(page.locator("#analysis-graph")).to_contain_text("register")
    browser_visit.screenshot(page, f"analysis-imported-{language.page_language}")
