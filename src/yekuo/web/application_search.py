"""The application search form, shared by the workbench page and the API, and its bounded pages.

Query-string contract (the dashboard links here with it):
`q, unit, category, business_type, stage, status, deadline=warning|overdue, due=today|week,
received_from, received_to, completed_from, completed_to (YYYY-MM-DD), clock_stop_reason, page`.

Pages are bounded offsets (at most MAXIMUM_PAGES pages) and nothing is counted: a page knows only whether
another follows, so the total reads "more than N" until the last page (see bounded_page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User
from yekuo.applications.choices import ApplicationStatus, BusinessType, Category
from yekuo.org.access import overseen_unit_get_for_user
from yekuo.web.widgets import QuickSelect
from yekuo.workflow.application_search import ApplicationSearch, DeadlineMark, DueWithin
from yekuo.workflow.models import ClockStopReason
from yekuo.workflow.stages import Stage

ROWS_PER_PAGE = 50
MAXIMUM_PAGES = 200
MAXIMUM_TEXT_LENGTH = 100
MAXIMUM_ID = 2**63 - 1
DATE_FORMATS = ["%Y-%m-%d"]
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2099, 12, 31)

ModelT = TypeVar("ModelT", bound=Model)


def _choices(label: Any, choices: Sequence[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


def _select(label: Any, any_label: Any, choices: Sequence[tuple[str, Any]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=_choices(any_label, choices),
        widget=QuickSelect(attrs={"class": "form-select"}),
        # Django's own message repeats the value; the API must not echo input back.
        error_messages={"invalid_choice": _("Choose one of the values offered.")},
    )


class ApplicationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAXIMUM_TEXT_LENGTH,
        help_text=_(
            "Application number (or its beginning), the beginning of the customer's name, part of the "
            "address (three characters or more), a mobile number or an identity number."
        ),
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autocomplete": "off"}),
    )
    unit = forms.IntegerField(
        label=_("Unit"), required=False, min_value=1, max_value=MAXIMUM_ID, widget=forms.HiddenInput
    )
    category = _select(_("Category"), _("All categories"), Category.choices)
    business_type = _select(_("Business type"), _("All business types"), BusinessType.choices)
    stage = _select(_("Stage"), _("All stages"), Stage.choices)
    status = _select(_("Status"), _("Any status"), ApplicationStatus.choices)
    deadline = _select(
        _("Deadline"),
        _("Any deadline"),
        [(DeadlineMark.WARNING, _("Warning")), (DeadlineMark.OVERDUE, _("Overdue"))],
    )
    due = _select(
        _("Due"), _("Any time"), [(DueWithin.TODAY, _("Due today")), (DueWithin.WEEK, _("Due this week"))]
    )
    received_from = _date_field(_("Received from"))
    received_to = _date_field(_("Received until"))
    completed_from = _date_field(_("Completed from"))
    completed_to = _date_field(_("Completed until"))
    clock_stop_reason = _select(_("Clock stop"), _("Any or none"), ClockStopReason.choices)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=MAXIMUM_PAGES, widget=forms.HiddenInput
    )

    CHOICE_FIELDS = ("category", "business_type", "stage", "status", "deadline", "due", "clock_stop_reason")
    DATE_FIELDS = ("received_from", "received_to", "completed_from", "completed_to")

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CHOICE_FIELDS]

    def date_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DATE_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.DATE_FIELDS:
            day: date | None = cleaned.get(name)
            # Bounded so a far date cannot overflow the time-zone arithmetic of the query.
            if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
                self.add_error(name, _("Enter a date between 1990 and 2099."))
        for start, end in (("received_from", "received_to"), ("completed_from", "completed_to")):
            first: date | None = cleaned.get(start)
            last: date | None = cleaned.get(end)
            if first is not None and last is not None and first > last:
                self.add_error(end, _("The end of the period lies before its start."))
        return cleaned

    def search_for(self, viewer: User) -> ApplicationSearch:
        """The validated terms; a unit outside the viewer's units raises AccessDenied (→ 404)."""
        data = self.cleaned_data
        unit = overseen_unit_get_for_user(user=viewer, unit_id=data["unit"]) if data.get("unit") else None
        return ApplicationSearch(
            text=data.get("q") or "",
            unit=unit,
            category=data.get("category") or "",
            business_type=data.get("business_type") or "",
            stage=data.get("stage") or "",
            status=data.get("status") or "",
            deadline=data.get("deadline") or "",
            due=data.get("due") or "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            completed_from=data.get("completed_from"),
            completed_to=data.get("completed_to"),
            clock_stop_reason=data.get("clock_stop_reason") or "",
        )

    def page_number(self) -> int:
        return int(self.cleaned_data.get("page") or 1)

    def error_list(self) -> list[dict[str, str]]:
        """Field, code and translated message of each error, for the API."""
        return [
            {"field": field, "code": error.code or "invalid", "message": " ".join(error.messages)}
            for field, errors in self.errors.as_data().items()
            for error in errors
        ]


@dataclass(frozen=True)
class BoundedPage(Generic[ModelT]):
    """One page of a result without counting it: `count` is the rows up to the end of this page, exact
    on the last page; `count_is_lower_bound` says more follow."""

    rows: list[ModelT]
    number: int
    has_previous: bool
    has_next: bool
    count: int
    count_is_lower_bound: bool

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def bounded_page(
    queryset: QuerySet[ModelT], *, offset: int, limit: int, number: int = 1
) -> BoundedPage[ModelT]:
    """Rows offset..offset+limit and one more, to know whether another page exists. Nothing is counted:
    even a count capped at a thousand made a selective search walk tens of thousands of rows; the page
    says "more than N" until its last page, where the total is known."""
    rows = list(queryset[offset : offset + limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return BoundedPage(
        rows=rows,
        number=number,
        has_previous=number > 1,
        has_next=more and offset + limit < MAXIMUM_PAGES * limit,
        count=offset + len(rows),
        count_is_lower_bound=more,
    )
