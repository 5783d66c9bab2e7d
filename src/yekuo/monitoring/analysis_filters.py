"""The analysis page's choices: which log (the live one or an imported one), and for the live log the unit,
category and business type; a period and how many variants to list for any log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yekuo.analytics.selectors import LIVE_LOG
from yekuo.monitoring.filters import ScopeFilterForm

DEFAULT_VARIANT_LIMIT = 10
LARGEST_VARIANT_LIMIT = 100


class AnalysisFilterForm(ScopeFilterForm):
    field_order = ["log"]  # noqa: RUF012  # Django reads it from the class; the log first
    log = forms.RegexField(label=_("Event log"), required=False, regex=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")
    top = forms.IntegerField(
        label=_("Variants shown"), required=False, min_value=1, max_value=LARGEST_VARIANT_LIMIT
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        period_from, period_to = cleaned.get("period_from"), cleaned.get("period_to")
        if isinstance(period_from, date) and isinstance(period_to, date) and period_from > period_to:
            raise forms.ValidationError(
                _("The period must start on or before the day it ends."), code="order"
            )
        is_live = (cleaned.get("log") or LIVE_LOG) == LIVE_LOG
        if not is_live and (cleaned.get("unit") or cleaned.get("category") or cleaned.get("business_type")):
            raise forms.ValidationError(
                _("An imported log can only be cut by period; unit, category and type are for the live log."),
                code="imported_filters",
            )
        return cleaned


@dataclass(frozen=True)
class AnalysisFilters:
    log: str
    unit_id: int | None
    category: str
    business_type: str
    period_from: date | None
    period_to: date | None
    variant_limit: int

    @property
    def is_live(self) -> bool:
        return self.log == LIVE_LOG

    @property
    def period_start_at(self) -> datetime | None:
        if self.period_from is None:
            return None
        return timezone.make_aware(datetime.combine(self.period_from, time.min))

    @property
    def period_end_at(self) -> datetime | None:
        """The first moment after the period (exclusive bound)."""
        if self.period_to is None:
            return None
        return timezone.make_aware(datetime.combine(self.period_to + timedelta(days=1), time.min))

    def query(self) -> dict[str, str]:
        """The choices as query parameters, for the export links and the form's next request."""
        values = {
            "log": self.log,
            "unit": str(self.unit_id or ""),
            "category": self.category,
            "business_type": self.business_type,
            "period_from": self.period_from.isoformat() if self.period_from else "",
            "period_to": self.period_to.isoformat() if self.period_to else "",
            "top": str(self.variant_limit) if self.variant_limit != DEFAULT_VARIANT_LIMIT else "",
        }
        return {name: value for name, value in values.items() if value}


def parse_analysis_filters(query: Mapping[str, str]) -> tuple[AnalysisFilterForm, AnalysisFilters | None]:
    form = AnalysisFilterForm(query)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, AnalysisFilters(
        log=data.get("log") or LIVE_LOG,
        unit_id=data.get("unit"),
        category=data.get("category") or "",
        business_type=data.get("business_type") or "",
        period_from=data.get("period_from"),
        period_to=data.get("period_to"),
        variant_limit=data.get("top") or DEFAULT_VARIANT_LIMIT,
    )
