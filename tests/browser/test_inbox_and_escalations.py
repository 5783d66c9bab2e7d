"""The staff inbox and the escalation page (督办) in a real browser, in Chinese and in English: the head
reads the escalation in the inbox, opens its work item, and records the handling on the escalation page.
Screenshots go to screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserVisit
from tests.browser.language_checks import untranslated_fragments
from tests.browser.test_smoke import (
    BOTH_LANGUAGES,
    DESK,
    PAGE_TEXT_SCRIPT,
    PHONE,
    BrowserLanguage,
    assert_no_sideways_scrolling,
    data_on_record,
    log_in_as_staff,
)
from tests.workbench.conftest import accepted_high_voltage_application
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Crew, FrozenClock
from tests.workflow.escalations import escalate_survey
from yekuo.customers.models import Customer
from yekuo.notifications.models import Notification
from yekuo.org.roles import Role
from yekuo.workflow.installation import install_shipped
from yekuo.workflow.models import EscalationHandling, WorkItem

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
NOTE = "已电话催办勘查员，要求本周完成"

# The engine's fixtures, shared by assignment so pytest finds them here too.
crew = workflow_fixtures.crew
factory_owner = workflow_fixtures.factory_owner
test_clock = workflow_fixtures.test_clock
working_calendar = workflow_fixtures.working_calendar


@pytest.fixture
def escalated(crew: Crew, factory_owner: Customer, test_clock: FrozenClock) -> WorkItem:
    install_shipped()
    return escalate_survey(accepted_high_voltage_application(crew, factory_owner), crew, test_clock)


def messages_on_record() -> list[str]:
    """Notifications are written in the recipient's language when sent: data, as far as the page goes."""
    return [text for pair in Notification.objects.values_list("title", "body") for text in pair if text]


def check_language(page: Page, language: BrowserLanguage) -> None:
    """As test_smoke.assert_all_in_language, with the messages and the typed note counted as data."""
    text = page.evaluate(PAGE_TEXT_SCRIPT)
    allowed = [*data_on_record(), *messages_on_record(), NOTE]
    fragments = untranslated_fragments(text, language.page_language, allowed=allowed)
    assert fragments == [], f"{page.url} in {language.page_language} shows {fragments}"


@BOTH_LANGUAGES
def test_the_head_reads_the_escalation_and_records_its_handling(
    browser_visit: BrowserVisit, crew: Crew, escalated: WorkItem, language: BrowserLanguage
) -> None:
    suffix = language.page_language
    page = browser_visit.open_page(locale=language.locale, **DESK)
    log_in_as_staff(browser_visit, page, crew[Role.UNIT_HEAD].account.username)
    badge = page.locator(".yekuo-unread-badge")
    expect(badge).to_be_visible()

    page.locator("a.yekuo-inbox-link").click()
    page.wait_for_url(browser_visit.url("/workbench/inbox/"))
    expect(page.locator(".yekuo-notification-unread").first).to_be_visible()
    browser_visit.screenshot(page, f"workbench-inbox-{suffix}")
    check_language(page, language)

    page.locator(".yekuo-notification-unread form").first.locator("button").click()
    page.wait_for_url(browser_visit.url(f"/workbench/work/{escalated.pk}/"))
    expect(page.locator("#escalation")).to_be_visible()
    browser_visit.screenshot(page, f"workbench-work-item-escalated-{suffix}")
    check_language(page, language)

    page.goto(browser_visit.url("/workbench/escalations/"))
    card = page.locator(f"#escalation-{escalated.pk}")
    expect(card).to_be_visible()
    browser_visit.screenshot(page, f"workbench-escalations-{suffix}")
    check_language(page, language)
    card.locator("select[name=action]").select_option("urged")
    card.locator("textarea[name=note]").fill(NOTE)
    card.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#escalation-{escalated.pk}")).to_have_count(0)
    browser_visit.screenshot(page, f"workbench-escalations-handled-{suffix}")
    check_language(page, language)
    assert EscalationHandling.objects.get().note == NOTE

    page.goto(browser_visit.url(f"/workbench/work/{escalated.pk}/"))
    expect(page.locator(".yekuo-escalation-handling")).to_contain_text("已电话催办勘查员")
    browser_visit.screenshot(page, f"workbench-work-item-escalation-handled-{suffix}")
    check_language(page, language)
    assert browser_visit.problems.messages == []


def test_the_inbox_and_escalations_fit_a_phone(
    browser_visit: BrowserVisit, crew: Crew, escalated: WorkItem
) -> None:
    page = browser_visit.open_page(locale="zh-CN", **PHONE)
    log_in_as_staff(browser_visit, page, crew[Role.UNIT_HEAD].account.username)
    for name in ("inbox", "escalations"):
        page.goto(browser_visit.url(f"/workbench/{name}/"))
        browser_visit.screenshot(page, f"phone-workbench-{name}-zh-hans")
        assert_no_sideways_scrolling(page)
    assert browser_visit.problems.messages == []
