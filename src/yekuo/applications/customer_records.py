"""What the customer does in the portal, kept as records: the answer to a supply scheme, the signature of
the supply contract (who, when, which text), fee payments declared and confirmed, and the register of
design and construction firms the customer chooses from (三不指定: listed, never recommended)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.applications.models import Application
from yekuo.applications.records import SupplyScheme


class FirmKind(models.TextChoices):
    DESIGN = "design", _("Design")  # 设计单位
    CONSTRUCTION = "construction", _("Construction")  # 施工单位 (承装/承修/承试)


class RegisteredFirm(models.Model):
    """A firm licensed to design or build customers' installations. A simple register: the full one with
    licence checks against the voltage comes later."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=FirmKind.choices)
    licence_number = models.CharField(_("licence number"), max_length=60)
    licence_level = models.CharField(
        _("licence level"), max_length=40, help_text=_("For example 承装(修、试)三级 or 乙级.")
    )
    licence_valid_until = models.DateField(_("licence valid until"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("listed"), default=True)

    class Meta:
        verbose_name = _("registered firm")
        verbose_name_plural = _("registered firms")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "licence_number"], name="applications_firm_licence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_level})"


class SchemeAnswer(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    QUERIED = "queried", _("Queried")


class SchemeResponse(models.Model):
    """The customer confirms the supply scheme or asks about it (the question goes to the account
    manager)."""

    scheme = models.ForeignKey(
        SupplyScheme, verbose_name=_("supply scheme"), related_name="responses", on_delete=models.PROTECT
    )
    answer = models.CharField(_("answer"), max_length=16, choices=SchemeAnswer.choices)
    message = models.TextField(_("message"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responded by"), related_name="+", on_delete=models.PROTECT
    )
    responded_at = models.DateTimeField(_("responded at"))

    class Meta:
        verbose_name = _("supply scheme response")
        verbose_name_plural = _("supply scheme responses")

    def __str__(self) -> str:
        return f"{self.scheme} · {self.get_answer_display()}"


class ContractSignature(models.Model):
    """The customer's confirmation of the supply contract in the portal: who, when, which text."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="+", on_delete=models.PROTECT
    )
    work_item_id = models.BigIntegerField(_("work item"))
    text_version = models.CharField(_("contract text version"), max_length=40)
    text_sha256 = models.CharField(_("digest of the contract text"), max_length=64)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), related_name="+", on_delete=models.PROTECT
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("contract signature")
        verbose_name_plural = _("contract signatures")

    def __str__(self) -> str:
        return f"{self.application} · {self.text_version}"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    SERVICE_COUNTER = "service_counter", _("At the service counter")


class PaymentStatus(models.TextChoices):
    DECLARED = "declared", _("Declared by the customer")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not received")


class FeePayment(models.Model):
    """A payment of the business fees: declared by the customer, confirmed by staff (or, later, by a
    payment provider through the same interface)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="fee_payments", on_delete=models.PROTECT
    )
    work_item_id = models.BigIntegerField(_("work item"))
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    method = models.CharField(_("payment method"), max_length=40, choices=PaymentMethod.choices)
    reference = models.CharField(_("payment reference"), max_length=100)
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.DECLARED
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), related_name="+", on_delete=models.PROTECT
    )
    declared_at = models.DateTimeField(_("declared at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        indexes: ClassVar = [
            models.Index(fields=["status", "declared_at"], name="applications_payments_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.amount_yuan}"
