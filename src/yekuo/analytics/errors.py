"""Coded errors of the analytics app (the CLI prints their message on one line)."""

from __future__ import annotations

from yekuo.core.errors import DomainError, ValidationFailed


class LogNotFound(DomainError):
    code = "log_not_found"
    http_status = 404


class LogImportFailed(ValidationFailed):
    code = "log_import_failed"


class SelectionInvalid(ValidationFailed):
    code = "log_selection_invalid"


class AnalyticsBusy(DomainError):
    code = "analytics_busy"
    http_status = 503
