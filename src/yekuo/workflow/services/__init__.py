"""Every transition of an application, one function each. Only these change an application's status or
work items (a test scans the source to keep it so)."""

from yekuo.workflow.services.clock_stops import clock_stop_decide, clock_stop_request, work_item_resume
from yekuo.workflow.services.escalations import escalation_handle
from yekuo.workflow.services.lifecycle import (
    application_accept,
    application_cancel,
    application_expire,
    application_reopen,
    application_submit,
)
from yekuo.workflow.services.work_items import (
    work_item_assign,
    work_item_claim,
    work_item_complete,
    work_item_return,
)

__all__ = [
    "application_accept",
    "application_cancel",
    "application_expire",
    "application_reopen",
    "application_submit",
    "clock_stop_decide",
    "clock_stop_request",
    "escalation_handle",
    "work_item_assign",
    "work_item_claim",
    "work_item_complete",
    "work_item_resume",
    "work_item_return",
]
