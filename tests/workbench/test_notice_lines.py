"""A notice's listed items read in the reader's language where they are known codes."""

from __future__ import annotations

import pytest

from yekuo.applications.document_services import DOCUMENT_ADDED
from yekuo.applications.documents import DocumentKind
from yekuo.workbench.application_selectors import event_label, notice_item_line
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import ClockStopReason

SCHEME_ITEM = {
    "connection_point": "10kV 东山线 #14 杆",
    "supply_capacity_kva": "200.0",
    "valid_until": "2027-01-27",
}


@pytest.mark.parametrize(
    ("item", "line"),
    [
        pytest.param(
            DocumentKind.IDENTITY_DOCUMENT.value, "Identity document of the applicant", id="missing-document"
        ),
        pytest.param("something else", "something else", id="unknown-code"),
        pytest.param(
            {"description": "接地电阻超标", "location": "配电室", "requirement": "≤4Ω"},
            "接地电阻超标 (配电室)",
            id="defect",
        ),
        pytest.param(
            {"reason": ClockStopReason.CUSTOMER_REQUEST, "explanation": "客户申请暂缓"},
            "At the customer's request · 客户申请暂缓",
            id="clock-stop",
        ),
        pytest.param(
            SCHEME_ITEM,
            "Connection point 10kV 东山线 #14 杆, 200.0 kVA, valid until 2027-01-27",
            id="supply-scheme",
        ),
    ],
)
def test_notice_items_become_lines(item: object, line: str) -> None:
    assert notice_item_line(item) == line


def test_an_unknown_event_kind_shows_as_stored() -> None:
    assert event_label("work_item.claimed") == "Work item claimed"
    assert event_label("something.new") == "something.new"


def test_every_event_kind_the_application_history_shows_has_a_label() -> None:
    for kind in [*WorkflowEvent, DOCUMENT_ADDED]:
        assert event_label(kind) != kind, kind
