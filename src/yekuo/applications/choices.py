"""The vocabulary of an application: business type, category, voltage, channel, status (regulations §1)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessType(models.TextChoices):
    NEW_CONNECTION = "new_connection", _("New connection")  # 新装
    CAPACITY_INCREASE = "capacity_increase", _("Capacity increase")  # 增容
    TEMPORARY_SUPPLY = "temporary_supply", _("Temporary supply")  # 临时用电
    DISTRIBUTED_GENERATION = (
        "distributed_generation",
        _("Distributed generation grid connection"),
    )  # 分布式电源并网
    CHARGING_FACILITY = "charging_facility", _("EV charging facility")  # 充换电设施


class Category(models.TextChoices):
    LOW_VOLTAGE_RESIDENTIAL = "low_voltage_residential", _("Low-voltage residential")  # 低压居民
    LOW_VOLTAGE_NON_RESIDENTIAL = (
        "low_voltage_non_residential",
        _("Low-voltage non-residential"),
    )  # 低压非居民
    HIGH_VOLTAGE_SINGLE_SUPPLY = "high_voltage_single_supply", _("High-voltage single supply")  # 高压单电源
    HIGH_VOLTAGE_MULTIPLE_SUPPLY = (
        "high_voltage_multiple_supply",
        _("High-voltage dual or multiple supply"),
    )  # 高压双电源/多电源


LOW_VOLTAGE_CATEGORIES = frozenset({Category.LOW_VOLTAGE_RESIDENTIAL, Category.LOW_VOLTAGE_NON_RESIDENTIAL})


class VoltageLevel(models.TextChoices):
    V220 = "220V", _("220 V")
    V380 = "380V", _("380 V")
    KV10 = "10kV", _("10 kV")
    KV20 = "20kV", _("20 kV")
    KV35 = "35kV", _("35 kV")
    KV110 = "110kV", _("110 kV")
    KV220 = "220kV", _("220 kV")


VOLTAGE_KILOVOLTS: dict[str, Decimal] = {
    VoltageLevel.V220: Decimal("0.22"),
    VoltageLevel.V380: Decimal("0.38"),
    VoltageLevel.KV10: Decimal(10),
    VoltageLevel.KV20: Decimal(20),
    VoltageLevel.KV35: Decimal(35),
    VoltageLevel.KV110: Decimal(110),
    VoltageLevel.KV220: Decimal(220),
}
LOW_VOLTAGES = frozenset({VoltageLevel.V220, VoltageLevel.V380})
ACCESS_SYSTEM_DESIGN_FROM_KILOVOLTS = Decimal(110)  # regulations §1: ≥110 kV adds 接入系统设计
# "三零" service: low-voltage customers up to 160 kW (regulations §1, §4).
THREE_ZERO_MAXIMUM_KILOWATTS = Decimal(160)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")  # 网上国网 / portal
    COUNTER = "counter", _("Service counter")  # 营业厅
    PHONE_95598 = "phone_95598", _("95598 phone")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")  # 客户经理上门


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In progress")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


OPEN_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.ACTIVE, ApplicationStatus.SUSPENDED})
