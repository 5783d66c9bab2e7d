"""The workflow and the applications in the admin: every page renders, staff see only their subtree, the
rule sets are the one thing administrators correct (leaving an event), and nothing else changes there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.org.admin_clients import client_for
from tests.org.conftest import plain_static_files
from tests.workflow.conftest import Crew
from tests.workflow.journeys import passing_outcome
from yekuo.accounts.models import User
from yekuo.applications import records
from yekuo.applications.choices import ApplicationStatus, Category
from yekuo.applications.customer_records import RegisteredFirm
from yekuo.applications.factories import draft_application, supply_all_documents
from yekuo.applications.models import Application
from yekuo.applications.outcomes import (
    Defect,
    FeeItem,
    InspectionOutcome,
    StageOutcome,
    SupplySchemeDraftOutcome,
)
from yekuo.customers.factories import enterprise_customer
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.org.models import Staff
from yekuo.org.roles import Role
from yekuo.workflow import models, services
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.stages import Stage

# Autouse fixtures of the organisation tests: admin pages without collectstatic, quick password hashing.
__all__ = ["plain_static_files"]

ADMIN_MODELS: tuple[type[Model], ...] = (
    Application, records.SiteSurvey, records.SupplyScheme, records.Inspection, records.CustomerMilestone,
    records.SupplyContractRecord, records.GridWorksRecord, records.MeteringRecord, records.EnergisationRecord,
    records.ArchiveRecord, records.ReturnVisitRecord, models.ProcessDefinition, models.RuleSet,
    models.WorkItem, models.ClockStop,
)  # fmt: skip
# Master data kept in the admin, tested with its own add form (tests/applications/test_firm_admin.py).
MASTER_DATA_ADMIN_MODELS: tuple[type[Model], ...] = (RegisteredFirm,)
RUNNING = (models.WorkItemStatus.OPEN, models.WorkItemStatus.CLAIMED)


def admin_url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def outcome_for(item: models.WorkItem) -> StageOutcome:
    """Every stage passes, except that the first completion inspection finds two defects."""
    if item.stage == Stage.SUPPLY_SCHEME_DRAFTING:
        return SupplySchemeDraftOutcome(
            connection_point="10kV 东山线 #12 杆", supply_voltage="10kV", circuit_count=1,
            supply_capacity_kva=Decimal(800), metering_method="高供高计",
            fee_items=(FeeItem("高可靠性供电费", Decimal("12000.00"), "发改价格〔2003〕2279号"),),
        )  # fmt: skip
    failed_before = records.Inspection.objects.filter(application=item.application, result="failed").exists()
    if item.stage == Stage.COMPLETION_INSPECTION and not failed_before:
        defects = (Defect("接地电阻超标", "配电室"), Defect("电缆沟未封堵", "进线处"))
        return InspectionOutcome(inspected_on=date(2026, 3, 2), passed=False, defects=defects)
    return passing_outcome(item.stage)


def work_until_stuck(crew: Crew, application: Application) -> None:
    while (
        item := models.WorkItem.objects.filter(application=application, status__in=RUNNING)
        .order_by("pk")
        .first()
    ):
        actor = crew[Role(item.candidate_role)].account
        if item.stage == Stage.ACCEPTANCE:
            services.application_accept(actor=actor, work_item_id=item.pk)
        else:
            services.work_item_complete(actor=actor, work_item_id=item.pk, outcome=outcome_for(item))


@pytest.fixture
def connected_factory(crew: Crew, factory_owner: Customer) -> Application:
    """An important high-voltage customer at the eastern station, connected after one failed inspection."""
    clerk = crew[Role.INTAKE_CLERK].account
    application = draft_application(
        actor=clerk,
        customer=factory_owner,
        category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY,
        is_important_customer=True,
    )
    services.application_submit(actor=clerk, application_id=application.pk)
    supply_all_documents(application, received_by=clerk)
    work_until_stuck(crew, application)
    inspection = models.WorkItem.objects.get(application=application, status=models.WorkItemStatus.SUSPENDED)
    services.work_item_resume(actor=crew[Role.INSPECTOR].account, work_item_id=inspection.pk)
    work_until_stuck(crew, application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    return application


@pytest.fixture
def western_application(organisation: OrganisationTree) -> Application:
    """A submitted application at the western station, waiting for acceptance."""
    customer = enterprise_customer(service_unit=organisation.station_west)
    application = draft_application(actor=customer.account, customer=customer)
    services.application_submit(actor=customer.account, application_id=application.pk)
    application.refresh_from_db()
    return application


@pytest.fixture
def superuser_client(db: None) -> Client:
    return client_for(
        User.objects.create_superuser("root.admin", "correct-horse-battery-staple", display_name="根")
    )


def administrator_with_view_permissions(unit: Any, suffix: str) -> Staff:
    """An administrator at `unit` who may view applications and the workflow (the role alone does not)."""
    staff = persona_for(Role.ADMINISTRATOR, unit, suffix=suffix)
    staff.account.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["applications", "workflow"], codename__startswith="view_"
        )
    )
    return staff


def test_the_list_of_admin_pages_covers_every_registered_model() -> None:
    registered = {
        model for model in admin.site._registry if model._meta.app_label in {"applications", "workflow"}
    }
    assert registered == set(ADMIN_MODELS) | set(MASTER_DATA_ADMIN_MODELS)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=[model.__name__ for model in ADMIN_MODELS])
def test_every_page_renders_for_a_superuser(
    superuser_client: Client, connected_factory: Application, model: type[Model]
) -> None:
    changelist = superuser_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200

    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"the journey should leave a {model.__name__}"
    detail = superuser_client.get(admin_url(model, "change", instance.pk))
    assert detail.status_code == 200


def test_the_application_page_shows_its_work_items_clock_stops_documents_and_notices(
    superuser_client: Client, connected_factory: Application
) -> None:
    response = superuser_client.get(admin_url(Application, "change", connected_factory.pk))

    inline_models = {formset.opts.model for formset in response.context["inline_admin_formsets"]}
    assert inline_models == {
        models.ApplicationProcess, records.Notice, models.WorkItem, models.ClockStop,
        type(connected_factory.documents.first()),
    }  # fmt: skip
    assert "接地电阻超标" in response.text  # the defects notice
    assert str(connected_factory.number) in response.text
    assert 'name="status"' not in response.text  # shown, never editable


def test_a_county_administrator_sees_only_the_countys_applications_and_work_items(
    organisation: OrganisationTree, connected_factory: Application, western_application: Application
) -> None:
    client = client_for(administrator_with_view_permissions(organisation.county_east, ".east").account)

    applications = client.get(admin_url(Application, "changelist"))
    work_items = client.get(admin_url(models.WorkItem, "changelist"))
    outside = client.get(admin_url(Application, "change", western_application.pk))

    assert list(applications.context["cl"].result_list) == [connected_factory]
    assert {item.application_id for item in work_items.context["cl"].result_list} == {connected_factory.pk}
    assert outside.status_code == 302  # the admin treats it as missing
    assert client.get(admin_url(Application, "change", connected_factory.pk)).status_code == 200


def test_the_western_county_administrator_sees_nothing_of_the_east(
    organisation: OrganisationTree, connected_factory: Application, western_application: Application
) -> None:
    client = client_for(administrator_with_view_permissions(organisation.county_west, ".west").account)

    for model in (Application, models.WorkItem, models.ClockStop, records.SupplyScheme, records.Inspection):
        listed = list(client.get(admin_url(model, "changelist")).context["cl"].result_list)
        assert connected_factory.pk not in {getattr(row, "application_id", row.pk) for row in listed}, model


def test_work_items_cannot_be_changed_in_the_admin(
    superuser_client: Client, connected_factory: Application
) -> None:
    item = models.WorkItem.objects.filter(application=connected_factory).first()
    assert item is not None

    response = superuser_client.post(admin_url(models.WorkItem, "change", item.pk), {"status": "open"})

    assert response.status_code == 403
    item_after = models.WorkItem.objects.get(pk=item.pk)
    assert item_after.status == item.status


def form_data(response: Any) -> dict[str, Any]:
    """The change form as the browser would post it unchanged: main form, inline forms, management forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data: dict[str, Any] = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is True:
                data[bound.html_name] = "on"
            elif value not in (None, False):
                data[bound.html_name] = value.pk if isinstance(value, Model) else value
    return data


