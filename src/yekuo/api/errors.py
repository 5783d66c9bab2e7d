"""Every error of the API is JSON with a stable `code` and a message in the request's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from yekuo.core.errors import DomainError


class CsrfFailed(DomainError):
    """A browser client sent a session cookie without the CSRF token on a changing request."""

    code = "csrf_failed"
    http_status = 403


class StaffOnly(DomainError):
    code = "staff_only"
    http_status = 403


class CustomerOnly(DomainError):
    code = "customer_only"
    http_status = 403


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


def _http_error_code(status: int) -> tuple[str, str]:
    if status == 401:
        return "not_authenticated", _("Log in or send a valid API token.")
    if status == 403:
        return "forbidden", _("You may not do this.")
    if status == 404:
        return "not_found", _("Not found.")
    if status == 429:
        return "throttled", _("Too many requests; try again later.")
    return "http_error", _("The request could not be handled.")


def _validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where and what, without echoing the input back (it may be long or sensitive)."""
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "type": str(error.get("type", ""))}
        for error in errors
    ]


def install_exception_handlers(api: NinjaAPI) -> None:
    # ninja types a handler's argument as "the exception or its class"; each handler narrows it.
    def domain_error(request: HttpRequest, exc: object) -> HttpResponse:
        if not isinstance(exc, DomainError):  # pragma: no cover - ninja passes the instance
            return internal_error(request, exc)
        return _error(api, request, exc.http_status, exc.code, str(exc.message))

    def validation_error(request: HttpRequest, exc: object) -> HttpResponse:
        errors = exc.errors if isinstance(exc, ValidationError) else []
        return _error(
            api,
            request,
            422,
            "invalid_input",
            _("Some of the input is not valid."),
            errors=_validation_errors(errors),
        )

    def http_error(request: HttpRequest, exc: object) -> HttpResponse:
        status = exc.status_code if isinstance(exc, HttpError) else 400
        code, message = _http_error_code(status)
        return _error(api, request, status, code, message)

    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        return _error(api, request, 404, "not_found", _("Not found."))

    def permission_denied(request: HttpRequest, exc: object) -> HttpResponse:
        return _error(api, request, 403, "forbidden", _("You may not do this."))

    def internal_error(request: HttpRequest, exc: object) -> HttpResponse:  # pragma: no cover
        return _error(api, request, 500, "internal_error", _("Something went wrong on our side."))

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(AuthenticationError, http_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, permission_denied)
