"""Stage records: the validated outcome of each stage (survey, scheme, reviews, inspections, contract,
fees, metering, energisation, archive, return visit) and the notices sent to the customer."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import VoltageLevel
from yekuo.applications.models import Application


class StageRecord(models.Model):
    """Common fields: which application, which work item (by id: work items live in the workflow app)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="+"
    )
    work_item_id = models.BigIntegerField(_("work item"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class SiteSurvey(StageRecord):
    surveyed_on = models.DateField(_("surveyed on"))
    site_conditions = models.TextField(_("site conditions"))
    nearest_supply_point = models.CharField(_("nearest supply point"), max_length=200)
    suggested_voltage = models.CharField(
        _("suggested supply voltage"), max_length=8, choices=VoltageLevel.choices
    )

    class Meta:
        verbose_name = _("site survey")
        verbose_name_plural = _("site surveys")

    def __str__(self) -> str:
        return f"{self.application} · {self.surveyed_on}"


class SchemeStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    REPLIED = "replied", _("Replied to the customer")
    REJECTED = "rejected", _("Sent back for redrafting")
    EXPIRED = "expired", _("Expired")


class SupplyScheme(StageRecord):
    """供电方案: what the customer is told, with the fee items and the validity end date."""

    connection_point = models.CharField(_("connection point"), max_length=200)
    supply_voltage = models.CharField(_("supply voltage"), max_length=8, choices=VoltageLevel.choices)
    circuit_count = models.PositiveSmallIntegerField(_("supply circuits"))
    supply_capacity_kva = models.DecimalField(_("supply capacity (kVA)"), max_digits=10, decimal_places=1)
    metering_method = models.CharField(_("metering method"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=SchemeStatus.choices, default=SchemeStatus.DRAFTED
    )
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("supply scheme")
        verbose_name_plural = _("supply schemes")

    def __str__(self) -> str:
        return f"{self.application} · {self.connection_point}"


class SchemeFeeItem(models.Model):
    scheme = models.ForeignKey(
        SupplyScheme, verbose_name=_("supply scheme"), related_name="fee_items", on_delete=models.CASCADE
    )
    name = models.CharField(_("fee item"), max_length=100)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    legal_basis = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")

    def __str__(self) -> str:
        return f"{self.name} {self.amount_yuan}"


class ReviewResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class InspectionKind(models.TextChoices):
    DESIGN_REVIEW = "design_review", _("Design review")
    MID_CONSTRUCTION = "mid_construction", _("Mid-construction inspection")
    COMPLETION = "completion", _("Completion inspection")


class Inspection(StageRecord):
    """A design review or an inspection; a failure lists every defect at once (一次性告知)."""

    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    result = models.CharField(_("result"), max_length=8, choices=ReviewResult.choices)
    inspected_on = models.DateField(_("inspected on"))
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()} · {self.get_result_display()}"


class InspectionDefect(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), related_name="defects", on_delete=models.CASCADE
    )
    description = models.CharField(_("defect"), max_length=300)
    location = models.CharField(_("location"), max_length=200, blank=True)
    requirement = models.CharField(_("requirement or standard"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("defect")
        verbose_name_plural = _("defects")

    def __str__(self) -> str:
        return str(self.description)


class CustomerMilestone(StageRecord):
    """Progress on a customer-owned stage (design, construction, access-system design, contract, fees),
    recorded by the customer or by staff on the customer's behalf."""

    stage = models.CharField(_("stage"), max_length=40)
    completed_on = models.DateField(_("completed on"))
    firm_name = models.CharField(_("firm"), max_length=200, blank=True)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    amount_yuan = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("customer milestone")
        verbose_name_plural = _("customer milestones")

    def __str__(self) -> str:
        return f"{self.application} · {self.stage}"


class SupplyContractRecord(StageRecord):
    """供用电合同: signed by the customer, recorded by the account manager (or confirmed in the portal)."""

    contract_number = models.CharField(_("contract number"), max_length=40)
    signed_on = models.DateField(_("signed on"))
    term_years = models.PositiveSmallIntegerField(_("term (years)"))
    signatory = models.CharField(_("signed for the customer by"), max_length=60)

    class Meta:
        verbose_name = _("supply contract")
        verbose_name_plural = _("supply contracts")

    def __str__(self) -> str:
        return str(self.contract_number)


class GridWorksRecord(StageRecord):
    description = models.TextField(_("works carried out"))
    completed_on = models.DateField(_("completed on"))

    class Meta:
        verbose_name = _("grid supporting works record")
        verbose_name_plural = _("grid supporting works records")

    def __str__(self) -> str:
        return f"{self.application} · {self.completed_on}"


class MeteringRecord(StageRecord):
    meter_number = models.CharField(_("meter number"), max_length=40)
    initial_reading = models.DecimalField(_("initial reading (kWh)"), max_digits=12, decimal_places=2)
    current_transformer_ratio = models.CharField(_("current transformer ratio"), max_length=20, blank=True)
    installed_at = models.DateTimeField(_("installed at"))

    class Meta:
        verbose_name = _("metering record")
        verbose_name_plural = _("metering records")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["meter_number"], name="applications_meter_number_unique"),
        ]

    def __str__(self) -> str:
        return str(self.meter_number)


class EnergisationRecord(StageRecord):
    energised_at = models.DateTimeField(_("energised at"))

    class Meta:
        verbose_name = _("energisation record")
        verbose_name_plural = _("energisation records")

    def __str__(self) -> str:
        return f"{self.application} · {self.energised_at}"


class ArchiveRecord(StageRecord):
    archive_number = models.CharField(_("archive number"), max_length=40)

    class Meta:
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")

    def __str__(self) -> str:
        return str(self.archive_number)


class ReturnVisitRecord(StageRecord):
    visited_on = models.DateField(_("visited on"))
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"))
    stage_times_match = models.BooleanField(_("stage times match what the customer reports"))
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")

    def __str__(self) -> str:
        return f"{self.application} · {self.satisfaction}"


class NoticeKind(models.TextChoices):
    MISSING_DOCUMENTS = "missing_documents", _("Missing documents")
    SUPPLY_SCHEME = "supply_scheme", _("Supply scheme reply")
    INSPECTION_DEFECTS = "inspection_defects", _("Inspection defects")
    CLOCK_STOP = "clock_stop", _("Clock stop")
    RETURNED = "returned", _("Returned to an earlier stage")


class Notice(models.Model):
    """A written notice to the customer: everything it lists is listed at once."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="notices", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind.choices)
    items = models.JSONField(_("items"), default=list)
    message = models.TextField(_("message"), blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()}"
