"""The roles staff hold at a unit. A role at a unit covers that unit's whole subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Role(models.TextChoices):
    INTAKE_CLERK = "intake_clerk", _("Intake clerk")  # 受理员
    ACCOUNT_MANAGER = "account_manager", _("Account manager")  # 客户经理
    SURVEYOR = "surveyor", _("Site surveyor")  # 勘查员
    SCHEME_DESIGNER = "scheme_designer", _("Supply scheme designer")  # 方案编制
    SCHEME_APPROVER = "scheme_approver", _("Supply scheme approver")  # 方案审批
    INSPECTOR = "inspector", _("Inspector")  # 检验员
    METERING_TECHNICIAN = "metering_technician", _("Metering technician")  # 装表员
    ENERGISATION_OPERATOR = "energisation_operator", _("Energisation operator")  # 送电
    RETURN_VISIT_AGENT = "return_visit_agent", _("Return-visit agent")  # 回访员
    UNIT_HEAD = "unit_head", _("Unit head")  # 单位负责人
    MARKETING_MANAGER = "marketing_manager", _("Marketing manager")  # 营销管理
    AUDITOR = "auditor", _("Auditor")  # 稽查
    ADMINISTRATOR = "administrator", _("Administrator")  # 系统管理员


ROLE_DESCRIPTIONS: dict[Role, StrOrPromise] = {
    Role.INTAKE_CLERK: _(
        "Accepts applications at the counter, online and by phone, and checks the documents."
    ),
    Role.ACCOUNT_MANAGER: _("Looks after key customers and special projects from application to connection."),
    Role.SURVEYOR: _("Surveys the premises and records the site conditions."),
    Role.SCHEME_DESIGNER: _(
        "Drafts the supply scheme: connection point, voltage, circuits, metering and fees."
    ),
    Role.SCHEME_APPROVER: _("Reviews and approves supply schemes before they are sent to the customer."),
    Role.INSPECTOR: _("Reviews designs and carries out mid-construction and completion inspections."),
    Role.METERING_TECHNICIAN: _("Installs and seals meters and records the initial readings."),
    Role.ENERGISATION_OPERATOR: _("Energises the customer's installation once everything is in order."),
    Role.RETURN_VISIT_AGENT: _("Calls customers back after connection and records their satisfaction."),
    Role.UNIT_HEAD: _("Responsible head of the unit: receives escalations and approves clock stops."),
    Role.MARKETING_MANAGER: _("Manages the marketing work of the units below and their monthly evaluation."),
    Role.AUDITOR: _("Audits applications, time limits and conduct across the units below."),
    Role.ADMINISTRATOR: _("Maintains the organisation, staff accounts, roles and reference data."),
}
