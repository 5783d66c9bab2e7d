"""The dashboard's filters: unit, category, business type and period, parsed and checked in one form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yekuo.applications.choices import BusinessType, Category
from yekuo.core import clock

DEFAULT_PERIOD_DAYS = 28
LONGEST_PERIOD_DAYS = 366
DATE_INPUT_FORMATS = ["%Y-%m-%d"]


def local_today() -> date:
    return timezone.localdate(clock.now())


class ScopeFilterForm(forms.Form):
    """The filters the dashboard and the analysis page share: unit, category, business type, period."""

    unit = forms.IntegerField(label=_("Unit"), required=False, min_value=1)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    business_type = forms.ChoiceField(
        label=_("Business type"),
        required=False,
        choices=[("", _("All business types")), *BusinessType.choices],
    )
    period_from = forms.DateField(label=_("Period from"), required=False, input_formats=DATE_INPUT_FORMATS)
    period_to = forms.DateField(label=_("Period to"), required=False, input_formats=DATE_INPUT_FORMATS)


class DashboardFilterForm(ScopeFilterForm):
    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        period_to = cleaned.get("period_to") or local_today()
        period_from = cleaned.get("period_from") or period_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        if not isinstance(period_from, date) or not isinstance(period_to, date):
            return cleaned
        if period_from > period_to:
            raise forms.ValidationError(
                _("The period must start on or before the day it ends."), code="order"
            )
        if (period_to - period_from).days >= LONGEST_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(days)s days."),
                code="too_long",
                params={"days": LONGEST_PERIOD_DAYS},
            )
        cleaned["period_from"], cleaned["period_to"] = period_from, period_to
        return cleaned


@dataclass(frozen=True)
class DashboardFilters:
    unit_id: int | None
    category: str
    business_type: str
    period_from: date
    period_to: date

    @classmethod
    def from_form(cls, form: DashboardFilterForm) -> DashboardFilters:
        data = form.cleaned_data
        return cls(
            unit_id=data.get("unit"),
            category=data.get("category") or "",
            business_type=data.get("business_type") or "",
            period_from=data["period_from"],
            period_to=data["period_to"],
        )

    @property
    def period_start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.period_from, time.min))

    @property
    def period_end_at(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.period_to + timedelta(days=1), time.min))

    def application_condition(self, *, prefix: str = "") -> Q:
        condition = Q()
        if self.category:
            condition &= Q(**{f"{prefix}category": self.category})
        if self.business_type:
            condition &= Q(**{f"{prefix}business_type": self.business_type})
        return condition

    def query(self, *, unit_id: int | None = None) -> dict[str, str]:
        """The filters as query parameters for the dashboard's own links (drill-down, partials)."""
        values = {
            "unit": str(unit_id if unit_id is not None else self.unit_id or ""),
            "category": self.category,
            "business_type": self.business_type,
            "period_from": self.period_from.isoformat(),
            "period_to": self.period_to.isoformat(),
        }
        return {name: value for name, value in values.items() if value}


def parse_filters(query: Mapping[str, str]) -> tuple[DashboardFilterForm, DashboardFilters | None]:
    form = DashboardFilterForm(query)
    return form, DashboardFilters.from_form(form) if form.is_valid() else None
