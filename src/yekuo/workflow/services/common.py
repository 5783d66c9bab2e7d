"""Starting a transition: lock the application, load its process, fetch the work item under the lock."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from yekuo.accounts.models import User
from yekuo.core.errors import AccessDenied
from yekuo.workflow.engine import Transition, lock_application
from yekuo.workflow.errors import StaleWorkItem
from yekuo.workflow.models import ApplicationProcess, WorkItem


def begin(*, application_id: int, actor: User | None) -> Transition:
    application = lock_application(application_id)
    process = ApplicationProcess.objects.select_related("rule_set").filter(application=application).first()
    if process is None:
        raise AccessDenied(_("This application has not been submitted."), code="not_submitted")
    return Transition(application=application, process=process, actor=actor)


def application_id_of(work_item_id: int) -> int:
    application_id = WorkItem.objects.filter(pk=work_item_id).values_list("application_id", flat=True).first()
    if application_id is None:
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found")
    return int(application_id)


def item_under_lock(transition: Transition, work_item_id: int, statuses: Iterable[str]) -> WorkItem:
    """Read the item after the application row is locked: a concurrent transition has either finished
    (and we see its result) or waits for us."""
    item = (
        WorkItem.objects.select_related("candidate_unit", "assignee__account", "clock")
        .filter(pk=work_item_id, application=transition.application)
        .first()
    )
    if item is None:
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found")
    item.application = transition.application
    allowed = set(statuses)
    if item.status not in allowed:
        raise StaleWorkItem(
            _("This work item is already %(status)s; reload to see the latest state.")
            % {"status": item.get_status_display()},
        )
    return item
