"""The working-day table: one row per day of every loaded year, and one row per loaded year.

Every time limit of the connection process is counted in Chinese working days (工作日), which follow the
State Council General Office's yearly notice (国务院办公厅关于××年部分节假日安排的通知): holidays, and
weekend days that become working days in exchange (调休上班). The notice cannot be computed, so a year is
only ever known from a row here; nothing falls back to Monday-to-Friday.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SATURDAY = 5  # date.weekday() numbers Monday 0 … Sunday 6


class DayKind(models.TextChoices):
    ORDINARY_WORKING_DAY = "ordinary_working_day", _("Ordinary working day")
    WEEKEND = "weekend", _("Weekend")
    # 放假: every day off inside a holiday period of the notice, statutory or weekend.
    PUBLIC_HOLIDAY = "public_holiday", _("Public holiday")
    # 调休上班: a Saturday or Sunday that the notice makes a working day.
    ADJUSTED_WORKING_DAY = "adjusted_working_day", _("Adjusted working day")
    # 调休: a weekday given off in exchange for an adjusted working day.
    IN_LIEU_DAY_OFF = "in_lieu_day_off", _("Day off in lieu")


WORKING_KINDS = frozenset({DayKind.ORDINARY_WORKING_DAY, DayKind.ADJUSTED_WORKING_DAY})
# The kinds a notice (or an import file) lists; every other day follows from its weekday.
NOTICE_KINDS = (DayKind.PUBLIC_HOLIDAY, DayKind.IN_LIEU_DAY_OFF, DayKind.ADJUSTED_WORKING_DAY)


def is_weekend(day: date) -> bool:
    return day.weekday() >= SATURDAY


def kind_is_working(kind: str) -> bool:
    return kind in WORKING_KINDS


def default_kind(day: date) -> DayKind:
    """The kind of a day the notice does not mention."""
    return DayKind.WEEKEND if is_weekend(day) else DayKind.ORDINARY_WORKING_DAY


def validate_day_kind(day: date, kind: str) -> None:
    """A kind must fit the weekday: only a weekend day can be adjusted to work, only a weekday given off."""
    if kind not in DayKind.values:
        raise ValidationError(
            _("Unknown kind of day: %(kind)s."), code="unknown_day_kind", params={"kind": kind}
        )
    weekend_only = {DayKind.WEEKEND, DayKind.ADJUSTED_WORKING_DAY}
    weekday_only = {DayKind.ORDINARY_WORKING_DAY, DayKind.IN_LIEU_DAY_OFF}
    if kind in weekend_only and not is_weekend(day):
        raise ValidationError(
            _("%(day)s is a weekday; only a Saturday or Sunday can be a %(kind)s."),
            code="kind_needs_weekend",
            params={"day": day.isoformat(), "kind": DayKind(kind).label},
        )
    if kind in weekday_only and is_weekend(day):
        raise ValidationError(
            _("%(day)s is a Saturday or Sunday; only a weekday can be a %(kind)s."),
            code="kind_needs_weekday",
            params={"day": day.isoformat(), "kind": DayKind(kind).label},
        )


def new_revision() -> str:
    return uuid.uuid4().hex


class CalendarYear(models.Model):
    """A year whose every day is in the table, with the notice it was taken from."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source_notice = models.CharField(
        _("source notice"),
        max_length=200,
        help_text=_(
            "The State Council notice, e.g. 国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号."
        ),
    )
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.CharField(_("loaded by"), max_length=150)
    cross_check_note = models.TextField(_("cross-check note"), blank=True)
    # Changes whenever any day of the year changes, so every process notices and rebuilds its calendar.
    revision = models.CharField(_("revision"), max_length=32, default=new_revision, editable=False)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering: ClassVar = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    on = models.DateField(_("date"), primary_key=True)
    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("calendar year"), related_name="days", on_delete=models.CASCADE
    )
    is_working_day = models.BooleanField(_("working day"))
    kind = models.CharField(_("kind"), max_length=24, choices=DayKind.choices)
    holiday_name = models.CharField(
        _("holiday"), max_length=60, blank=True, help_text=_("The holiday the day belongs to or works for.")
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering: ClassVar = ["on"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=sorted(WORKING_KINDS), is_working_day=True)
                    | (~models.Q(kind__in=sorted(WORKING_KINDS)) & models.Q(is_working_day=False))
                ),
                name="calendar_day_working_follows_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.on.isoformat()
