"""Document kinds and the checklist each category needs (一证办 for households; regulations §1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import BusinessType, Category


class DocumentKind(models.TextChoices):
    IDENTITY_DOCUMENT = "identity_document", _("Identity document of the applicant")  # 身份证明
    PROPERTY_PROOF = "property_proof", _("Proof of property or lease of the premises")  # 产权证明
    BUSINESS_LICENCE = "business_licence", _("Business licence")  # 营业执照
    AUTHORISATION_LETTER = "authorisation_letter", _("Letter of authorisation for the agent")  # 授权委托书
    LOAD_LIST = "load_list", _("List of electrical loads")  # 用电设备清单
    PROJECT_APPROVAL = "project_approval", _("Project approval or filing document")  # 项目批复/备案
    EXISTING_SUPPLY_CONTRACT = "existing_supply_contract", _("Existing supply contract")  # 原供用电合同
    DESIGN_DOCUMENTS = "design_documents", _("Design documents of the customer's installation")  # 设计文件
    COMPLETION_REPORT = "completion_report", _("Completion report of the customer's installation")  # 竣工报告
    OTHER = "other", _("Other document")


def required_documents(*, category: str, business_type: str, is_enterprise: bool) -> tuple[DocumentKind, ...]:
    """What acceptance needs, all listed at once when anything is missing (一次性告知)."""
    if category == Category.LOW_VOLTAGE_RESIDENTIAL and not is_enterprise:
        return (DocumentKind.IDENTITY_DOCUMENT,)  # 一证办: one identity document is enough
    needed = [DocumentKind.IDENTITY_DOCUMENT, DocumentKind.PROPERTY_PROOF]
    if is_enterprise:
        needed += [DocumentKind.BUSINESS_LICENCE, DocumentKind.AUTHORISATION_LETTER]
    if category != Category.LOW_VOLTAGE_RESIDENTIAL:
        needed.append(DocumentKind.LOAD_LIST)
    if category in {Category.HIGH_VOLTAGE_SINGLE_SUPPLY, Category.HIGH_VOLTAGE_MULTIPLE_SUPPLY}:
        needed.append(DocumentKind.PROJECT_APPROVAL)
    if business_type == BusinessType.CAPACITY_INCREASE:
        needed.append(DocumentKind.EXISTING_SUPPLY_CONTRACT)
    return tuple(needed)
