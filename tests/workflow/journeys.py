"""Helpers that drive applications through the services as staff would, for tests and scenarios."""

from __future__ import annotations

from datetime import date

from yekuo.applications.models import Application
from yekuo.workflow.factories import passing_outcome
from yekuo.workflow.models import WorkItem, WorkItemStatus

TODAY = date(2026, 3, 2)


def open_item(application: Application, stage: str) -> WorkItem:
    return WorkItem.objects.get(
        application=application, stage=stage, status__in=[WorkItemStatus.OPEN, WorkItemStatus.CLAIMED]
    )


def open_stages(application: Application) -> set[str]:
    return set(
        WorkItem.objects.filter(
            application=application,
            status__in=[WorkItemStatus.OPEN, WorkItemStatus.CLAIMED, WorkItemStatus.SUSPENDED],
        ).values_list("stage", flat=True)
    )


__all__ = ["TODAY", "open_item", "open_stages", "passing_outcome"]
