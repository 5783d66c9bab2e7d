"""The staff inbox: unread first, opening marks read and leads to the work item or application, mark all
read, a count badge in the navigation; nobody reads or marks anybody else's messages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree, persona_for
from tests.workbench.conftest import Workload
from tests.workbench.test_unit_head_pages import page_of, post_and_follow
from tests.workflow.conftest import Crew, FrozenClock
from yekuo.accounts.models import User
from yekuo.customers.models import Customer
from yekuo.notifications.models import Notification
from yekuo.notifications.services import notify
from yekuo.org.roles import Role

INBOX = reverse("workbench:inbox")


def message(recipient: User, title: str, **ids: int | None) -> Notification:
    return notify(recipient=recipient, kind="work_item.overdue", title=title, body="", channels=[], **ids)


@pytest.fixture
def surveyor(crew: Crew) -> User:
    return crew[Role.SURVEYOR].account


@pytest.fixture
def messages_of_surveyor(
    surveyor: User, workload: Workload, test_clock: FrozenClock
) -> dict[str, Notification]:
    survey = workload.item(workload.east_survey)
    older = message(surveyor, "旧的已读消息", application_id=survey.application_id, work_item_id=survey.pk)
    older.read_at = test_clock.now
    older.save(update_fields=["read_at"])
    test_clock.set(test_clock.now + timedelta(hours=1))
    about_item = message(surveyor, "勘查超期", application_id=survey.application_id, work_item_id=survey.pk)
    test_clock.set(test_clock.now + timedelta(hours=1))
    about_application = message(
        surveyor, "申请<script>alert(1)</script>", application_id=survey.application_id
    )
    return {"read": older, "item": about_item, "application": about_application}


def listed_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'id="notification-(\d+)"', page)]


def test_unread_messages_come_first_newest_first_and_markup_is_escaped(
    client: Client, surveyor: User, messages_of_surveyor: dict[str, Notification]
) -> None:
    client.force_login(surveyor)

    page = page_of(client, INBOX)

    assert listed_ids(page) == [
        messages_of_surveyor["application"].pk,
        messages_of_surveyor["item"].pk,
        messages_of_surveyor["read"].pk,
    ]
    assert "申请&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "2 unread notifications" in page
    assert 'yekuo-unread-badge">2<' in page


def test_opening_marks_read_and_leads_to_the_work_item_or_the_application(
    client: Client, surveyor: User, messages_of_surveyor: dict[str, Notification]
) -> None:
    client.force_login(surveyor)
    item_message, application_message = messages_of_surveyor["item"], messages_of_surveyor["application"]

    to_item = client.post(reverse("workbench:inbox_open", args=[item_message.pk]))
    to_application = client.post(reverse("workbench:inbox_open", args=[application_message.pk]))

    assert to_item["Location"] == reverse("workbench:work_item", args=[item_message.work_item_id])
    assert to_application["Location"] == reverse(
        "workbench:application_detail", args=[application_message.application_id]
    )
    assert Notification.objects.filter(recipient=surveyor, read_at__isnull=True).count() == 0
    assert "yekuo-unread-badge" not in page_of(client, INBOX)


def test_mark_one_read_and_mark_all_read(
    client: Client, surveyor: User, messages_of_surveyor: dict[str, Notification]
) -> None:
    client.force_login(surveyor)

    client.post(reverse("workbench:inbox_mark_read", args=[messages_of_surveyor["item"].pk]))
    assert Notification.objects.filter(recipient=surveyor, read_at__isnull=True).count() == 1
    shown = post_and_follow(client, reverse("workbench:inbox_mark_all_read"))

    assert shown == [("success", "1 notification marked read.")]
    assert Notification.objects.filter(recipient=surveyor, read_at__isnull=True).count() == 0
    assert post_and_follow(client, reverse("workbench:inbox_mark_all_read")) == [
        ("info", "There was nothing unread.")
    ]


def test_the_badge_shows_on_every_workbench_page(
    client: Client, surveyor: User, messages_of_surveyor: dict[str, Notification]
) -> None:
    client.force_login(surveyor)

    assert 'yekuo-unread-badge">2<' in page_of(client, reverse("workbench:my_work"))


def test_nobody_opens_or_marks_someone_else_s_message(
    client: Client, organisation: OrganisationTree, messages_of_surveyor: dict[str, Notification]
) -> None:
    other = persona_for(Role.SURVEYOR, organisation.county_west, ".west").account
    client.force_login(other)
    target = messages_of_surveyor["item"]

    assert client.post(reverse("workbench:inbox_open", args=[target.pk])).status_code == 404
    assert client.post(reverse("workbench:inbox_mark_read", args=[target.pk])).status_code == 404
    client.post(reverse("workbench:inbox_mark_all_read"))
    assert target.pk not in listed_ids(page_of(client, INBOX))
    target.refresh_from_db()
    assert target.read_at is None


def test_customers_get_403_and_visitors_the_log_in_page(
    client: Client, household: Customer, messages_of_surveyor: dict[str, Notification]
) -> None:
    target = messages_of_surveyor["item"]
    anonymous = client.post(reverse("workbench:inbox_open", args=[target.pk]))
    assert anonymous["Location"].startswith(reverse("workbench:login"))

    client.force_login(household.account)
    assert client.get(INBOX).status_code == 403
    assert client.post(reverse("workbench:inbox_mark_read", args=[target.pk])).status_code == 403
    assert client.post(reverse("workbench:inbox_mark_all_read")).status_code == 403
    target.refresh_from_db()
    assert target.read_at is None


def test_a_get_never_marks_anything_read(
    client: Client, surveyor: User, messages_of_surveyor: dict[str, Notification]
) -> None:
    client.force_login(surveyor)

    response = client.get(reverse("workbench:inbox_open", args=[messages_of_surveyor["item"].pk]))

    assert response.status_code == 405
    assert Notification.objects.filter(recipient=surveyor, read_at__isnull=True).count() == 2


def test_an_empty_inbox_says_so(client: Client, surveyor: User) -> None:
    client.force_login(surveyor)

    assert "Your inbox is empty." in page_of(client, INBOX)
