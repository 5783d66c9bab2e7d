"""Changes to the organisation. Each function is one change, in one transaction, validated first."""

from __future__ import annotations

from typing import NoReturn

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind, User
from yekuo.accounts.validators import validate_staff_username
from yekuo.core.errors import Conflict, ValidationFailed
from yekuo.events.services import SYSTEM_CHAIN, record_event
from yekuo.org.models import LEVEL_RANK, RoleAssignment, Staff, Unit, validate_region_code
from yekuo.org.roles import Role


def _raise_validation(error: ValidationError) -> NoReturn:
    # Keep the validator's own code (invalid_region_code, ...): API clients and tests rely on it.
    message = "; ".join(str(message) for message in error.messages)
    raise ValidationFailed(message, code=getattr(error, "code", None)) from error


@transaction.atomic
def unit_create(
    *,
    name: str,
    level: str,
    region_code: str,
    parent: Unit | None = None,
    short_name: str = "",
    address: str = "",
    phone: str = "",
) -> Unit:
    """Create a unit at the top of the tree or below `parent`."""
    try:
        validate_region_code(region_code)
    except ValidationError as error:
        _raise_validation(error)
    if not name.strip():
        raise ValidationFailed(_("Enter the unit's name."), code="name_required")
    if level not in LEVEL_RANK:
        raise ValidationFailed(_("Choose a known unit level."), code="invalid_level")
    if parent is not None and LEVEL_RANK[level] < LEVEL_RANK[parent.level]:
        raise ValidationFailed(_("A unit cannot sit above its parent's level."), code="level_above_parent")
    fields = {
        "name": name,
        "level": level,
        "region_code": region_code,
        "short_name": short_name,
        "address": address,
        "phone": phone,
    }
    if parent is None:
        return Unit.objects.add_root(fields)
    # Re-read the parent: treebeard derives the child's path from the parent's current child count.
    return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), fields)


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    display_name: str,
    employee_number: str,
    home_unit: Unit,
    job_title: str = "",
    email: str = "",
    office_phone: str = "",
) -> Staff:
    """Open a staff account. The log-in name and employee number must be new."""
    try:
        validate_staff_username(username)
    except ValidationError as error:
        _raise_validation(error)
    try:
        with transaction.atomic():
            account = User.objects.create_user(
                username=username,
                password=password,
                display_name=display_name,
                kind=AccountKind.STAFF,
                email=email,
            )
            return Staff.objects.create(
                account=account,
                employee_number=employee_number,
                home_unit=home_unit,
                job_title=job_title,
                office_phone=office_phone,
            )
    except IntegrityError as error:
        raise Conflict(
            _("The log-in name or the employee number is already in use."), code="staff_exists"
        ) from error


ADMINISTRATOR_GROUP_NAME = "administrators"
ADMINISTERED_APP_LABELS = ("accounts", "org", "customers")
VIEWED_APP_LABELS = ("applications", "workflow", "events", "notifications")


def administrator_group() -> Group:
    """The permission group behind the administrator role: every permission on the master-data apps.

    The admin's lists are still cut to the administrator's own subtree (see org.admin), so a county
    administrator manages the county and nothing beside it.
    """
    group, _created = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP_NAME)
    # Accounts are opened through staff and customer registration, never bare, and never deleted.
    permissions = (
        Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APP_LABELS).exclude(
            content_type__app_label="accounts", codename__in=["add_user", "delete_user"]
        )
        | Permission.objects.filter(
            # Applications and their processes are read in the admin (their lists are cut to the subtree too);
            # rule sets are corrected only by administrators of the whole organisation (see workflow.admin).
            content_type__app_label__in=VIEWED_APP_LABELS,
            codename__startswith="view_",
        )
        | Permission.objects.filter(
            content_type__app_label="workflow",
            codename__in=[
                "change_ruleset",
                "change_timelimit",
                "change_wholeprocesslimit",
                "add_timelimit",
                "add_wholeprocesslimit",
                "delete_timelimit",
                "delete_wholeprocesslimit",
            ],
        )
        | Permission.objects.filter(content_type__app_label="calendar")
    )
    group.permissions.add(*permissions)
    return group


def _chain_of(unit: Unit) -> str:
    """Organisation events go into the chain of the unit's province (the root of its tree)."""
    root = Unit.objects.filter(path=unit.path[: Unit.steplen])
    root_code = root.values_list("region_code", flat=True).first()
    return str(root_code or SYSTEM_CHAIN)


def _record_role_change(kind: str, *, staff: Staff, unit: Unit, role: Role, actor: User | None) -> None:
    record_event(
        kind=kind,
        actor=actor,
        chain=_chain_of(unit),
        subject_type="org.staff",
        subject_id=staff.pk,
        new_values={"role": role, "unit": unit.pk, "unit_name": unit.name},
    )


@transaction.atomic
def role_grant(*, staff: Staff, unit: Unit, role: Role, actor: User | None = None) -> RoleAssignment:
    """Give a staff member a role at a unit (idempotent). Administrators also get the admin site."""
    assignment, created = RoleAssignment.objects.get_or_create(staff=staff, unit=unit, role=role)
    if created:
        _record_role_change("org.role_granted", staff=staff, unit=unit, role=role, actor=actor)
    if role == Role.ADMINISTRATOR:
        account = staff.account
        if not account.is_staff:
            account.is_staff = True
            account.save(update_fields=["is_staff"])
        account.groups.add(administrator_group())
    return assignment


@transaction.atomic
def role_revoke(*, staff: Staff, unit: Unit, role: Role, actor: User | None = None) -> None:
    deleted, _by_model = RoleAssignment.objects.filter(staff=staff, unit=unit, role=role).delete()
    if deleted:
        _record_role_change("org.role_revoked", staff=staff, unit=unit, role=role, actor=actor)
    still_administrator = RoleAssignment.objects.filter(staff=staff, role=Role.ADMINISTRATOR).exists()
    if role == Role.ADMINISTRATOR and not still_administrator:
        staff.account.groups.remove(administrator_group())
        if not staff.account.is_superuser:
            staff.account.is_staff = False
            staff.account.save(update_fields=["is_staff"])


@transaction.atomic
def unit_set_responsible_head(*, unit: Unit, head: Staff | None, actor: User | None = None) -> Unit:
    """Name the unit's responsible head (负责人), who must belong to the unit or a unit below it."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if head is not None and not head.home_unit.path.startswith(locked.path):
        raise ValidationFailed(
            _("The responsible head must belong to this unit or a unit below it."), code="head_outside_unit"
        )
    old_head = locked.responsible_head_id
    locked.responsible_head = head
    locked.save(update_fields=["responsible_head"])
    record_event(
        kind="org.responsible_head_set",
        actor=actor,
        chain=_chain_of(locked),
        subject_type="org.unit",
        subject_id=locked.pk,
        old_values={"responsible_head": old_head},
        new_values={"responsible_head": head.pk if head else None},
    )
    return locked
