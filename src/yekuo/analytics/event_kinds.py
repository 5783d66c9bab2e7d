"""Every kind of analytics event, one name each."""

from __future__ import annotations

from enum import StrEnum


class AnalyticsEvent(StrEnum):
    LOG_IMPORTED = "analytics.log_imported"
    LOG_DELETED = "analytics.log_deleted"
    LOG_EXPORTED = "analytics.log_exported"
