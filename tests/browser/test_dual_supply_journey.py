"""Journey (b): an important enterprise applies online for a 10 kV dual-supply new connection and is carried
through every stage by the pages alone: acceptance, survey, scheme drafting and approval, the customer
confirming the scheme and choosing its design firm (三不指定), design review, construction with its own
firm, mid-construction inspection, a completion inspection that fails with two defects (listed to the
customer at once, the clock stopped for the rectification), resumption and re-inspection, the contract
signed and the fees declared by the customer and confirmed by staff, the grid supporting works, the meter,
energisation, archiving and the return visit. In Chinese, and in English where the customer switches with
the navbar. Every page is screenshotted into screenshots/ and checked for untranslated text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.applications.sample_files import png_bytes
from tests.browser.conftest import BrowserVisit
from tests.browser.journey_steps import Journey
from tests.browser.test_portal_journey import PASSWORD, portal_ready
from tests.browser.test_smoke import BOTH_LANGUAGES, CHINESE, DESK, ENGLISH, BrowserLanguage
from tests.conftest import OrganisationTree
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Crew
from yekuo.applications.contract_text import CONTRACT_TEXT, CONTRACT_TEXT_VERSION
from yekuo.applications.customer_records import FirmKind, RegisteredFirm
from yekuo.applications.documents import DocumentKind
from yekuo.customers.models import Customer
from yekuo.workflow.stages import Stage

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
__all__ = ["portal_ready"]

crew = workflow_fixtures.crew
factory_owner = workflow_fixtures.factory_owner
working_calendar = workflow_fixtures.working_calendar

DOCUMENTS = {  # the checklist of a high-voltage enterprise, with the names of the scans
    DocumentKind.IDENTITY_DOCUMENT: "法人身份证.png",
    DocumentKind.PROPERTY_PROOF: "不动产权证书.png",
    DocumentKind.BUSINESS_LICENCE: "营业执照.png",
    DocumentKind.AUTHORISATION_LETTER: "授权委托书.png",
    DocumentKind.LOAD_LIST: "用电设备清单.png",
    DocumentKind.PROJECT_APPROVAL: "项目备案证明.png",
}
DESIGN_FIRM = "南京电力设计有限公司"
CONSTRUCTION_FIRM = "江苏宁电建设工程有限公司"
DEFECTS = [
    ("接地电阻超标（实测 6.2 Ω）", "1 号配电室", "接地电阻不大于 4 Ω"),
    ("电缆沟未封堵", "进线电缆沟", "用防火泥封堵"),
]
POSTPONEMENT = "客户申请暂缓中间检查：主变基础养护未满 7 天"
CONNECTION_POINTS = "10kV 东山线 #12 杆、10kV 竹山线 #7 杆"
SITE_CONDITIONS = "场地平整，两路电源可由东山线、竹山线引入"
RECTIFICATION_NOTE = "接地极已补打，电缆沟已用防火泥封堵"
RECTIFICATION_PHOTO = "整改照片.png"
TYPED = [
    POSTPONEMENT,
    RECTIFICATION_NOTE,
    RECTIFICATION_PHOTO,
    CONNECTION_POINTS,
    SITE_CONDITIONS,
    "高供高计",
    "高可靠性供电费",
    "苏价工〔2017〕号",
    "方案可行，同意",
    "两路 10kV 线路延伸各 0.8 km",
    *(text for defect in DEFECTS for text in defect),
    CONTRACT_TEXT,
    CONTRACT_TEXT_VERSION,
    "ZH-2026-0001",
    "GT-20260302-88",
    *DOCUMENTS.values(),
]


@pytest.fixture
def registered_firms(portal_ready: OrganisationTree) -> None:
    """The register of firms the customer chooses from (三不指定): master data, set up beforehand."""
    for name, kind, level in (
        (DESIGN_FIRM, FirmKind.DESIGN, "电力行业（变电）专业乙级"),
        (CONSTRUCTION_FIRM, FirmKind.CONSTRUCTION, "承装（修、试）电力设施许可证 三级"),
    ):
        RegisteredFirm.objects.create(
            name=name,
            kind=kind,
            licence_number=f"{kind}-1",
            licence_level=level,
            licence_valid_until=date(2029, 12, 31),
        )


@pytest.fixture
def enterprise(factory_owner: Customer, registered_firms: None) -> Customer:
    factory_owner.account.set_password(PASSWORD)
    factory_owner.account.save(update_fields=["password"])
    return factory_owner


def label(stage: Stage, language: BrowserLanguage) -> str:
    with translation.override("zh-hans" if language == CHINESE else "en"):
        return str(stage.label)


def log_in_and_apply(journey: Journey, page: Page, customer: Customer) -> str:
    visit = journey.visit
    page.goto(visit.url("/portal/login/"))
    if journey.language == ENGLISH:
        page.locator('button[name="language"][value="en"]').click()
        page.wait_for_url(visit.url("/portal/login/"))
    page.fill('input[name="username"]', customer.mobile_number)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url(visit.url("/portal/"))
    page.locator('a[href="/portal/apply/"]').last.click()
    page.wait_for_url(visit.url("/portal/apply/"))
    page.check('input[name="category"][value="high_voltage_multiple_supply"]')
    page.fill('input[name="requested_capacity_kva"]', "2500")
    page.check('input[name="is_important_customer"]')
    journey.look(page, "portal-apply-filled")
    page.locator('form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url("**/portal/applications/*/")
    for kind, file_name in DOCUMENTS.items():
        page.select_option('select[name="kind"]', kind.value)
        page.set_input_files(
            'input[name="file"]',
            files=[{"name": file_name, "mimeType": "image/png", "buffer": png_bytes(40, 30)}],
        )
        page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()
        expect(page.locator(".alert-success")).to_be_visible()
    journey.look(page, "portal-draft-with-documents")
    page.locator('form[action$="/submit/"] button[type="submit"]').click()
    expect(page.locator(".yekuo-timeline")).to_be_visible()
    journey.look(page, "portal-submitted")
    return page.locator("h1").inner_text().split()[-1]


@dataclass(frozen=True)
class Case:
    """The journey, the customer's page and the application's number."""

    journey: Journey
    customer: Page
    number: str

    def staff_completes(self, username: str, stage: Stage, values: dict[str, str], what: str = "") -> None:
        page = self.journey.open_work_item(username, self.number, label(stage, self.journey.language))
        self.journey.complete(page, what or stage.value.replace("_", "-"), values)

    def customer_finishes(self, stage: Stage, firm: str = "") -> None:
        """The customer's own stage: the firm chosen from the register, or the inspection requested."""
        page = self.customer
        page.reload()
        block = page.locator(".yekuo-action div.mb-4", has_text=label(stage, self.journey.language))
        if firm:
            block.locator("label", has_text=firm).click()
        self.journey.look(page, f"portal-{stage.value.replace('_', '-')}")
        block.locator('button[type="submit"]').click()
        expect(page.locator(".alert-success")).to_be_visible()


