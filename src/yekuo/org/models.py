"""Units in a tree (省公司 → 地市公司 → 区县公司 → 供电所, any depth), staff and their roles."""

from __future__ import annotations

import re
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from yekuo.org.roles import Role

REGION_CODE_PATTERN = re.compile(r"^\d{6}(\d{3}){0,2}$")


class UnitLevel(models.TextChoices):
    PROVINCE_COMPANY = "province_company", _("Province company")  # 省公司
    CITY_COMPANY = "city_company", _("City company")  # 地市公司
    COUNTY_COMPANY = "county_company", _("County company")  # 区县公司
    SUPPLY_STATION = "supply_station", _("Supply station")  # 供电所
    TEAM = "team", _("Team")  # 班组


LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(UnitLevel.values)}


def validate_region_code(value: str) -> None:
    """GB/T 2260 administrative division code (6 digits), optionally extended to township or village."""
    if not REGION_CODE_PATTERN.fullmatch(value):
        raise ValidationError(
            _("A region code has 6 digits (GB/T 2260), or 9 or 12 digits for a township or village."),
            code="invalid_region_code",
        )


class Unit(MP_Node):
    """An organisation unit. Its subtree is every unit whose path starts with its own."""

    objects: ClassVar[MP_NodeManager[Unit]] = MP_NodeManager()  # type: ignore[assignment]

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    region_code = models.CharField(
        _("region code"), max_length=12, validators=[validate_region_code], db_index=True
    )
    responsible_head = models.ForeignKey(
        "org.Staff",
        verbose_name=_("responsible head"),
        related_name="headed_units",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("负责人: receives warnings and escalations for this unit."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("service phone"), max_length=30, blank=True)

    node_order_by: ClassVar[list[str]] = ["region_code", "name"]

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        super().clean()
        # The parent's path is this path less one step (get_parent() is deprecated in treebeard 7).
        parent = (
            Unit.objects.filter(path=self.path[: -self.steplen]).first()
            if self.pk and self.depth > 1
            else None
        )
        if parent is not None and LEVEL_RANK[self.level] < LEVEL_RANK[parent.level]:
            raise ValidationError(
                {"level": _("A unit cannot sit above its parent's level.")}, code="level_above_parent"
            )
        if self.responsible_head_id is not None and self.pk is not None:
            head = self.responsible_head
            if head is not None and not head.home_unit.path.startswith(self.path):
                raise ValidationError(
                    {
                        "responsible_head": _(
                            "The responsible head must belong to this unit or a unit below it."
                        )
                    },
                    code="head_outside_unit",
                )


class Staff(models.Model):
    """A member of staff: one log-in account, one home unit, any number of roles at any units."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        related_name="staff",
        on_delete=models.PROTECT,
    )
    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    home_unit = models.ForeignKey(
        Unit, verbose_name=_("home unit"), related_name="staff_members", on_delete=models.PROTECT
    )
    job_title = models.CharField(_("job title"), max_length=60, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering: ClassVar = ["employee_number"]

    def __str__(self) -> str:
        return f"{self.account.display_name} ({self.employee_number})"

    def clean(self) -> None:
        """A responsible head stays inside the units they answer for: moving them out is refused until
        another head is named (the head is alerted to the unit's overdue work and reads its applications)."""
        if self.pk is None or self.home_unit_id is None:
            return
        home = Unit.objects.filter(pk=self.home_unit_id).values_list("path", flat=True).first() or ""
        left = [
            unit.name for unit in Unit.objects.filter(responsible_head=self) if not home.startswith(unit.path)
        ]
        if left:
            message = _(
                "This member of staff is the responsible head of %(units)s; name another head there first."
            ) % {"units": "、".join(left)}
            raise ValidationError({"home_unit": ValidationError(message, code="head_leaves_unit")})


class RoleAssignment(models.Model):
    """Staff member S holds role R at unit U, and with it over every unit below U."""

    staff = models.ForeignKey(  # indexed first by org_role_assignment_unique (Meta), not on its own
        Staff,
        verbose_name=_("staff member"),
        related_name="role_assignments",
        on_delete=models.CASCADE,
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), related_name="role_assignments", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["staff", "unit", "role"], name="org_role_assignment_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["role", "unit"], name="org_role_by_unit")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_role_display()} @ {self.unit}"
