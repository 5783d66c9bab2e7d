"""Registering in the portal: the number gets a code, the details page creates the account and logs in."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import OrganisationTree
from tests.portal.conftest import KNOWN_CODE
from tests.web.conftest import logged_in_account_id
from yekuo.customers.models import Customer

MOBILE = "13912345678"
PERSON_ID = "11010519491231002X"


def details(organisation: OrganisationTree, **overrides: Any) -> dict[str, Any]:
    fields = {
        "code": KNOWN_CODE,
        "party_kind": "person",
        "name": "张三",
        "identity_document_type": "resident_identity_card",
        "identity_number": PERSON_ID,
        "address": "南京市江宁区东山街道竹山路18号",
        "service_unit": organisation.station_east.pk,
        "password": "Yekuo-register-2026",
        "password_again": "Yekuo-register-2026",
    }
    return fields | overrides


def ask_for_code(client: Client) -> None:
    response = client.post(reverse("portal:register"), {"mobile_number": MOBILE})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:register_details")


def test_a_customer_registers_and_is_logged_in(client: Client, organisation: OrganisationTree) -> None:
    ask_for_code(client)
    page = client.get(reverse("portal:register_details")).content.decode()
    assert "139****5678" in page
    assert organisation.station_east.name in page

    response = client.post(reverse("portal:register_details"), details(organisation))

    assert response.status_code == 302
    customer = Customer.objects.get(mobile_number=MOBILE)
    assert logged_in_account_id(client) == customer.account_id


def test_a_wrong_code_shows_a_clear_error_and_creates_nothing(
    client: Client, organisation: OrganisationTree
) -> None:
    ask_for_code(client)

    response = client.post(reverse("portal:register_details"), details(organisation, code="111111"))

    assert response.status_code == 400
    assert "The verification code is wrong." in response.content.decode()
    assert not Customer.objects.exists()
    assert logged_in_account_id(client) is None


def test_markup_in_the_name_is_escaped_on_the_page(client: Client, organisation: OrganisationTree) -> None:
    ask_for_code(client)
    client.post(reverse("portal:register_details"), details(organisation, name="<b>x</b><script>y</script>"))

    page = client.get(reverse("portal:home")).content.decode()

    assert "&lt;script&gt;y&lt;/script&gt;" in page
    assert "<script>y</script>" not in page


def test_details_without_a_code_request_go_back_to_the_first_step(client: Client, db: None) -> None:
    response = client.get(reverse("portal:register_details"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:register")


def test_a_bad_number_and_a_quick_second_request_are_refused(client: Client, db: None) -> None:
    bad = client.post(reverse("portal:register"), {"mobile_number": "12345"})
    assert bad.status_code == 400
    ask_for_code(client)
    again = client.post(reverse("portal:register"), {"mobile_number": MOBILE})
    assert again.status_code == 429
    assert "less than a minute ago" in again.content.decode()


def test_a_forgotten_password_is_reset_by_text(client: Client, household: Customer) -> None:
    client.post(reverse("portal:password_reset"), {"mobile_number": household.mobile_number})
    response = client.post(
        reverse("portal:password_reset_details"),
        {"code": KNOWN_CODE, "password": "Brand-new-2026", "password_again": "Brand-new-2026"},
    )

    assert response.status_code == 302
    household.account.refresh_from_db()
    assert household.account.check_password("Brand-new-2026")
