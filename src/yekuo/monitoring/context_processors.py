"""Whether the navigation offers the dashboard; asked lazily, only by pages that show the navigation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from yekuo.accounts.models import AccountKind, User
from yekuo.monitoring.scope import may_see_dashboard


def dashboard_navigation(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    user = getattr(request, "user", None)

    def visible() -> bool:
        return (
            isinstance(user, User)
            and user.is_authenticated
            and user.kind == AccountKind.STAFF
            and (may_see_dashboard(user))
        )

    return {"dashboard_visible": visible}
