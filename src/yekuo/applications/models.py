"""The application and its documents. Stage records live in records.py; notices in notices.py."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import ApplicationStatus, BusinessType, Category, Channel, VoltageLevel
from yekuo.applications.documents import DocumentKind


class Application(models.Model):
    """One request for electricity. Its status and stages change only through yekuo.workflow."""

    number = models.CharField(_("application number"), max_length=24, unique=True, null=True, blank=True)
    # The foreign keys' own indexes would repeat the first column of applications_by_province,
    # applications_by_station and applications_by_customer (Meta): every write kept three indexes more.
    province = models.ForeignKey(
        "org.Unit",
        verbose_name=_("province company"),
        related_name="+",
        on_delete=models.PROTECT,
        db_index=False,
    )
    supply_station = models.ForeignKey(
        "org.Unit",
        verbose_name=_("supply station"),
        related_name="applications",
        on_delete=models.PROTECT,
        db_index=False,
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        related_name="applications",
        on_delete=models.PROTECT,
        db_index=False,
    )
    business_type = models.CharField(_("business type"), max_length=32, choices=BusinessType.choices)
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    voltage_level = models.CharField(_("voltage level"), max_length=8, choices=VoltageLevel.choices)
    requested_capacity_kva = models.DecimalField(
        _("requested capacity (kVA/kW)"), max_digits=10, decimal_places=1
    )
    existing_capacity_kva = models.DecimalField(
        _("existing capacity (kVA/kW)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    premises_address = models.CharField(_("premises address"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    is_three_zero_eligible = models.BooleanField(_("三零 service"), default=False)
    is_important_customer = models.BooleanField(_("important customer"), default=False)
    is_special_project = models.BooleanField(_("special project"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    energised_at = models.DateTimeField(_("energised at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, help_text=_("Raised by every transition."))
    # Copied from the application's process by the transition that completes it, cleared on reopening:
    # the dashboard's working days per category then read one covering index instead of joining a
    # month's completions with their processes (a province: 420 ms → a few tens).
    completed_utility_working_days = models.PositiveIntegerField(
        _("utility working days at completion"), null=True, blank=True
    )
    completed_whole_process_limit_days = models.PositiveIntegerField(
        _("whole-process limit at completion (working days)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes: ClassVar = [
            models.Index(fields=["supply_station", "status"], name="applications_by_station"),
            models.Index(fields=["customer", "created_at"], name="applications_by_customer"),
            models.Index(fields=["province", "created_at"], name="applications_by_province"),
            # The search lists the most recently closed first within a completion period and stops after
            # a page; this index is in that order and serves the period too. Its received-date twin
            # (submitted_at DESC NULLS LAST) exists on PostgreSQL only: SQLite has no NULLS LAST in an
            # index (migration applications 0003).
            models.Index(fields=["closed_at", "id"], name="applications_by_closed"),
            # The dashboard (yekuo.monitoring): received and completed per day, from the index alone.
            models.Index(
                fields=["submitted_at"],
                include=["supply_station", "category", "business_type"],
                name="applications_by_submission",
            ),
            models.Index(
                fields=["closed_at"],
                include=[
                    "supply_station",
                    "category",
                    "business_type",
                    "completed_utility_working_days",
                    "completed_whole_process_limit_days",
                ],
                name="applications_completions",
                condition=models.Q(status="completed"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.number or _("draft application %(id)s") % {"id": self.pk})


class ApplicationNumberCounter(models.Model):
    """The last sequence handed out for one province and day; incremented under a row lock."""

    # Indexed first by applications_number_counter_unique (Meta), not on its own.
    province = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    on = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["province", "on"], name="applications_number_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.on}: {self.last_value}"


class ApplicationDocument(models.Model):
    """A document the customer supplied. Files live under the data directory, served only after a check."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="documents", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), related_name="+", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.application}"


# The stage records live in their own module; importing it here registers them with the app.
