"""A fingerprint of everything a refused request must leave alone, to assert that nothing changed."""

from __future__ import annotations

from typing import Any

from yekuo.applications.models import Application
from yekuo.events.models import Event
from yekuo.notifications.models import Notification
from yekuo.workflow.models import ClockStop, ClockStopEvidence, EscalationHandling, WorkItem


def database_state() -> dict[str, Any]:
    return {
        "events": Event.objects.count(),
        "applications": list(Application.objects.order_by("pk").values_list("pk", "status", "version")),
        "work_items": list(
            WorkItem.objects.order_by("pk").values_list("pk", "status", "assignee_id", "escalated_at")
        ),
        "clock_stops": list(ClockStop.objects.order_by("pk").values_list("pk", "status")),
        "clock_stop_evidence": ClockStopEvidence.objects.count(),
        "escalation_handlings": EscalationHandling.objects.count(),
        "unread": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
    }
