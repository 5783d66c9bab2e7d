"""Every kind of workflow event, one name each (Saleor's events.py idea)."""

from __future__ import annotations

from enum import StrEnum


class WorkflowEvent(StrEnum):
    APPLICATION_SUBMITTED = "application.submitted"
    APPLICATION_DOCUMENTS_MISSING = "application.documents_missing"
    APPLICATION_ACCEPTED = "application.accepted"
    APPLICATION_STATUS_CHANGED = "application.status_changed"
    APPLICATION_RETURNED = "application.returned"
    APPLICATION_COMPLETED = "application.completed"
    APPLICATION_CANCELLED = "application.cancelled"
    APPLICATION_EXPIRED = "application.expired"
    APPLICATION_REOPENED = "application.reopened"
    APPLICATION_ENERGISED = "application.energised"
    WORK_ITEM_OPENED = "work_item.opened"
    WORK_ITEM_CLAIMED = "work_item.claimed"
    WORK_ITEM_ASSIGNED = "work_item.assigned"
    WORK_ITEM_COMPLETED = "work_item.completed"
    WORK_ITEM_RETURNED = "work_item.returned"
    WORK_ITEM_CANCELLED = "work_item.cancelled"
    WORK_ITEM_SUSPENDED = "work_item.suspended"
    WORK_ITEM_RESUMED = "work_item.resumed"
    WORK_ITEM_WARNED = "work_item.warned"
    WORK_ITEM_OVERDUE = "work_item.overdue"
    WORK_ITEM_ESCALATED = "work_item.escalated"
    WORK_ITEM_ESCALATION_HANDLED = "work_item.escalation_handled"
    CLOCK_STOP_REQUESTED = "clock_stop.requested"
    CLOCK_STOP_APPROVED = "clock_stop.approved"
    CLOCK_STOP_REJECTED = "clock_stop.rejected"
    CLOCK_STOP_WITHDRAWN = "clock_stop.withdrawn"
    SCHEME_REPLIED = "supply_scheme.replied"
    INSPECTION_FAILED = "inspection.failed"
    RULE_SET_CORRECTED = "rule_set.corrected"
