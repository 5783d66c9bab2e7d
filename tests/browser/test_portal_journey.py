"""A customer registers with an SMS code, applies for a household connection (一证办) with an upload and
follows the timeline, in a real browser: Chinese on a desk and a phone, then English. Screenshots go to
screenshots/ (git-ignored); no Content-Security-Policy violation, no script error."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.applications.sample_files import png_bytes
from tests.browser.conftest import BrowserVisit
from tests.browser.test_smoke import (
    CHINESE,
    DESK,
    ENGLISH,
    PHONE,
    BrowserLanguage,
    assert_all_in_language,
    assert_no_sideways_scrolling,
)
from tests.conftest import OrganisationTree
from tests.workflow.conftest import Crew, crew, factory_owner, working_calendar
from tests.workflow.test_customer_actions import drive_staff_stages
from yekuo.applications.choices import Category
from yekuo.applications.customer_records import FirmKind, RegisteredFirm
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.records import SchemeFeeItem, SupplyScheme
from yekuo.calendar.selectors import reset_working_day_calendar_cache
from yekuo.calendar.services import calendar_seed_from_library
from yekuo.customers import verification
from yekuo.customers.models import Customer
from yekuo.org.factories import staff_with_role
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.installation import install_shipped

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
__all__ = ["crew", "factory_owner", "working_calendar"]

CODE = "135246"
MOBILE = "13912340001"
PASSWORD = "Yekuo-portal-2026"
PERSON_ID = "11010519491231002X"
# Help texts name the regulatory terms in Chinese on purpose (一证办, 三零, 三不指定); file formats and
# sizes are the same words in both languages.
REGULATORY_TERMS = ["一证办", "三零", "三不指定", "重要电力用户", "PDF", "JPEG", "PNG", "MB", "身份证.png"]


@pytest.fixture
def portal_ready(
    organisation: OrganisationTree, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: object
) -> OrganisationTree:
    """What the migrations load (a transactional test may have flushed it), texts to the console with a
    known code, uploads into a temporary directory, and a clerk at the station."""
    install_shipped()
    calendar_seed_from_library()
    reset_working_day_calendar_cache()
    monkeypatch.setenv("YEKUO_NOTIFICATION_CHANNELS", "console")
    monkeypatch.setattr(verification, "generate_code", lambda: CODE)
    settings.MEDIA_ROOT = tmp_path / "uploads"  # type: ignore[attr-defined]
    staff_with_role(role=Role.INTAKE_CLERK, unit=organisation.county_east, username="east.clerk")
    return organisation


def check(visit: BrowserVisit, page: Page, name: str, language: BrowserLanguage) -> None:
    visit.screenshot(page, name)
    assert_all_in_language_with_terms(page, language)


def assert_all_in_language_with_terms(page: Page, language: BrowserLanguage) -> None:
    from tests.browser import test_smoke  # noqa: PLC0415

    original = test_smoke.data_on_record
    try:
        test_smoke.data_on_record = lambda: [  # type: ignore[assignment]
            *original(),
            *REGULATORY_TERMS,
            *scheme_data_on_record(),
        ]
        assert_all_in_language(page, language)
    finally:
        test_smoke.data_on_record = original  # type: ignore[assignment]


def scheme_data_on_record() -> list[str]:
    """What staff wrote into supply schemes (connection points, fee names and their legal basis)."""
    data: list[str] = []
    for scheme in SupplyScheme.objects.all():
        data += [scheme.connection_point, scheme.metering_method]
    for fee in SchemeFeeItem.objects.all():
        data += [fee.name, fee.legal_basis]
    return data


def register(visit: BrowserVisit, page: Page, organisation: OrganisationTree, suffix: str) -> None:
    page.goto(visit.url("/portal/login/"))
    page.locator('a[href="/portal/register/"]').click()
    page.wait_for_url(visit.url("/portal/register/"))
    check(visit, page, f"portal-register-{suffix}", CHINESE)
    page.fill('input[name="mobile_number"]', MOBILE)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(visit.url("/portal/register/details/"))
    expect(page.locator(".alert-success")).to_contain_text("139****0001")
    expect(page.locator('fieldset[data-party-kind="enterprise"]')).to_be_hidden()
    check(visit, page, f"portal-register-details-{suffix}", CHINESE)
    page.fill('input[name="code"]', CODE)
    page.fill('input[name="name"]', "王小明")
    page.fill('input[name="identity_number"]', PERSON_ID)
    page.fill('input[name="address"]', "江苏省南京市江宁区东山街道竹山路18号")
    page.select_option('select[name="service_unit"]', str(organisation.station_east.pk))
    page.fill('input[name="password"]', PASSWORD)
    page.fill('input[name="password_again"]', PASSWORD)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(visit.url("/portal/"))
    expect(page.locator("body")).to_contain_text("王小明")


def apply_with_upload(visit: BrowserVisit, page: Page, suffix: str) -> Application:
    page.locator('a[href="/portal/apply/"]').last.click()
    page.wait_for_url(visit.url("/portal/apply/"))
    check(visit, page, f"portal-apply-{suffix}", CHINESE)
    page.check('input[name="category"][value="low_voltage_residential"]')
    page.fill('input[name="requested_capacity_kva"]', "8")
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url("**/portal/applications/*/")
    check(visit, page, f"portal-draft-{suffix}", CHINESE)
    page.select_option('select[name="kind"]', "identity_document")
    page.set_input_files(
        'input[name="file"]',
        files=[{"name": "身份证.png", "mimeType": "image/png", "buffer": png_bytes(40, 30)}],
    )
    page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("body")).to_contain_text("身份证.png")
    page.locator('form[action$="/submit/"] button[type="submit"]').click()
    expect(page.locator(".yekuo-timeline")).to_be_visible()
    return Application.objects.get()


def test_a_household_registers_applies_with_an_upload_and_follows_the_timeline(
    browser_visit: BrowserVisit, portal_ready: OrganisationTree
) -> None:
    page = browser_visit.open_page(locale=CHINESE.locale, **DESK)
    register(browser_visit, page, portal_ready, "zh-hans")
    application = apply_with_upload(browser_visit, page, "zh-hans")

    assert application.number
    timeline = page.locator(".yekuo-timeline")
    expect(timeline).to_contain_text("业务受理")
    expect(timeline).to_contain_text("个工作日")
    expect(timeline).to_contain_text("装表接电")
    check(browser_visit, page, "portal-application-zh-hans", CHINESE)
    detail_path = page.url.removeprefix(browser_visit.base_url)

    phone = browser_visit.open_page(locale=CHINESE.locale, **PHONE)
    phone.goto(browser_visit.url("/portal/login/"))
    phone.fill('input[name="username"]', MOBILE)
    phone.fill('input[name="password"]', PASSWORD)
    phone.locator('form[method="post"] button[type="submit"]').last.click()
    phone.wait_for_url(browser_visit.url("/portal/"))
    check(browser_visit, phone, "phone-portal-home-with-application-zh-hans", CHINESE)
    assert_no_sideways_scrolling(phone)
    phone.goto(browser_visit.url(detail_path))
    check(browser_visit, phone, "phone-portal-application-zh-hans", CHINESE)
    assert_no_sideways_scrolling(phone)
    phone.goto(browser_visit.url("/portal/apply/"))
    check(browser_visit, phone, "phone-portal-apply-zh-hans", CHINESE)
    assert_no_sideways_scrolling(phone)

    phone.locator(".navbar-toggler").click()
    phone.locator('button[name="language"][value="en"]').click()
    phone.wait_for_url(browser_visit.url("/portal/apply/"))
    check(browser_visit, phone, "phone-portal-apply-en", ENGLISH)
    phone.goto(browser_visit.url(detail_path))
    expect(phone.locator(".yekuo-timeline")).to_contain_text("Acceptance")
    expect(phone.locator(".yekuo-timeline")).to_contain_text(re.compile(r"working days? left"))
    check(browser_visit, phone, "phone-portal-application-en", ENGLISH)
    assert_no_sideways_scrolling(phone)

    assert browser_visit.problems.messages == []


@pytest.fixture
def enterprise_waiting_on_design(
    portal_ready: OrganisationTree, crew: Crew, factory_owner: Customer
) -> Application:
    RegisteredFirm.objects.create(
        name="南京电力设计有限公司",
        kind=FirmKind.DESIGN,
        licence_number="D-1",
        licence_level="电力行业（变电）专业乙级",
        licence_valid_until=date(2028, 12, 31),
    )
    factory_owner.account.set_password(PASSWORD)
    factory_owner.account.save(update_fields=["password"])
    applicant = factory_owner.account
    application = draft_application(
        actor=applicant,
        customer=factory_owner,
        category=Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY,
        is_important_customer=True,
    )
    services.application_submit(actor=applicant, application_id=application.pk)
    supply_all_documents(application, received_by=crew[Role.INTAKE_CLERK].account)
    drive_staff_stages(crew, application)
    return application


def test_an_enterprise_confirms_its_scheme_and_chooses_its_design_firm(
    browser_visit: BrowserVisit, enterprise_waiting_on_design: Application
) -> None:
    application = enterprise_waiting_on_design
    page = browser_visit.open_page(locale=CHINESE.locale, **DESK)
    page.goto(browser_visit.url("/portal/login/"))
    page.fill('input[name="username"]', application.customer.mobile_number)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(browser_visit.url("/portal/"))
    page.goto(browser_visit.url(f"/portal/applications/{application.pk}/"))
    expect(page.locator(".yekuo-action")).to_contain_text("125000.00")
    check(browser_visit, page, "portal-actions-scheme-and-firm-zh-hans", CHINESE)

    page.locator('form[action$="/scheme/"] button:has-text("确认供电方案")').click()
    expect(page.locator(".alert-success")).to_contain_text("您已确认供电方案")
    page.locator('input[name="firm"]').first.check()
    page.locator('form[action$="/stage-done/"] button[type="submit"]').click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".yekuo-timeline")).to_contain_text("设计审查")
    check(browser_visit, page, "portal-actions-after-design-zh-hans", CHINESE)

    phone = browser_visit.open_page(locale=ENGLISH.locale, **PHONE)
    phone.goto(browser_visit.url("/portal/login/"))
    phone.fill('input[name="username"]', application.customer.mobile_number)
    phone.fill('input[name="password"]', PASSWORD)
    phone.locator('form[method="post"] button[type="submit"]').last.click()
    phone.wait_for_url(browser_visit.url("/portal/"))
    phone.goto(browser_visit.url(f"/portal/applications/{application.pk}/"))
    expect(phone.locator(".yekuo-timeline")).to_contain_text("Design review")
    check(browser_visit, phone, "phone-portal-actions-after-design-en", ENGLISH)
    assert_no_sideways_scrolling(phone)
    assert browser_visit.problems.messages == []
