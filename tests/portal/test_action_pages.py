"""The applicant answers the scheme, chooses firms, requests the inspection and signs the contract from the
application page; every answer goes through the workflow and is shown back as a message."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.workflow.conftest import Crew
from tests.workflow.journeys import open_item
from tests.workflow.test_customer_actions import drive_staff_stages, dual_supply, firms
from yekuo.applications.contract_text import CONTRACT_TEXT_VERSION
from yekuo.applications.customer_records import ContractSignature, RegisteredFirm, SchemeResponse
from yekuo.applications.factories import draft_application
from yekuo.applications.models import Application
from yekuo.applications.records import CustomerMilestone
from yekuo.customers.factories import enterprise_customer
from yekuo.workflow.models import WorkItem, WorkItemStatus
from yekuo.workflow.stages import Stage

__all__ = ["dual_supply", "firms"]


def test_the_applicant_works_their_stages_from_the_page(
    client: Client, crew: Crew, dual_supply: Application, firms: dict[str, RegisteredFirm]
) -> None:
    client.force_login(dual_supply.customer.account)
    page_url = reverse("portal:application", args=[dual_supply.pk])
    page = client.get(page_url).content.decode()
    assert "What we need from you" in page
    assert "150000" not in page  # the fees of this scheme
    assert firms["design"].name in page
    assert firms["design_expired"].name not in page
    assert "recommends no firm" in page

    question = client.post(
        reverse("portal:scheme_answer", args=[dual_supply.pk]),
        {"answer": "queried", "message": ""},
        follow=True,
    )
    assert "Write your message" in question.content.decode()
    assert not SchemeResponse.objects.exists()
    client.post(reverse("portal:scheme_answer", args=[dual_supply.pk]), {"answer": "confirmed"})
    assert SchemeResponse.objects.get().answer == "confirmed"

    design = open_item(dual_supply, Stage.CUSTOMER_DESIGN)
    refused = client.post(
        reverse("portal:stage_done", args=[dual_supply.pk]),
        {"work_item": design.pk, "firm": firms["design_expired"].pk},
        follow=True,
    )
    assert "expired licence" in refused.content.decode()
    client.post(
        reverse("portal:stage_done", args=[dual_supply.pk]),
        {"work_item": design.pk, "firm": firms["design"].pk, "note": "<script>x</script>"},
    )
    assert WorkItem.objects.get(pk=design.pk).status == WorkItemStatus.COMPLETED
    assert CustomerMilestone.objects.get().note == "<script>x</script>"

    drive_staff_stages(crew, dual_supply)
    construction = open_item(dual_supply, Stage.CUSTOMER_CONSTRUCTION)
    client.post(
        reverse("portal:stage_done", args=[dual_supply.pk]),
        {"work_item": construction.pk, "firm": firms["construction"].pk},
    )
    drive_staff_stages(crew, dual_supply)
    completion = open_item(dual_supply, Stage.CUSTOMER_COMPLETION)
    assert "Request the inspection" in client.get(page_url).content.decode()
    client.post(reverse("portal:stage_done", args=[dual_supply.pk]), {"work_item": completion.pk})
    drive_staff_stages(crew, dual_supply)

    contract = open_item(dual_supply, Stage.SUPPLY_CONTRACT)
    page = client.get(page_url).content.decode()
    assert CONTRACT_TEXT_VERSION in page
    unticked = client.post(
        reverse("portal:contract", args=[dual_supply.pk]),
        {"work_item": contract.pk, "text_version": CONTRACT_TEXT_VERSION},
        follow=True,
    )
    assert "Tick the box" in unticked.content.decode()
    client.post(
        reverse("portal:contract", args=[dual_supply.pk]),
        {"work_item": contract.pk, "text_version": CONTRACT_TEXT_VERSION, "agree": "yes"},
    )
    assert ContractSignature.objects.get().signed_by == dual_supply.customer.account


def test_another_customer_cannot_complete_the_applicants_item_through_their_own_application(
    client: Client, crew: Crew, dual_supply: Application, firms: dict[str, RegisteredFirm]
) -> None:
    design = open_item(dual_supply, Stage.CUSTOMER_DESIGN)
    stranger = enterprise_customer(service_unit=dual_supply.supply_station)
    own = draft_application(actor=stranger.account, customer=stranger)
    client.force_login(stranger.account)

    response = client.post(
        reverse("portal:stage_done", args=[own.pk]), {"work_item": design.pk, "firm": firms["design"].pk}
    )

    assert response.status_code == 404
    assert WorkItem.objects.get(pk=design.pk).status == WorkItemStatus.OPEN
    assert not CustomerMilestone.objects.exists()
