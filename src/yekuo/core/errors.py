"""Domain errors carry a stable code and a translatable message; interfaces turn them into responses."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused a change. `code` is stable for API clients; `message` is shown to the person."""

    code: str = "domain_error"
    http_status: int = 400

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code


class ValidationFailed(DomainError):
    code = "validation_failed"


class AccessDenied(DomainError):
    """The actor may not see or change the object. Interfaces answer 404 so existence is not leaked."""

    code = "access_denied"
    http_status = 404


class Conflict(DomainError):
    code = "conflict"
    http_status = 409
