"""The log-in, registration and password-reset pages under abuse, in the users' language: the log-in
lockout (django-axes) and the text-message limits answer 429 with a translated page, wrong codes run out,
a reset does not tell whether a number is registered, and every POST anywhere needs the CSRF token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import OrganisationTree, persona_for
from tests.portal.conftest import KNOWN_CODE
from tests.web.conftest import logged_in_account_id
from tests.workflow.database_state import database_state
from yekuo.accounts.models import User
from yekuo.core import clock
from yekuo.customers.factories import person_customer
from yekuo.customers.models import VerificationCode
from yekuo.customers.verification import CODES_PER_HOUR, MAXIMUM_ATTEMPTS, code_digest
from yekuo.org.factories import DEFAULT_TEST_PASSWORD
from yekuo.org.roles import Role

MOBILE = "13912345678"
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans", "REMOTE_ADDR": "10.9.8.7"}


def chinese(message: str) -> str:
    with translation.override("zh-hans"):
        translated = gettext(message)
    assert translated != message, f"no Chinese for {message!r}"
    return translated


@pytest.mark.parametrize("login", ["workbench:login", "portal:login"])
def test_the_lockout_page_is_in_chinese(client: Client, organisation: OrganisationTree, login: str) -> None:
    staff = persona_for(Role.INTAKE_CLERK, organisation.county_east)
    customer = person_customer(service_unit=organisation.station_east)
    username = staff.account.username if login == "workbench:login" else customer.account.username
    for _attempt in range(5):
        client.post(reverse(login), {"username": username, "password": "wrong-password"}, **CHINESE)

    response = client.post(
        reverse(login), {"username": username, "password": DEFAULT_TEST_PASSWORD}, **CHINESE
    )

    assert response.status_code == 429
    page = response.content.decode()
    assert chinese("Too many failed log-ins") in page
    assert "Too many failed log-ins" not in page
    assert logged_in_account_id(client) is None


@pytest.mark.parametrize("page", ["portal:register", "portal:password_reset"])
def test_a_second_code_within_the_minute_is_refused_in_chinese(client: Client, db: None, page: str) -> None:
    assert client.post(reverse(page), {"mobile_number": MOBILE}, **CHINESE).status_code == 302

    again = client.post(reverse(page), {"mobile_number": MOBILE}, **CHINESE)

    assert again.status_code == 429
    assert chinese("A code was sent less than a minute ago. Please wait before asking for another.") in (
        again.content.decode()
    )
    assert VerificationCode.objects.count() == 1


def test_the_hourly_limit_of_codes_is_refused_in_chinese(client: Client, db: None) -> None:
    now = clock.now()
    for minutes in range(CODES_PER_HOUR):
        VerificationCode.objects.create(
            mobile_number=MOBILE,
            purpose="registration",
            code_digest="x",
            created_at=now - timedelta(minutes=50 - minutes * 5),
            expires_at=now,
        )

    response = client.post(reverse("portal:register"), {"mobile_number": MOBILE}, **CHINESE)

    assert response.status_code == 429
    assert chinese("Too many codes were requested for this number. Please try again in an hour.") in (
        response.content.decode()
    )
    assert VerificationCode.objects.count() == CODES_PER_HOUR


def test_wrong_codes_run_out_and_then_even_the_right_code_is_refused(
    client: Client, organisation: OrganisationTree
) -> None:
    assert client.post(reverse("portal:register"), {"mobile_number": MOBILE}, **CHINESE).status_code == 302
    details = {
        "code": "000000",
        "party_kind": "person",
        "name": "王用电",
        "identity_document_type": "resident_identity_card",
        "identity_number": "11010519491231002X",
        "address": "南京市江宁区",
        "service_unit": organisation.station_east.pk,
        "password": "a-long-Passw0rd",
        "password_again": "a-long-Passw0rd",
    }
    for _attempt in range(MAXIMUM_ATTEMPTS):
        wrong = client.post(reverse("portal:register_details"), details, **CHINESE)
        assert wrong.status_code == 400
        assert chinese("The verification code is wrong.") in wrong.content.decode()

    last = client.post(reverse("portal:register_details"), details | {"code": KNOWN_CODE}, **CHINESE)

    assert last.status_code == 400
    assert chinese("Too many wrong codes. Ask for a new one.") in last.content.decode()
    assert not User.objects.filter(username=MOBILE).exists()
    assert VerificationCode.objects.get().code_digest == code_digest(
        mobile_number=MOBILE, purpose="registration", code=KNOWN_CODE
    )


def test_a_reset_answers_alike_for_registered_and_unknown_numbers(
    client: Client, organisation: OrganisationTree
) -> None:
    registered = person_customer(service_unit=organisation.station_east).account.username

    known = client.post(reverse("portal:password_reset"), {"mobile_number": registered}, **CHINESE)
    unknown = Client().post(reverse("portal:password_reset"), {"mobile_number": MOBILE}, **CHINESE)

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def every_pattern(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += every_pattern(entry, namespace)
        elif entry.name:
            found.append((f"{prefix}{entry.name}", entry))
    return found


ADDRESSES = [
    (name, pattern)
    for name, pattern in every_pattern()
    if name.split(":")[0] in {"workbench", "portal", "web"} or name in {"set_language", "admin:login"}
]


def test_the_csrf_sweep_covers_the_account_pages() -> None:
    names = {name for name, _pattern in ADDRESSES}
    assert {
        "workbench:login",
        "portal:login",
        "portal:register",
        "portal:password_reset",
        "web:logout",
    } <= names
    assert "set_language" in names


@pytest.mark.parametrize(("name", "pattern"), ADDRESSES, ids=[name for name, _ in ADDRESSES])
def test_a_post_without_the_csrf_token_is_refused_everywhere(
    organisation: OrganisationTree, name: str, pattern: URLPattern
) -> None:
    url = reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, 1))
    people = [
        None,
        persona_for(Role.UNIT_HEAD, organisation.county_east).account,
        person_customer(service_unit=organisation.station_east).account,
    ]
    before = database_state()

    for person in people:
        client = Client(enforce_csrf_checks=True)
        if person is not None:
            client.force_login(person)
        response = client.post(url, {"mobile_number": MOBILE, "username": "x", "language": "en"}, **CHINESE)
        assert response.status_code == 403, (name, person, response.status_code)
        assert database_state() == before
    assert not VerificationCode.objects.exists()
