"""The stage catalogue (regulations §1). Process definitions choose and order these; see docs/glossary.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance")  # 业务受理
    SITE_SURVEY = "site_survey", _("Site survey")  # 现场勘查
    ACCESS_SYSTEM_DESIGN = "access_system_design", _("Access-system design")  # 接入系统设计 (≥110 kV)
    SUPPLY_SCHEME_DRAFTING = "supply_scheme_drafting", _("Supply scheme drafting")  # 供电方案编制
    SUPPLY_SCHEME_APPROVAL = "supply_scheme_approval", _("Supply scheme approval and reply")  # 方案审批答复
    CUSTOMER_DESIGN = "customer_design", _("Customer's design")  # 客户委托设计
    DESIGN_REVIEW = "design_review", _("Design review")  # 设计审查
    CUSTOMER_CONSTRUCTION = "customer_construction", _("Customer's construction")  # 客户受电工程施工
    MID_CONSTRUCTION_INSPECTION = "mid_construction_inspection", _("Mid-construction inspection")  # 中间检查
    CUSTOMER_COMPLETION = "customer_completion", _("Customer's completion of works")  # 客户竣工报验
    GRID_SUPPORTING_WORKS = "grid_supporting_works", _("Grid supporting works")  # 配套电网工程
    COMPLETION_INSPECTION = "completion_inspection", _("Completion inspection")  # 竣工检验
    SUPPLY_CONTRACT = "supply_contract", _("Supply contract")  # 供用电合同签订
    BUSINESS_FEES = "business_fees", _("Business fees")  # 业务费 (高可靠性供电费)
    METERING_AND_ENERGISATION = "metering_and_energisation", _("Metering and energisation")  # 装表接电
    METERING_INSTALLATION = "metering_installation", _("Meter installation")  # 装表
    ENERGISATION = "energisation", _("Energisation")  # 送电
    ARCHIVING = "archiving", _("Archiving")  # 资料归档
    RETURN_VISIT = "return_visit", _("Return visit")  # 回访


class StageOwner(models.TextChoices):
    """Whose time a stage consumes. Only utility-owned time counts toward the limits (regulations §3)."""

    UTILITY = "utility", _("Utility")
    CUSTOMER = "customer", _("Customer")


class StageCondition(models.TextChoices):
    """When a stage applies. A stage that does not apply is bypassed: successors follow its predecessors."""

    ALWAYS = "always", _("Always")
    IMPORTANT_CUSTOMER = "important_customer", _("Important customers only")  # 重要客户
    AT_LEAST_110_KV = "at_least_110kv", _("110 kV and above")
    HIGH_RELIABILITY_FEE = "high_reliability_fee", _("Dual or multiple supply")  # 高可靠性供电费


class Clock(models.TextChoices):
    """A regulated clock. Several stages may share one: the scheme-reply clock runs from acceptance over
    the survey, drafting and approval until the reply (regulations §2a)."""

    ACCEPTANCE = "acceptance", _("Acceptance")
    SUPPLY_SCHEME_REPLY = "supply_scheme_reply", _("Supply scheme reply")
    DESIGN_REVIEW = "design_review", _("Design review")
    MID_CONSTRUCTION_INSPECTION = "mid_construction_inspection", _("Mid-construction inspection")
    COMPLETION_INSPECTION = "completion_inspection", _("Completion inspection")
    GRID_SUPPORTING_WORKS = "grid_supporting_works", _("Grid supporting works")
    METERING_AND_ENERGISATION = "metering_and_energisation", _("Metering and energisation")
    ARCHIVING = "archiving", _("Archiving")
    RETURN_VISIT = "return_visit", _("Return visit")
