"""Who may see which customers (conventions §6): staff see the customers their roles' subtrees serve,
a customer sees only themself, everyone else sees nothing.

Every page, API handler and admin list that shows a customer goes through these functions.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import AccountKind, User
from yekuo.core.errors import AccessDenied
from yekuo.customers.models import Customer
from yekuo.org.access import AnyUser, scope_paths_for_user, subtree_condition


def customers_visible_to(user: AnyUser) -> QuerySet[Customer]:
    customers = Customer.objects.select_related("account", "service_unit")
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return customers.none()
    if user.kind == AccountKind.CUSTOMER:
        return customers.filter(account=user)
    return customers.filter(subtree_condition(scope_paths_for_user(user), field="service_unit__path"))


def customer_get_for_user(*, user: AnyUser, customer_id: int) -> Customer:
    customer = customers_visible_to(user).filter(pk=customer_id).first()
    if customer is None:
        raise AccessDenied(_("This customer does not exist or is outside your units."))
    return customer
