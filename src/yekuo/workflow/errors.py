"""Workflow errors with stable codes; interfaces translate them into responses."""

from __future__ import annotations

from yekuo.core.errors import AccessDenied, Conflict, DomainError


class TransitionNotAllowed(DomainError):
    """The transition is not possible in the application's current state or definition."""

    code = "transition_not_allowed"
    http_status = 409


class NotPermitted(AccessDenied):
    """The actor does not hold the role this work item needs over its unit."""

    code = "not_permitted"
    http_status = 403


class StaleWorkItem(Conflict):
    """Somebody else changed the work item first (e.g. two people completing it at once)."""

    code = "work_item_changed"