def scheme_reply(case: Case) -> None:
    case.staff_completes("east.intake_clerk", Stage.ACCEPTANCE, {"remarks": ""})
    case.staff_completes(
        "east.surveyor",
        Stage.SITE_SURVEY,
        {
            "site_conditions": SITE_CONDITIONS,
            "nearest_supply_point": "10kV 东山线 #12 杆",
            "suggested_voltage": "10kV",
        },
    )
    case.staff_completes(
        "east.scheme_designer",
        Stage.SUPPLY_SCHEME_DRAFTING,
        {
            "connection_point": CONNECTION_POINTS,
            "supply_voltage": "10kV",
            "circuit_count": "2",
            "supply_capacity_kva": "2500",
            "metering_method": "高供高计",
            "fee_1_name": "高可靠性供电费",
            "fee_1_amount_yuan": "125000.00",
            "fee_1_legal_basis": "苏价工〔2017〕号",
        },
    )
    case.staff_completes("east.scheme_approver", Stage.SUPPLY_SCHEME_APPROVAL, {"remarks": "方案可行，同意"})


def design_and_construction(case: Case) -> None:
    customer = case.customer
    customer.reload()
    expect(customer.locator(".yekuo-action")).to_contain_text("125000.00")
    case.journey.look(customer, "portal-scheme-to-confirm")
    customer.locator('form[action$="/scheme/"] button.btn-success').click()
    expect(customer.locator(".alert-success")).to_be_visible()
    case.customer_finishes(Stage.CUSTOMER_DESIGN, DESIGN_FIRM)
    case.staff_completes("east.inspector", Stage.DESIGN_REVIEW, {"passed": "yes"})
    case.customer_finishes(Stage.CUSTOMER_CONSTRUCTION, CONSTRUCTION_FIRM)
    postponed_mid_inspection(case)
    case.customer_finishes(Stage.CUSTOMER_COMPLETION)


