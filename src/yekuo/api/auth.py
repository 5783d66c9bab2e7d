"""Two ways in: a bearer token for other systems, the Django session (with CSRF) for browser clients."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.security.base import AuthBase

from yekuo.accounts.models import AccountKind, User
from yekuo.api.errors import CsrfFailed, StaffOnly
from yekuo.api.services import api_token_user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a key from `yekuo manage issue_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SessionWithCsrfAuth(SessionAuth):
    """The browser's log-in session; a changing request must carry the CSRF token."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a logged-in session there is nothing to protect: the answer is 401, not a CSRF error.
        if not request.user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as error:
            raise CsrfFailed(
                _("The CSRF token is missing or wrong; reload the page and try again.")
            ) from error

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            return user
        return None


AUTHENTICATION: list[AuthBase] = [ApiTokenAuth(), SessionWithCsrfAuth()]


def actor_of(request: HttpRequest) -> User:
    """The authenticated user of a request that passed AUTHENTICATION."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover - every operation requires authentication
        raise AuthenticationError()
    return user


def staff_actor_of(request: HttpRequest) -> User:
    """The authenticated user, who must be staff: customers get 403 `staff_only`."""
    user = actor_of(request)
    if user.kind != AccountKind.STAFF:
        raise StaffOnly(_("Only staff may do this."))
    return user
