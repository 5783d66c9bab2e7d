"""Every form of the portal and the workbench, found by walking the Form classes (so a new form is swept
too), fed bad values field by field: huge strings, markup, wrong types, numbers beyond any column, unknown
choices. Each must be refused on that very field with a message, never accepted and never raise. The same
input sent over HTTP is swept by tests/web/test_page_bad_input_sweep.py."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms

import yekuo.portal
import yekuo.web
import yekuo.workbench
from yekuo.applications.documents import DocumentKind
from yekuo.org.models import Staff
from yekuo.workbench.work_item_forms import FORM_OF_OUTCOME, outcome_form_for
from yekuo.workflow.stage_outcomes import OUTCOME_OF_STAGE
from yekuo.workflow.stages import Stage

HUGE = "长" * 1_000_000
MARKUP = "<script>alert('x')</script>"
BEYOND_ANY_COLUMN = "9" * 30
INTERFACES = (yekuo.portal, yekuo.workbench, yekuo.web)

# Bases and log-in forms: the bases hold no field of their own; the log-in forms need a request and are
# swept over HTTP (tests/web/test_page_bad_input_sweep.py, tests/web/test_lockout.py).
NOT_FORMS_OF_THEIR_OWN = {
    "PortalForm",
    "StyledForm",
    "OutcomeForm",
    "PasswordPairMixin",
    "AccountKindAuthenticationForm",
    "CustomerAuthenticationForm",
    "StaffAuthenticationForm",
}


def _subclasses(base: type) -> Iterator[type]:
    for subclass in base.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def interface_form_classes() -> list[type[forms.BaseForm]]:
    for package in INTERFACES:
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found = {
        form_class
        for form_class in _subclasses(forms.BaseForm)
        if form_class.__module__.startswith(tuple(package.__name__ for package in INTERFACES))
        and form_class.__name__ not in NOT_FORMS_OF_THEIR_OWN
    }
    return sorted(found, key=lambda form_class: form_class.__name__)


STAGE_OF_FORM = {FORM_OF_OUTCOME[outcome]: stage for stage, outcome in reversed(OUTCOME_OF_STAGE.items())}
# How to build a form whose constructor needs more than data; a new form with new needs fails below.
BUILDERS: dict[str, Callable[[type[forms.BaseForm], dict[str, Any]], forms.BaseForm]] = {
    "ReturnForm": lambda form_class, data: form_class(data, stages=[(Stage.SITE_SURVEY, "survey")]),
    "AssignForm": lambda form_class, data: form_class(data, staff=Staff.objects.all()),
    "DocumentUploadForm": lambda form_class, data: form_class(
        data, checklist=[DocumentKind.IDENTITY_DOCUMENT]
    ),
}


def build(form_class: type[forms.BaseForm], data: dict[str, Any]) -> forms.BaseForm:
    if form_class in STAGE_OF_FORM:
        form = outcome_form_for(STAGE_OF_FORM[form_class], data)
        assert type(form) is form_class
        return form
    builder = BUILDERS.get(form_class.__name__, lambda form_class, data: form_class(data))
    return builder(form_class, data)


def bad_values(field: forms.Field) -> list[tuple[str, str]]:
    """(case, value) that this field must refuse."""
    if isinstance(field, forms.BooleanField | forms.FileField):
        return []  # any text is "on" for a checkbox; files are swept with disguised and oversized files
    cases = [("huge", HUGE)]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        cases += [("markup", MARKUP), ("unknown-choice", "no_such_choice")]
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        cases += [("markup", MARKUP), ("text", "abc"), ("beyond-any-column", BEYOND_ANY_COLUMN)]
        cases += [("not-a-number", "NaN"), ("infinite", "1e309")]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        cases += [("markup", MARKUP), ("text", "tomorrow"), ("impossible-date", "2026-02-30")]
    return cases


def form_cases() -> list[Any]:
    cases = []
    for form_class in interface_form_classes():
        for name, field in form_class.base_fields.items():  # declared fields: no database at collection
            for case, value in bad_values(field):
                cases.append(pytest.param(form_class, name, value, id=f"{form_class.__name__}.{name}.{case}"))
    return cases


def test_every_interface_form_is_swept() -> None:
    """A guard against the sweep silently covering nothing: the forms the pages post are all here."""
    names = {form_class.__name__ for form_class in interface_form_classes()}
    assert {
        "ApplicationForm",
        "DocumentUploadForm",
        "ReasonForm",
        "RegistrationForm",
        "PasswordResetForm",
        "MobileNumberForm",
        "ReturnForm",
        "ClockStopRequestForm",
        "ClockStopDecisionForm",
        "AssignForm",
        "EscalationHandlingForm",
        "SiteSurveyForm",
        "InspectionForm",
        "MeteringForm",
        "ReturnVisitForm",
    } <= names
    assert set(STAGE_OF_FORM) == set(FORM_OF_OUTCOME.values())


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "field_name", "value"), form_cases())
def test_the_field_refuses_the_bad_value_with_a_message(
    form_class: type[forms.BaseForm], field_name: str, value: str
) -> None:
    form = build(form_class, {})
    key = form.add_prefix(field_name)

    bound = build(form_class, {key: value})

    assert not bound.is_valid()
    # (A refused choice is named in its message; pages escape it, as the HTTP sweep checks.)
    assert bound.errors.get(field_name), f"{form_class.__name__}.{field_name} accepted {value[:40]!r}"