def postponed_mid_inspection(case: Case) -> None:
    """The customer asks to put the mid-construction inspection off: the inspector asks for a clock stop,
    the unit head approves it, the inspector resumes the clock when the site is ready and passes it."""
    journey = case.journey
    inspector = journey.open_work_item(
        "east.inspector", case.number, label(Stage.MID_CONSTRUCTION_INSPECTION, journey.language)
    )
    inspector.select_option('select[name="clock_stop-reason"]', "customer_request")
    inspector.fill('textarea[name="clock_stop-explanation"]', POSTPONEMENT)
    journey.look(inspector, "work-item-clock-stop-request")
    inspector.locator('form[action$="/clock-stop/"] button[type="submit"]').click()
    expect(inspector.locator(".alert-success")).to_be_visible()

    head = journey.staff("east.unit_head")
    head.goto(journey.visit.url("/workbench/clock-stops/"))
    stop = head.locator(".yekuo-clock-stop", has_text=case.number)
    expect(stop).to_contain_text(POSTPONEMENT)
    journey.look(head, "clock-stops-to-approve")
    stop.locator('form[action$="/approve/"] button[type="submit"]').click()
    expect(head.locator(".alert-success")).to_be_visible()
    journey.look(head, "clock-stop-approved")

    case.customer.reload()
    expect(case.customer.locator("body")).to_contain_text(POSTPONEMENT)
    journey.look(case.customer, "portal-mid-inspection-postponed")

    inspector.goto(journey.visit.url("/workbench/work/"))
    inspector.locator("tbody tr", has_text=case.number).locator('a[href*="/workbench/work/"]').click()
    inspector.locator('#clock-stopped button[type="submit"]').click()
    expect(inspector.locator(".alert-success")).to_be_visible()
    journey.complete(inspector, "mid-construction-inspection", {"passed": "yes"})


def failed_inspection_and_rectification(case: Case) -> None:
    journey = case.journey
    defects = {"passed": "no"}
    for row, (description, location, requirement) in enumerate(DEFECTS, start=1):
        defects |= {
            f"defect_{row}_description": description,
            f"defect_{row}_location": location,
            f"defect_{row}_requirement": requirement,
        }
    case.staff_completes(
        "east.inspector", Stage.COMPLETION_INSPECTION, defects, what="completion-inspection-failed"
    )

    case.customer.reload()
    notice = case.customer.locator(".list-group-item", has_text=DEFECTS[0][0]).first
    for description, _location, _requirement in DEFECTS:
        expect(notice).to_contain_text(description)  # both defects at once, in one notice
    expect(case.customer.locator(".yekuo-timeline")).to_contain_text(
        label(Stage.COMPLETION_INSPECTION, journey.language)
    )
    journey.look(case.customer, "portal-defects-and-clock-stop")
    rectification = case.customer.locator(".yekuo-rectification")
    rectification.locator("#rectification-note").fill(RECTIFICATION_NOTE)
    rectification.locator('input[name="file"]').set_input_files(
        files=[{"name": RECTIFICATION_PHOTO, "mimeType": "image/png", "buffer": png_bytes(40, 30)}]
    )
    rectification.locator('button[type="submit"]').click()
    expect(case.customer.locator(".alert-success")).to_be_visible()
    expect(case.customer.locator(".yekuo-rectification form")).to_have_count(0)
    journey.look(case.customer, "portal-rectification-reported")

    inspector = journey.staff("east.inspector")
    inspector.goto(journey.visit.url("/workbench/work/"))
    inspector.locator("tbody tr", has_text=case.number).locator('a[href*="/workbench/work/"]').click()
    expect(inspector.locator("#clock-stopped")).to_be_visible()
    expect(inspector.locator(".yekuo-rectification-declared")).to_contain_text(RECTIFICATION_NOTE)
    expect(inspector.locator(".yekuo-evidence-files")).to_contain_text(RECTIFICATION_PHOTO)
    journey.look(inspector, "work-item-clock-stopped")
    inspector.locator('#clock-stopped button[type="submit"]').click()
    expect(inspector.locator(".alert-success")).to_be_visible()
    expect(inspector.locator("#complete")).to_be_visible()
    journey.look(inspector, "work-item-clock-resumed")
    journey.complete(inspector, "re-inspection-passed", {"passed": "yes"})


