"""Formatting for the analysis page: durations in days, hours and minutes, and stage names."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from yekuo.workflow.stages import Stage

register = template.Library()

MINUTE, HOUR, DAY = 60, 3600, 86400


@register.filter
def duration(seconds: float | None) -> str:
    """3 d 4 h, 5 h 12 min, 40 s; a dash when there is nothing to measure."""
    if seconds is None:
        return "–"
    value = round(float(seconds))
    if value >= DAY:
        return _("%(days)s d %(hours)s h") % {"days": value // DAY, "hours": value % DAY // HOUR}
    if value >= HOUR:
        return _("%(hours)s h %(minutes)s min") % {"hours": value // HOUR, "minutes": value % HOUR // MINUTE}
    if value >= MINUTE:
        return _("%(minutes)s min") % {"minutes": value // MINUTE}
    return _("%(seconds)s s") % {"seconds": value}


@register.filter
def activity_label(name: str) -> str:
    """A live stage by its translated name; an imported log's activity as it is."""
    return str(Stage(name).label) if name in Stage.values else name


@register.filter
def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


@register.filter
def field_label(form: Any, name: str) -> str:
    """The label of a form's field, for an error list above the form."""
    field = form.fields.get(name)
    return str(field.label) if field is not None else name


@register.filter
def local_time(moment: datetime | None) -> datetime | None:
    """The analytics store keeps naive UTC; shown in the site's time zone like every other time."""
    if moment is None:
        return None
    aware = moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
    return timezone.localtime(aware)
