"""After a failed inspection the customer tells the utility in the portal that the defects are rectified:
a note and an optional photo or PDF, recorded as an event and told to the inspector. The clock stays stopped;
staff see the report on the work item and application pages and still resume and re-inspect."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.applications.sample_files import EXECUTABLE, png_bytes, upload
from tests.workbench.test_work_item_page import at_completion_inspection, at_customer_construction, page_url
from tests.workbench.test_work_item_resume import rectifying
from tests.workflow.conftest import Crew
from yekuo.applications.models import Application
from yekuo.customers.models import Customer
from yekuo.events.models import Event
from yekuo.notifications.models import Notification
from yekuo.org.roles import Role
from yekuo.workflow.errors import TransitionNotAllowed
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStop, ClockStopEvidence, ClockStopStatus, WorkItem, WorkItemStatus
from yekuo.workflow.services.customer import rectification_declare

__all__ = ["at_completion_inspection", "at_customer_construction", "rectifying"]


def declare_url(application_id: int) -> str:
    return reverse("portal:rectification_done", args=[application_id])


def detail_url(application_id: int) -> str:
    return reverse("portal:application", args=[application_id])


def active_stop(item: WorkItem) -> ClockStop:
    return ClockStop.objects.get(work_item=item, status=ClockStopStatus.ACTIVE)


def test_the_customer_reports_the_defects_rectified_with_a_photo(
    client: Client, crew: Crew, rectifying: WorkItem
) -> None:
    customer = Application.objects.get(pk=rectifying.application_id).customer.account
    client.force_login(customer)
    page = client.get(detail_url(rectifying.application_id)).content.decode()
    assert declare_url(rectifying.application_id) in page

    response = client.post(
        declare_url(rectifying.application_id),
        {"note": "接地已重做，电缆沟已封堵", "file": upload("site.png", png_bytes(), "image/png")},
    )

    assert response.status_code == 302
    stop = active_stop(rectifying)
    assert stop.rectification_declared_by_id == customer.pk
    assert stop.rectification_note == "接地已重做，电缆沟已封堵"
    assert [evidence.original_name for evidence in stop.evidence_files.all()] == ["site.png"]
    rectifying.refresh_from_db()
    assert rectifying.status == WorkItemStatus.SUSPENDED  # staff resume and re-inspect
    event = Event.objects.get(
        application_id=rectifying.application_id, kind=WorkflowEvent.RECTIFICATION_DECLARED
    )
    assert event.work_item_id == rectifying.pk
    assert event.new_values["note"] == "接地已重做，电缆沟已封堵"
    notice = Notification.objects.get(recipient=crew[Role.INSPECTOR].account, kind="rectification_declared")
    assert notice.work_item_id == rectifying.pk
    followed = client.get(response.url).content.decode()
    assert "You reported the defects rectified on" in followed
    assert declare_url(rectifying.application_id) not in followed


def test_staff_see_the_report_on_the_work_item_and_in_the_history(
    client: Client, crew: Crew, rectifying: WorkItem
) -> None:
    customer = Application.objects.get(pk=rectifying.application_id).customer.account
    rectification_declare(actor=customer, application_id=rectifying.application_id, note="已整改完毕")
    client.force_login(crew[Role.INSPECTOR].account)

    work_item_page = client.get(page_url(rectifying)).content.decode()
    detail = client.get(reverse("workbench:application_detail", args=[rectifying.application_id]))

    assert "The customer reported the defects rectified on" in work_item_page
    assert "已整改完毕" in work_item_page
    assert "Resume the clock" in work_item_page
    assert "Defects reported rectified by the customer" in detail.content.decode()


def test_a_second_report_on_the_same_stop_is_refused(crew: Crew, rectifying: WorkItem) -> None:
    customer = Application.objects.get(pk=rectifying.application_id).customer.account
    rectification_declare(actor=customer, application_id=rectifying.application_id)

    with pytest.raises(TransitionNotAllowed) as refused:
        rectification_declare(actor=customer, application_id=rectifying.application_id, note="again")

    assert refused.value.code == "rectification_declared"
    assert active_stop(rectifying).rectification_note == ""
    assert Event.objects.filter(kind=WorkflowEvent.RECTIFICATION_DECLARED).count() == 1


def test_nothing_to_report_while_no_inspection_waits(
    crew: Crew, at_completion_inspection: Application
) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        rectification_declare(
            actor=at_completion_inspection.customer.account, application_id=at_completion_inspection.pk
        )

    assert refused.value.code == "not_waiting_for_rectification"
    assert not Event.objects.filter(kind=WorkflowEvent.RECTIFICATION_DECLARED).exists()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            {"note": "x", "file": upload("photo.png", EXECUTABLE, "image/png")}, id="disguised-file"
        ),
        pytest.param({"note": "x" * 2_001}, id="note-too-long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(
    client: Client, crew: Crew, rectifying: WorkItem, data: dict[str, object]
) -> None:
    client.force_login(Application.objects.get(pk=rectifying.application_id).customer.account)

    response = client.post(declare_url(rectifying.application_id), data)

    assert response.status_code == 302
    assert active_stop(rectifying).rectification_declared_at is None
    assert not ClockStopEvidence.objects.exists()
    assert not Event.objects.filter(kind=WorkflowEvent.RECTIFICATION_DECLARED).exists()
    assert not Notification.objects.filter(kind="rectification_declared").exists()


def test_another_customer_and_staff_cannot_report_it(
    client: Client, crew: Crew, rectifying: WorkItem, household: Customer
) -> None:
    client.force_login(household.account)
    assert client.post(declare_url(rectifying.application_id), {"note": "x"}).status_code == 404
    client.force_login(crew[Role.INSPECTOR].account)
    assert client.post(declare_url(rectifying.application_id), {"note": "x"}).status_code == 403

    assert active_stop(rectifying).rectification_declared_at is None
    assert not Event.objects.filter(kind=WorkflowEvent.RECTIFICATION_DECLARED).exists()
