"""What each kind of event is called on a page or in the API, in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yekuo.applications.document_services import DOCUMENT_ADDED
from yekuo.workflow.event_kinds import WorkflowEvent

EVENT_KIND_LABELS: dict[str, Promise] = {
    WorkflowEvent.APPLICATION_SUBMITTED: _("Application submitted"),
    WorkflowEvent.APPLICATION_DOCUMENTS_MISSING: _("Documents missing"),
    WorkflowEvent.APPLICATION_ACCEPTED: _("Application accepted"),
    WorkflowEvent.APPLICATION_STATUS_CHANGED: _("Application status changed"),
    WorkflowEvent.APPLICATION_RETURNED: _("Returned to an earlier stage"),
    WorkflowEvent.APPLICATION_COMPLETED: _("Application completed"),
    WorkflowEvent.APPLICATION_CANCELLED: _("Application cancelled"),
    WorkflowEvent.APPLICATION_EXPIRED: _("Application expired"),
    WorkflowEvent.APPLICATION_REOPENED: _("Application reopened"),
    WorkflowEvent.APPLICATION_ENERGISED: _("Energised"),
    WorkflowEvent.WORK_ITEM_OPENED: _("Work item opened"),
    WorkflowEvent.WORK_ITEM_CLAIMED: _("Work item claimed"),
    WorkflowEvent.WORK_ITEM_ASSIGNED: _("Work item assigned"),
    WorkflowEvent.WORK_ITEM_COMPLETED: _("Work item completed"),
    WorkflowEvent.WORK_ITEM_RETURNED: _("Work item returned"),
    WorkflowEvent.WORK_ITEM_CANCELLED: _("Work item cancelled"),
    WorkflowEvent.WORK_ITEM_SUSPENDED: _("Clock stopped"),
    WorkflowEvent.WORK_ITEM_RESUMED: _("Clock resumed"),
    WorkflowEvent.WORK_ITEM_WARNED: _("Deadline warning"),
    WorkflowEvent.WORK_ITEM_OVERDUE: _("Overdue"),
    WorkflowEvent.WORK_ITEM_ESCALATED: _("Escalated"),
    WorkflowEvent.WORK_ITEM_ESCALATION_HANDLED: _("Escalation handled"),
    WorkflowEvent.CLOCK_STOP_REQUESTED: _("Clock stop requested"),
    WorkflowEvent.CLOCK_STOP_APPROVED: _("Clock stop approved"),
    WorkflowEvent.CLOCK_STOP_REJECTED: _("Clock stop rejected"),
    WorkflowEvent.SCHEME_REPLIED: _("Supply scheme replied"),
    WorkflowEvent.INSPECTION_FAILED: _("Inspection failed"),
    WorkflowEvent.RULE_SET_CORRECTED: _("Rule set corrected"),
    WorkflowEvent.CLOCK_STOP_WITHDRAWN: _("Clock stop withdrawn"),
    WorkflowEvent.SCHEME_CONFIRMED: _("Supply scheme confirmed by the customer"),
    WorkflowEvent.SCHEME_QUERIED: _("Supply scheme queried by the customer"),
    WorkflowEvent.FIRM_CHOSEN: _("Firm chosen by the customer"),
    WorkflowEvent.CONTRACT_SIGNED: _("Supply contract signed"),
    WorkflowEvent.FEE_PAYMENT_DECLARED: _("Fee payment declared"),
    WorkflowEvent.FEE_PAYMENT_CONFIRMED: _("Fee payment confirmed"),
    WorkflowEvent.FEE_PAYMENT_REJECTED: _("Fee payment rejected"),
    WorkflowEvent.RECTIFICATION_DECLARED: _("Defects reported rectified by the customer"),
    DOCUMENT_ADDED: _("Document added"),
}


def event_label(kind: str) -> str:
    label = EVENT_KIND_LABELS.get(kind)
    return kind if label is None else str(label)
