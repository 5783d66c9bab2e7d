"""Who hears about a work item: its assignee or the staff who may claim it, the responsible head above
it (督办), and the administrators. Lookups are cached for one sweep, since one station's items share them."""

from __future__ import annotations

import re

from django.db.models import F

from yekuo.accounts.models import AccountKind, User
from yekuo.customers.models import Customer
from yekuo.notifications.channels import MOBILE_NUMBER
from yekuo.org.models import Staff, Unit
from yekuo.org.roles import Role
from yekuo.workflow.models import WorkItem

PHONE_SEPARATORS = re.compile(r"[\s\-()]")


def ancestor_paths(path: str) -> list[str]:
    """The unit's own path and those of every unit above it, nearest first (treebeard's materialised path)."""
    step = Unit.steplen
    return [path[:length] for length in range(len(path), 0, -step)]


class Recipients:
    """Cached answers for one sweep; build a new one per sweep so changes to the organisation count."""

    def __init__(self) -> None:
        self._candidates: dict[tuple[str, int], list[User]] = {}
        self._heads: dict[int, tuple[Unit, Staff] | None] = {}

    def candidates(self, *, role: str, unit: Unit) -> list[User]:
        """Active staff holding `role` at the unit or above it: the people who may claim the item."""
        key = (role, unit.pk)
        if key not in self._candidates:
            self._candidates[key] = list(
                User.objects.filter(
                    is_active=True,
                    kind=AccountKind.STAFF,
                    staff__role_assignments__role=role,
                    staff__role_assignments__unit__path__in=ancestor_paths(unit.path),
                )
                .distinct()
                .order_by("pk")
            )
        return self._candidates[key]

    def for_work_item(self, item: WorkItem) -> list[User]:
        """The assignee; when nobody (active) is assigned, everyone who may claim the item."""
        if item.assignee is not None and item.assignee.account.is_active:
            return [item.assignee.account]
        return self.candidates(role=item.candidate_role, unit=item.candidate_unit)

    def responsible_head(self, unit: Unit) -> tuple[Unit, Staff] | None:
        """The nearest unit at or above `unit` with an active responsible head (负责人), and that head."""
        if unit.pk not in self._heads:
            headed = (
                Unit.objects.filter(
                    path__in=ancestor_paths(unit.path),
                    responsible_head__isnull=False,
                    responsible_head__account__is_active=True,
                    responsible_head__home_unit__path__startswith=F("path"),  # as org.access
                )
                .select_related("responsible_head__account")
                .order_by("-depth")
                .first()
            )
            head = headed.responsible_head if headed is not None else None
            self._heads[unit.pk] = (headed, head) if headed is not None and head is not None else None
        return self._heads[unit.pk]


def administrators() -> list[User]:
    """Every active account holding the administrator role anywhere."""
    return list(
        User.objects.filter(
            is_active=True, kind=AccountKind.STAFF, staff__role_assignments__role=Role.ADMINISTRATOR
        )
        .distinct()
        .order_by("pk")
    )


def recipient_mobile(user: User) -> str:
    """The mobile number an SMS goes to: the customer's registered number, or a staff member's phone
    when it is a mobile number. Empty when there is none (the delivery then fails with that reason)."""
    if user.kind == AccountKind.CUSTOMER:
        number = Customer.objects.filter(account=user).values_list("mobile_number", flat=True).first()
        number = number or user.username
    else:
        number = Staff.objects.filter(account=user).values_list("office_phone", flat=True).first() or ""
    number = PHONE_SEPARATORS.sub("", number)
    return number if MOBILE_NUMBER.fullmatch(number) else ""
