"""The register of firms customers choose from is kept in the admin."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from tests.org.conftest import plain_static_files
from yekuo.accounts.models import AccountKind, User
from yekuo.applications.customer_records import FirmKind, RegisteredFirm

__all__ = ["plain_static_files"]


def test_a_superuser_adds_a_firm_and_sees_it_listed(client: Client, db: None) -> None:
    admin = User.objects.create_superuser("site.admin", "pw-long-enough-2026", display_name="管理员")
    assert admin.kind == AccountKind.STAFF
    client.force_login(admin)

    response = client.post(
        reverse("admin:applications_registeredfirm_add"),
        {
            "name": "南京电力设计有限公司",
            "kind": FirmKind.DESIGN,
            "licence_number": "A-1",
            "licence_level": "乙级",
            "licence_valid_until": "2028-12-31",
            "phone": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    firm = RegisteredFirm.objects.get()
    assert firm.licence_valid_until == date(2028, 12, 31)
    listing = client.get(reverse("admin:applications_registeredfirm_changelist")).content.decode()
    assert "南京电力设计有限公司" in listing
