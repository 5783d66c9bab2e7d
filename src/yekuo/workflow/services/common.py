"""Starting a transition: lock the application, load its process, fetch the work item under the lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.models import Application
from yekuo.core.errors import AccessDenied
from yekuo.workflow.engine import Transition, lock_application
from yekuo.workflow.errors import StaleWorkItem
from yekuo.workflow.models import ApplicationProcess, WorkItem
from yekuo.workflow.transition import lock_application_of_item_with_reads


def _transition(application: Application, actor: User | None) -> Transition:
    try:
        process = application.process
    except ApplicationProcess.DoesNotExist:
        raise AccessDenied(_("This application has not been submitted."), code="not_submitted") from None
    return Transition(application=application, process=process, actor=actor)


def begin(*, application_id: int, actor: User | None) -> Transition:
    return _transition(lock_application(application_id), actor)


def begin_locked(*, application: Application, actor: User | None) -> Transition:
    """Start the transition for an application the caller has already locked."""
    return _transition(application, actor)


def begin_for_item(*, work_item_id: int, actor: User | None) -> Transition:
    """Lock the item's application and read what the transition needs, in one round trip."""
    application, reads = lock_application_of_item_with_reads(work_item_id, actor)
    if application is None:
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found")
    transition = _transition(application, actor)
    transition.reads = reads
    return transition


def _may_see(transition: Transition) -> bool:
    """The applicant, staff whose roles cover the application's station, or the system."""
    actor, application = transition.actor, transition.application
    if actor is None:
        return True
    if actor.kind == AccountKind.CUSTOMER:
        return application.customer.account_id == actor.pk
    station_path = application.supply_station.path
    return any(station_path.startswith(path) for _role, path in transition.actor_roles())


def item_under_lock(
    transition: Transition,
    work_item_id: int,
    statuses: Iterable[str],
    *,
    also_seen_by: Callable[[WorkItem], bool] | None = None,
) -> WorkItem:
    """Read the item after the application row is locked: a concurrent transition has either finished
    (and we see its result) or waits for us. `also_seen_by` admits actors beyond _may_see for this one
    action (the responsible head an escalation was addressed to)."""
    item = next((item for item in transition.items() if item.pk == work_item_id), None)
    if item is None or not (_may_see(transition) or (also_seen_by is not None and also_seen_by(item))):
        # The same answer whether the item is missing or belongs to somebody else's units: no hints.
        raise AccessDenied(_("This work item does not exist."), code="work_item_not_found")
    if item.status not in set(statuses):
        raise StaleWorkItem(
            _("This work item is already %(status)s; reload to see the latest state.")
            % {"status": item.get_status_display()},
        )
    return item