def limit_row(data: dict[str, Any], limit: models.TimeLimit) -> str:
    """The form prefix of a time limit in the posted data (limits-0, limits-1, ...)."""
    return next(
        key.removesuffix("-id") for key, value in data.items() if key.endswith("-id") and value == limit.pk
    )


def test_a_superuser_corrects_a_time_limit_and_leaves_an_event(superuser_client: Client, db: None) -> None:
    # Given the shipped 2023 rule set: high-voltage single supply has 15 working days for the scheme reply
    rule_set = models.RuleSet.objects.get(code="state_grid_2023")
    limit = rule_set.limits.get(clock="supply_scheme_reply", category=Category.HIGH_VOLTAGE_SINGLE_SUPPLY)
    url = admin_url(models.RuleSet, "change", rule_set.pk)
    data = form_data(superuser_client.get(url))

    # When an administrator corrects it to 12 and the warning threshold to 75 %
    data[f"{limit_row(data, limit)}-working_days"] = 12
    data["warning_threshold_percent"] = 75
    response = superuser_client.post(url, data)

    # Then both are saved and one event records the old and the new figures
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    limit.refresh_from_db()
    rule_set.refresh_from_db()
    assert (limit.working_days, rule_set.warning_threshold_percent) == (12, 75)
    event = Event.objects.get(kind=WorkflowEvent.RULE_SET_CORRECTED, subject_id=rule_set.pk)
    assert event.old_values == {
        "warning_threshold_percent": 80,
        f"timelimit:{limit.pk}": {"working_days": 15},
    }
    assert event.new_values == {
        "warning_threshold_percent": 75,
        f"timelimit:{limit.pk}": {"working_days": 12},
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("warning_threshold_percent", 150, id="threshold-above-100"),
        pytest.param("effective_until", "2022-12-31", id="ends-before-it-starts"),
    ],
)
def test_an_impossible_correction_is_refused(
    superuser_client: Client, db: None, field: str, value: Any
) -> None:
    rule_set = models.RuleSet.objects.get(code="state_grid_2023")
    url = admin_url(models.RuleSet, "change", rule_set.pk)
    before = models.RuleSet.objects.values().get(pk=rule_set.pk)

    response = superuser_client.post(url, form_data(superuser_client.get(url)) | {field: value})

    assert field in response.context["adminform"].form.errors
    assert models.RuleSet.objects.values().get(pk=rule_set.pk) == before
    assert not Event.objects.filter(kind=WorkflowEvent.RULE_SET_CORRECTED).exists()


def test_only_an_administrator_of_the_whole_organisation_may_correct_rule_sets(
    organisation: OrganisationTree, superuser_client: Client
) -> None:
    rule_set = models.RuleSet.objects.get(code="state_grid_2023")
    url = admin_url(models.RuleSet, "change", rule_set.pk)
    data = form_data(superuser_client.get(url)) | {"warning_threshold_percent": 50}
    clients = {}
    for name, unit in (("county", organisation.county_east), ("province", organisation.province)):
        staff = administrator_with_view_permissions(unit, f".{name}")
        staff.account.user_permissions.add(Permission.objects.get(codename="change_ruleset"))
        clients[name] = client_for(staff.account)

    assert clients["county"].post(url, data).status_code == 403
    assert models.RuleSet.objects.get(pk=rule_set.pk).warning_threshold_percent == 80
    assert clients["province"].post(url, data).status_code == 302
    assert models.RuleSet.objects.get(pk=rule_set.pk).warning_threshold_percent == 50
