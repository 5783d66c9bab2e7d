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
from tests.monitoring import conftest as monitoring_fixtures
from tests.workflow.conftest import Crew
from yekuo.org.roles import Role
from yekuo.workflow.installation import install_definitions, install_rule_sets, installed_models

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
    install_definitions(installed_models())
    install_rule_sets(installed_models())


@BOTH_LANGUAGES
def test_a_county_head_analyses_the_live_log(
    browser_visit: BrowserVisit, crew: Crew, two_households: Households, language: BrowserLanguage
) -> None:
    page = browser_visit.open_page(locale=language.locale, **DESK)
    log_in_as_staff(browser_visit, page, crew[Role.UNIT_HEAD].account.username)
    page.locator("nav a", has_text={"zh-hans": "流程分析", "en": "Analysis"}[language.page_language]).click()
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
