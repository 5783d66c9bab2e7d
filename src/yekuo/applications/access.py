"""Who may see which applications (conventions §6): staff see those served by stations in the subtrees of
their roles and of the units they are named responsible head of (org.access.oversight_paths_for_user); a
customer sees their own; nobody else sees any. Pages, the API and the admin all use these."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind, User
from yekuo.applications.models import Application
from yekuo.core.errors import AccessDenied
from yekuo.org.access import oversight_paths_for_user, subtree_condition


def applications_visible_to(user: User | AnonymousUser) -> QuerySet[Application]:
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Application.objects.none()
    if user.kind == AccountKind.CUSTOMER:
        return Application.objects.filter(customer__account=user)
    return Application.objects.filter(
        subtree_condition(oversight_paths_for_user(user), field="supply_station__path")
    )


def application_get_for_user(
    *, user: User | AnonymousUser, application_id: int, related: Sequence[str] = ()
) -> Application:
    """The application if the user may see it (`related`: relations to fetch with it); AccessDenied
    otherwise, the same whether it is missing or not theirs."""
    visible = applications_visible_to(user)
    if related:  # select_related() without names would join every relation
        visible = visible.select_related(*related)
    application = visible.filter(pk=application_id).first()
    if application is None:
        raise AccessDenied(_("This application does not exist or is not yours to see."))
    return application
