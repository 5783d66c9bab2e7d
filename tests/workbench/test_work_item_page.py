"""The work item page shows one item and, to whoever may work it, the stage's form, a return form and a
clock stop request. Forms only parse; the services decide, and their refusals come back on the form with
the input kept and nothing changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item, open_stages, passing_outcome
from yekuo.applications.choices import Category
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.records import (
    Inspection,
    InspectionDefect,
    MeteringRecord,
    Notice,
    NoticeKind,
    SiteSurvey,
)
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import services
from yekuo.workflow.models import ClockStop, ClockStopReason, ClockStopStatus, WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

ROLE_OF = {
    Stage.ACCEPTANCE: Role.INTAKE_CLERK,
    Stage.SITE_SURVEY: Role.SURVEYOR,
    Stage.SUPPLY_SCHEME_DRAFTING: Role.SCHEME_DESIGNER,
    Stage.SUPPLY_SCHEME_APPROVAL: Role.SCHEME_APPROVER,
    Stage.CUSTOMER_CONSTRUCTION: Role.ACCOUNT_MANAGER,
    Stage.GRID_SUPPORTING_WORKS: Role.ENERGISATION_OPERATOR,
    Stage.COMPLETION_INSPECTION: Role.INSPECTOR,
    Stage.SUPPLY_CONTRACT: Role.ACCOUNT_MANAGER,
}


def page_url(item: WorkItem) -> str:
    return reverse("workbench:work_item", args=[item.pk])


def post(client: Client, name: str, item: WorkItem, data: dict[str, Any]) -> Any:
    return client.post(reverse(f"workbench:{name}", args=[item.pk]), data, HTTP_ACCEPT_LANGUAGE="en")


def complete_through_services(crew: Crew, application: Application, *stages: str) -> None:
    for stage in stages:
        services.work_item_complete(
            actor=crew[ROLE_OF[stage]].account,
            work_item_id=open_item(application, stage).pk,
            outcome=passing_outcome(stage),
        )


@dataclass(frozen=True)
class Snapshot:
    """Everything a refused post must leave alone."""

    items: list[tuple[int, str, int | None]]
    events: int
    surveys: int
    meters: int
    stops: int

    @classmethod
    def of(cls, application: Application) -> Snapshot:
        return cls(
            items=list(
                WorkItem.objects.filter(application=application)
                .order_by("pk")
                .values_list("pk", "status", "assignee_id")
            ),
            events=Event.objects.filter(application_id=application.pk).count(),
            surveys=SiteSurvey.objects.filter(application=application).count(),
            meters=MeteringRecord.objects.filter(application=application).count(),
            stops=ClockStop.objects.filter(application=application).count(),
        )


SURVEY = {
    "outcome-surveyed_on": "2026-03-02",
    "outcome-site_conditions": "场地平整，具备施工条件",
    "outcome-nearest_supply_point": "10kV 东山线 #12 杆",
    "outcome-suggested_voltage": "10kV",
}


@pytest.fixture
def surveyor(crew: Crew) -> Staff:
    return crew[Role.SURVEYOR]


@pytest.fixture
def at_customer_construction(crew: Crew, factory_owner: Customer) -> Application:
    """A 10 kV application whose scheme was replied: the customer builds, the utility builds grid works."""
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk, customer=factory_owner, category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    complete_through_services(
        crew,
        application,
        Stage.ACCEPTANCE,
        Stage.SITE_SURVEY,
        Stage.SUPPLY_SCHEME_DRAFTING,
        Stage.SUPPLY_SCHEME_APPROVAL,
    )
    return application


@pytest.fixture
def at_completion_inspection(crew: Crew, at_customer_construction: Application) -> Application:
    complete_through_services(crew, at_customer_construction, Stage.CUSTOMER_CONSTRUCTION)
    return at_customer_construction


@pytest.fixture
def at_metering(crew: Crew, at_completion_inspection: Application) -> Application:
    complete_through_services(
        crew,
        at_completion_inspection,
        Stage.COMPLETION_INSPECTION,
        Stage.SUPPLY_CONTRACT,
        Stage.GRID_SUPPORTING_WORKS,
    )
    return at_completion_inspection


# Showing the page


def test_the_page_shows_the_item_and_the_stage_form_to_its_worker(
    client: Client, workload: Workload, surveyor: Staff
) -> None:
    item = workload.item(workload.east_survey)
    client.force_login(surveyor.account)

    response = client.get(page_url(item), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="h3 mb-1">Site survey</h1>' in page
    assert reverse("workbench:application_detail", args=[workload.east_survey.pk]) in page
    assert workload.east_survey.customer.name in page
    assert "Complete this stage" in page
    assert 'name="outcome-surveyed_on" value="2026-03-02"' in page  # dates default to today
    assert "Request a clock stop" in page  # the survey is the utility's stage
    assert "Return to an earlier stage" not in page  # nothing before the survey takes returns


def test_my_work_and_the_application_page_link_to_the_item(
    client: Client, workload: Workload, surveyor: Staff
) -> None:
    item = workload.item(workload.east_survey)
    client.force_login(surveyor.account)

    my_work = client.get(reverse("workbench:my_work"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    detail = client.get(
        reverse("workbench:application_detail", args=[workload.east_survey.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert f'href="{page_url(item)}"' in my_work
    assert f'href="{page_url(item)}"' in detail


def test_a_completed_item_shows_why_there_is_no_form(
    client: Client, crew: Crew, workload: Workload, surveyor: Staff
) -> None:
    item = workload.item(workload.east_survey)
    complete_through_services(crew, workload.east_survey, Stage.SITE_SURVEY)
    client.force_login(surveyor.account)

    page = client.get(page_url(item), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This work item is Completed: there is nothing to enter here." in page
    assert "Complete this stage" not in page


# Completing a stage


def test_completing_the_site_survey_through_the_page_opens_the_next_stage(
    client: Client, workload: Workload, surveyor: Staff
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    client.force_login(surveyor.account)

    response = post(client, "work_item_complete", item, SURVEY)

    assert response.status_code == 302
    assert response.url == reverse("workbench:application_detail", args=[application.pk])
    item.refresh_from_db()
    assert item.status == WorkItemStatus.COMPLETED
    survey = SiteSurvey.objects.get(application=application)
    assert survey.nearest_supply_point == "10kV 东山线 #12 杆"
    assert Stage.SUPPLY_SCHEME_DRAFTING in open_stages(application)
    followed = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You completed “Site survey”." in followed


def test_a_failed_completion_inspection_with_two_defects_sends_the_notice_and_stops_the_clock(
    client: Client, crew: Crew, at_completion_inspection: Application
) -> None:
    application = at_completion_inspection
    item = open_item(application, Stage.COMPLETION_INSPECTION)
    client.force_login(crew[Role.INSPECTOR].account)

    response = post(
        client,
        "work_item_complete",
        item,
        {
            "outcome-inspected_on": "2026-03-02",
            "outcome-passed": "no",
            "outcome-defect_1_description": "接地电阻超标 <script>alert(1)</script>",
            "outcome-defect_1_location": "配电室",
            "outcome-defect_2_description": "电缆沟未封堵",
            "outcome-defect_2_requirement": "用防火泥封堵",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == WorkItemStatus.SUSPENDED
    notice = Notice.objects.get(application=application, kind=NoticeKind.INSPECTION_DEFECTS)
    assert [line["description"] for line in notice.items] == [
        "接地电阻超标 <script>alert(1)</script>",
        "电缆沟未封堵",
    ]
    inspection = Inspection.objects.get(application=application, work_item_id=item.pk)
    assert list(
        InspectionDefect.objects.filter(inspection=inspection).values_list("location", flat=True)
    ) == ["配电室", ""]
    detail = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<script>alert(1)</script>" not in detail
    assert escape("<script>alert(1)</script>") in detail


def test_a_failed_inspection_without_defects_is_refused_with_the_outcome_message_and_input_kept(
    client: Client, crew: Crew, at_completion_inspection: Application
) -> None:
    application = at_completion_inspection
    item = open_item(application, Stage.COMPLETION_INSPECTION)
    before = Snapshot.of(application)
    client.force_login(crew[Role.INSPECTOR].account)

    response = post(
        client,
        "work_item_complete",
        item,
        {"outcome-inspected_on": "2026-03-02", "outcome-passed": "no", "outcome-remarks": "复验"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "List every defect found (at least one)." in page
    assert "复验</textarea>" in page
    assert Snapshot.of(application) == before


def test_a_missing_meter_number_is_refused_and_nothing_is_recorded(
    client: Client, crew: Crew, at_metering: Application
) -> None:
    item = open_item(at_metering, Stage.METERING_INSTALLATION)
    before = Snapshot.of(at_metering)
    client.force_login(crew[Role.METERING_TECHNICIAN].account)

    response = post(
        client,
        "work_item_complete",
        item,
        {
            "outcome-meter_number": "",
            "outcome-initial_reading": "0",
            "outcome-installed_at": "2026-03-02T09:00",
        },
    )

    assert response.status_code == 400
    assert "Meter number is required." in response.content.decode()
    assert Snapshot.of(at_metering) == before


def test_the_metering_form_records_the_meter(client: Client, crew: Crew, at_metering: Application) -> None:
    item = open_item(at_metering, Stage.METERING_INSTALLATION)
    client.force_login(crew[Role.METERING_TECHNICIAN].account)

    response = post(
        client,
        "work_item_complete",
        item,
        {
            "outcome-meter_number": "3201150001",
            "outcome-initial_reading": "12.5",
            "outcome-installed_at": "2026-03-02T09:00",
        },
    )

    assert response.status_code == 302
    record = MeteringRecord.objects.get(application=at_metering)
    assert record.meter_number == "3201150001"
    assert str(record.initial_reading) == "12.50"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"outcome-site_conditions": "长" * 10_000},
            "Ensure this value has at most 2000 characters (it has 10000).",
            id="ten-thousand-characters",
        ),
        pytest.param({"outcome-surveyed_on": "2026-13-45"}, "Enter a valid date.", id="impossible-date"),
        pytest.param(
            {"outcome-nearest_supply_point": ""}, "Nearest supply point is required.", id="missing-text"
        ),
        pytest.param({"outcome-suggested_voltage": "9kV"}, "Select a valid choice.", id="unknown-voltage"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    client: Client, workload: Workload, surveyor: Staff, change: dict[str, str], message: str
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client.force_login(surveyor.account)

    response = post(client, "work_item_complete", item, {**SURVEY, **change})

    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert Snapshot.of(application) == before


def test_bad_input_messages_are_translated(client: Client, workload: Workload, surveyor: Staff) -> None:
    item = workload.item(workload.east_survey)
    client.force_login(surveyor.account)

    response = client.post(
        reverse("workbench:work_item_complete", args=[item.pk]),
        {**SURVEY, "outcome-surveyed_on": "2026-13-45"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." not in page
    assert "输入一个有效的日期。" in page


def test_markup_in_a_refused_form_is_kept_as_text_and_shown_escaped(
    client: Client, workload: Workload, surveyor: Staff
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client.force_login(surveyor.account)

    response = post(
        client,
        "work_item_complete",
        item,
        {**SURVEY, "outcome-site_conditions": "<script>alert(1)</script>", "outcome-surveyed_on": "x"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert escape("<script>alert(1)</script>") in page
    assert Snapshot.of(application) == before


# Returning and stopping the clock


def test_a_return_with_a_reason_reopens_the_earlier_stage(
    client: Client, crew: Crew, workload: Workload
) -> None:
    application = workload.east_survey
    complete_through_services(crew, application, Stage.SITE_SURVEY)
    drafting = open_item(application, Stage.SUPPLY_SCHEME_DRAFTING)
    client.force_login(crew[Role.SCHEME_DESIGNER].account)
    page = client.get(page_url(drafting), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Return to an earlier stage" in page
    assert '<option value="site_survey">Site survey</option>' in page

    response = post(
        client,
        "work_item_return",
        drafting,
        {"return-to_stage": "site_survey", "return-reason": "接入点有误"},
    )

    assert response.status_code == 302
    drafting.refresh_from_db()
    assert drafting.status == WorkItemStatus.RETURNED
    assert drafting.outcome_note == "接入点有误"
    assert open_stages(application) == {Stage.SITE_SURVEY}


def test_a_return_without_a_reason_is_refused(client: Client, crew: Crew, workload: Workload) -> None:
    application = workload.east_survey
    complete_through_services(crew, application, Stage.SITE_SURVEY)
    drafting = open_item(application, Stage.SUPPLY_SCHEME_DRAFTING)
    before = Snapshot.of(application)
    client.force_login(crew[Role.SCHEME_DESIGNER].account)

    response = post(
        client, "work_item_return", drafting, {"return-to_stage": "site_survey", "return-reason": ""}
    )

    assert response.status_code == 400
    assert "Give the reason for the return (at most 2,000 characters)." in response.content.decode()
    assert Snapshot.of(application) == before


def test_a_clock_stop_request_waits_for_the_unit_head(
    client: Client, workload: Workload, surveyor: Staff
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    client.force_login(surveyor.account)

    response = post(
        client,
        "work_item_clock_stop_request",
        item,
        {"clock_stop-reason": ClockStopReason.CUSTOMER_REQUEST, "clock_stop-explanation": "客户要求暂缓勘查"},
    )

    assert response.status_code == 302
    stop = ClockStop.objects.get(work_item=item)
    assert stop.status == ClockStopStatus.REQUESTED
    assert stop.explanation == "客户要求暂缓勘查"
    item.refresh_from_db()
    assert item.status == WorkItemStatus.OPEN


def test_a_clock_stop_without_an_explanation_is_refused(
    client: Client, workload: Workload, surveyor: Staff
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client.force_login(surveyor.account)

    response = post(
        client,
        "work_item_clock_stop_request",
        item,
        {"clock_stop-reason": ClockStopReason.CUSTOMER_REQUEST, "clock_stop-explanation": " "},
    )

    assert response.status_code == 400
    assert "Explain the clock stop (at most 2,000 characters)." in response.content.decode()
    assert Snapshot.of(application) == before


def test_customer_stages_offer_no_clock_stop(
    client: Client, crew: Crew, at_customer_construction: Application
) -> None:
    item = open_item(at_customer_construction, Stage.CUSTOMER_CONSTRUCTION)
    client.force_login(crew[Role.ACCOUNT_MANAGER].account)

    page = client.get(page_url(item), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Complete this stage" in page
    assert "Request a clock stop" not in page


# Who may see and work the item

ACTIONS = {
    "work_item_complete": SURVEY,
    "work_item_clock_stop_request": {
        "clock_stop-reason": ClockStopReason.CUSTOMER_REQUEST,
        "clock_stop-explanation": "客户要求暂缓",
    },
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_staff_of_another_unit_get_404_and_change_nothing(
    client: Client, organisation: OrganisationTree, workload: Workload, action: str
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client.force_login(persona_for(Role.SURVEYOR, organisation.county_west).account)

    assert client.get(page_url(item)).status_code == 404
    assert post(client, action, item, ACTIONS[action]).status_code == 404
    assert Snapshot.of(application) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_customers_get_403_and_change_nothing(
    client: Client, factory_owner: Customer, workload: Workload, action: str
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client.force_login(factory_owner.account)

    assert client.get(page_url(item)).status_code == 403
    assert post(client, action, item, ACTIONS[action]).status_code == 403
    assert Snapshot.of(application) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_staff_without_the_role_see_no_form_and_their_post_is_refused(
    client: Client, crew: Crew, workload: Workload, action: str
) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client.force_login(crew[Role.METERING_TECHNICIAN].account)

    page = client.get(page_url(item), HTTP_ACCEPT_LANGUAGE="en")
    response = post(client, action, item, ACTIONS[action])

    assert page.status_code == 200
    assert "Complete this stage" not in page.content.decode()
    assert "only staff holding the stage&#x27;s role" in page.content.decode()
    assert response.status_code == 403
    assert "You do not hold the role this stage needs for this unit." in response.content.decode()
    assert Snapshot.of(application) == before


def test_a_return_without_the_role_is_refused(client: Client, crew: Crew, workload: Workload) -> None:
    application = workload.east_survey
    complete_through_services(crew, application, Stage.SITE_SURVEY)
    drafting = open_item(application, Stage.SUPPLY_SCHEME_DRAFTING)
    before = Snapshot.of(application)
    client.force_login(crew[Role.SURVEYOR].account)

    response = post(
        client, "work_item_return", drafting, {"return-to_stage": "site_survey", "return-reason": "不对"}
    )

    assert response.status_code == 403
    assert Snapshot.of(application) == before


def test_posts_need_the_csrf_token(workload: Workload, surveyor: Staff) -> None:
    application = workload.east_survey
    item = workload.item(application)
    before = Snapshot.of(application)
    client = Client(enforce_csrf_checks=True)
    client.force_login(surveyor.account)

    response = post(client, "work_item_complete", item, SURVEY)

    assert response.status_code == 403
    assert Snapshot.of(application) == before


def test_the_page_answers_get_only(client: Client, workload: Workload, surveyor: Staff) -> None:
    item = workload.item(workload.east_survey)
    client.force_login(surveyor.account)

    assert client.post(page_url(item), SURVEY).status_code == 405
    assert client.get(reverse("workbench:work_item_complete", args=[item.pk])).status_code == 405