def contract_and_fees(case: Case) -> None:
    journey, customer = case.journey, case.customer
    customer.reload()
    customer.locator("#contract-agree").check()
    journey.look(customer, "portal-contract-and-fees")
    customer.locator('form[action$="/contract/"] button[type="submit"]').click()
    expect(customer.locator(".alert-success")).to_be_visible()
    customer.fill("#payment-reference", "GT-20260302-88")
    customer.locator('form[action$="/fees/"] button[type="submit"]').click()
    expect(customer.locator(".alert-success")).to_be_visible()
    journey.look(customer, "portal-fees-declared")

    manager = journey.staff("east.account_manager")
    manager.goto(journey.visit.url("/workbench/payments/"))
    expect(manager.locator("body")).to_contain_text(case.number)
    journey.look(manager, "payments-to-confirm")
    manager.locator('input[name="received"][value="yes"] + button').click()
    expect(manager.locator(".alert-success")).to_be_visible()
    journey.look(manager, "payments-confirmed")


def connection_and_after(case: Case) -> None:
    case.staff_completes(
        "east.energisation_operator",
        Stage.GRID_SUPPORTING_WORKS,
        {"description": "两路 10kV 线路延伸各 0.8 km"},
    )
    case.staff_completes(
        "east.metering_technician",
        Stage.METERING_INSTALLATION,
        {"meter_number": "ZH-2026-0001", "initial_reading": "0", "current_transformer_ratio": "150/5"},
    )
    case.staff_completes("east.energisation_operator", Stage.ENERGISATION, {})
    case.customer.reload()
    expect(case.customer.locator(".yekuo-energised")).to_be_visible()
    case.journey.look(case.customer, "portal-energised")

    case.staff_completes("east.intake_clerk", Stage.ARCHIVING, {"archive_number": "DA-2026-0002"})
    case.staff_completes("east.return_visit_agent", Stage.RETURN_VISIT, {"stage_times_match": "yes"})
    case.customer.reload()
    expect(case.customer.locator(".yekuo-step-done")).to_have_count(len(STAGES_ON_THE_PATH))
    case.journey.look(case.customer, "portal-completed")


# 10 kV: no access-system design (from 110 kV); important customer: design review and mid inspection;
# high voltage: the meter and the energisation are two stages.
NOT_ON_THE_PATH = {Stage.ACCESS_SYSTEM_DESIGN, Stage.METERING_AND_ENERGISATION}
STAGES_ON_THE_PATH = [stage for stage in Stage if stage not in NOT_ON_THE_PATH]


@BOTH_LANGUAGES
def test_an_important_enterprise_gets_dual_supply_through_a_failed_inspection(
    browser_visit: BrowserVisit, crew: Crew, enterprise: Customer, language: BrowserLanguage
) -> None:
    journey = Journey(browser_visit, language, "dual-supply", typed=TYPED)
    customer = browser_visit.open_page(locale=CHINESE.locale, **DESK)
    case = Case(journey, customer, log_in_and_apply(journey, customer, enterprise))
    scheme_reply(case)
    design_and_construction(case)
    failed_inspection_and_rectification(case)
    contract_and_fees(case)
    connection_and_after(case)
    assert browser_visit.problems.messages == []
