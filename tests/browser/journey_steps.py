"""Steps of the full journeys through the pages only: a customer in one browser context, each member of
staff in their own, all in the same language. Every page visited is screenshotted and checked for text
left in the other language."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserVisit
from tests.browser.language_checks import untranslated_fragments
from tests.browser.test_inbox_and_escalations import messages_on_record
from tests.browser.test_portal_journey import REGULATORY_TERMS, scheme_data_on_record
from tests.browser.test_smoke import DESK, PAGE_TEXT_SCRIPT, BrowserLanguage, data_on_record
from yekuo.applications.customer_records import RegisteredFirm
from yekuo.applications.records import InspectionDefect
from yekuo.org.factories import DEFAULT_TEST_PASSWORD
from yekuo.workflow.definitions import ProcessDefinition
from yekuo.workflow.rules import RuleSet


def journey_data_on_record() -> list[str]:
    """What people typed (names, addresses, notes, defects, firms): shown as written, in either language."""
    data = [*data_on_record(), *messages_on_record(), *scheme_data_on_record(), *REGULATORY_TERMS]
    for defect in InspectionDefect.objects.all():
        data += [defect.description, defect.location, defect.requirement]
    for name, legal_source in RuleSet.objects.values_list("name", "legal_source"):
        data += [name, legal_source]  # the citation as the rule set records it
    data += ProcessDefinition.objects.values_list("name", flat=True)  # named in Chinese, as loaded
    for firm in RegisteredFirm.objects.all():
        data += [firm.name, firm.licence_level, firm.licence_number]
    return [text for text in data if text]


@dataclass
class Journey:
    """One journey in one language: the customer's page, each staff member's page, numbered screenshots."""

    visit: BrowserVisit
    language: BrowserLanguage
    name: str
    typed: list[str] = field(default_factory=list)  # free text typed during the journey
    staff_pages: dict[str, Page] = field(default_factory=dict)
    _count: int = 0

    def look(self, page: Page, what: str) -> None:
        """Screenshot the page and check that all of it is in the journey's language."""
        self._count += 1
        self.visit.screenshot(page, f"{self.name}-{self._count:02d}-{what}-{self.language.page_language}")
        text = page.evaluate(PAGE_TEXT_SCRIPT)
        allowed = [*journey_data_on_record(), *self.typed]
        fragments = untranslated_fragments(text, self.language.page_language, allowed=allowed)
        assert fragments == [], f"{page.url} ({what}) in {self.language.page_language} shows {fragments}"

    def customer_page(self) -> Page:
        return self.visit.open_page(locale=self.language.locale, **DESK)

    def staff(self, username: str) -> Page:
        """The page of a member of staff, logged in through the staff log-in page on first use."""
        if username not in self.staff_pages:
            page = self.visit.open_page(locale=self.language.locale, **DESK)
            page.goto(self.visit.url("/workbench/login/"))
            page.fill('input[name="username"]', username)
            page.fill('input[name="password"]', DEFAULT_TEST_PASSWORD)
            page.locator('form[method="post"] button[type="submit"]').last.click()
            page.wait_for_url(self.visit.url("/workbench/"))
            self.staff_pages[username] = page
        return self.staff_pages[username]

    def open_work_item(self, username: str, number: str, stage_label: str) -> Page:
        """From My work, the work item of the application's stage; claimed first where it is not yet."""
        page = self.staff(username)
        page.goto(self.visit.url("/workbench/work/"))
        row = page.locator("tbody tr", has_text=number).filter(has_text=stage_label)
        expect(row).to_have_count(1)
        self.look(page, f"my-work-{username}")
        claim = row.locator('form[action*="/claim/"] button')
        if claim.count():
            claim.click()
            expect(page.locator(".alert-success")).to_be_visible()
            row = page.locator("tbody tr", has_text=number).filter(has_text=stage_label)
        row.locator('a[href*="/workbench/work/"]').click()
        page.wait_for_url("**/workbench/work/*/")
        expect(page.locator("#complete")).to_be_visible()
        return page

    def complete(self, page: Page, what: str, values: dict[str, str]) -> None:
        """Fill the stage's form (fields by name without the `outcome-` prefix) and complete the stage."""
        for name, value in values.items():
            field_locator = page.locator(f'#complete [name="outcome-{name}"]')
            if field_locator.first.get_attribute("type") == "radio":
                page.locator(f'#complete [name="outcome-{name}"][value="{value}"]').check()
            elif field_locator.evaluate("element => element.tagName") == "SELECT":
                field_locator.select_option(value)
            else:
                field_locator.fill(value)
        self.look(page, f"work-item-{what}")
        page.locator('#complete button[type="submit"]').click()
        page.wait_for_url("**/workbench/applications/*/")
        expect(page.locator(".alert-success")).to_be_visible()
        self.look(page, f"application-after-{what}")
