"""The workflow in the Django admin. Read-only except the rule sets, whose figures administrators correct.

Definitions never change once installed (a change is a new version, shipped as a file); work items and
clock stops change only through the services. Work items and clock stops are scoped like applications.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yekuo.applications.admin import (
    ApplicationAdmin,
    ApplicationDocumentInline,
    NoticeInline,
    ReadOnlyAdminMixin,
    ReadOnlyTabularInline,
    scoped_to_admin_units,
)
from yekuo.applications.models import Application
from yekuo.events.services import record_event
from yekuo.org import access
from yekuo.org.models import Unit
from yekuo.org.roles import Role
from yekuo.workflow.event_kinds import WorkflowEvent
from yekuo.workflow.models import (
    ApplicationProcess,
    ClockStop,
    ProcessDefinition,
    ReturnEdge,
    RuleSet,
    StageDefinition,
    TimeLimit,
    WholeProcessLimit,
    WorkItem,
)

# The event a correction leaves (conventions §7): which figures changed, from what, to what.


class StageDefinitionInline(ReadOnlyTabularInline[StageDefinition]):
    model = StageDefinition
    fields = ("position", "stage", "track", "owner", "role", "clock", "condition", "predecessors")


class ReturnEdgeInline(ReadOnlyTabularInline[ReturnEdge]):
    model = ReturnEdge
    fields = ("from_stage", "to_stage")


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ProcessDefinition]):
    list_display = ("name", "code", "version", "category", "business_type", "variant", "installed_at")
    list_filter = ("category", "business_type", "variant")
    search_fields = ("name", "code")
    fields = (
        "name", "code", "version", "category", "business_type", "variant", "description", "diagram",
        "content_hash", "installed_at",
    )  # fmt: skip
    readonly_fields = ("diagram",)
    inlines = (StageDefinitionInline, ReturnEdgeInline)

    @admin.display(description=_("diagram"))
    def diagram(self, definition: ProcessDefinition) -> str:
        return f"docs/process-definitions/{definition.code}.v{definition.version}.md"


class RuleSetForm(forms.ModelForm[RuleSet]):
    class Meta:
        model = RuleSet
        fields = (
            "name", "legal_source", "effective_from", "effective_until", "confidence",
            "warning_threshold_percent", "low_voltage_scheme_validity_months",
            "high_voltage_scheme_validity_months", "notes",
        )  # fmt: skip
        # A legal source runs to a full citation; the admin's default single-line box cuts it off.
        widgets: ClassVar = {
            "name": forms.TextInput(attrs={"size": 80}),
            "legal_source": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }

    def clean_warning_threshold_percent(self) -> int:
        threshold: int = self.cleaned_data["warning_threshold_percent"]
        if not 1 <= threshold <= 100:  # a percentage of the limit
            raise forms.ValidationError(_("Give a percentage between 1 and 100."))
        return threshold

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("effective_from"), cleaned.get("effective_until")
        if start and end and end <= start:
            self.add_error("effective_until", _("The rule set must end after it takes effect."))
        return cleaned


class TimeLimitInline(admin.TabularInline[TimeLimit, RuleSet]):
    model = TimeLimit
    fields = ("clock", "category", "working_days", "confidence", "source_note")
    extra = 0
    can_delete = False


class WholeProcessLimitInline(admin.TabularInline[WholeProcessLimit, RuleSet]):
    model = WholeProcessLimit
    fields = (
        "category",
        "working_days",
        "scope",
        "includes_grid_supporting_works",
        "confidence",
        "source_note",
    )
    extra = 0
    can_delete = False


def _changes(form: forms.BaseForm) -> tuple[dict[str, Any], dict[str, Any]]:
    old = {name: form.initial.get(name) for name in form.changed_data}
    new = {name: form.cleaned_data.get(name) for name in form.changed_data}
    return old, new


def _administers_a_whole_organisation(request: HttpRequest) -> bool:
    """Rule sets apply to every unit, so only superusers and administrators at a top unit correct them."""
    if request.user.is_superuser:
        return True
    paths = access.scope_paths_for_user(request.user, roles=[Role.ADMINISTRATOR])
    return Unit.objects.filter(path__in=paths, depth=1).exists()


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin[RuleSet]):
    """Rule sets arrive with the release (shipped files); administrators correct their figures here.
    A correction applies to clocks started after it: a running clock keeps the limit it started with."""

    form = RuleSetForm
    list_display = (
        "name",
        "code",
        "effective_from",
        "effective_until",
        "confidence",
        "warning_threshold_percent",
    )
    list_filter = ("confidence",)
    search_fields = ("name", "code", "legal_source")
    readonly_fields = ("code",)
    fields = ("code", *RuleSetForm.Meta.fields)
    inlines = (TimeLimitInline, WholeProcessLimitInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _administers_a_whole_organisation(request)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Saved in the admin's transaction, with one event listing every corrected figure."""
        super().save_related(request, form, formsets, change)
        old, new = _changes(form)
        for formset in formsets:
            for inline_form in formset.forms:
                if inline_form.has_changed():
                    key = f"{formset.model._meta.model_name}:{inline_form.instance.pk}"
                    old[key], new[key] = _changes(inline_form)
        if new:
            record_event(
                kind=WorkflowEvent.RULE_SET_CORRECTED,
                actor=request.user if request.user.is_authenticated else None,
                subject_type="workflow.ruleset",
                subject_id=form.instance.pk,
                old_values=old,
                new_values=new,
            )


class WorkItemInline(ReadOnlyTabularInline[WorkItem]):
    model = WorkItem
    fields = ("stage", "status", "assignee", "opened_at", "closed_at", "due_at", "deadline_state")
    ordering = ("opened_at", "pk")


class ClockStopInline(ReadOnlyTabularInline[ClockStop]):
    model = ClockStop
    fields = ("work_item", "reason", "status", "requested_by", "requested_at", "started_at", "ended_at")


class ApplicationProcessInline(ReadOnlyAdminMixin, admin.StackedInline[ApplicationProcess, Application]):
    model = ApplicationProcess
    fields = ("definition", "rule_set", "utility_working_days_used", "whole_process_limit_days")
    can_delete = False


class ApplicationWithProcessAdmin(ApplicationAdmin):
    """The application page with its process: this app adds what the applications app may not import."""

    inlines = (  # type: ignore[assignment]  # the stubs type inlines by the first tuple assigned
        ApplicationProcessInline, ApplicationDocumentInline, WorkItemInline, ClockStopInline, NoticeInline,
    )  # fmt: skip


admin.site.unregister(Application)
admin.site.register(Application, ApplicationWithProcessAdmin)


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[WorkItem]):
    list_display = (
        "application_number", "stage", "status", "deadline_state", "due_at", "assignee", "candidate_unit",
    )  # fmt: skip
    list_filter = ("status", "deadline_state", "stage", "candidate_role", "owner", "is_current")
    search_fields = ("application__number", "application__customer__name")
    date_hierarchy = "opened_at"
    list_select_related = ("application", "assignee__account", "candidate_unit")
    ordering = ("-opened_at",)

    @admin.display(description=_("application number"), ordering="application__number")
    def application_number(self, work_item: WorkItem) -> str:
        return str(work_item.application)

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkItem]:
        queryset = super().get_queryset(request)
        return scoped_to_admin_units(queryset, request, station_field="application__supply_station")


@admin.register(ClockStop)
class ClockStopAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[ClockStop]):
    list_display = ("application", "work_item", "reason", "status", "requested_at", "started_at", "ended_at")
    list_filter = ("status", "reason")
    search_fields = ("application__number",)
    list_select_related = ("application", "work_item__application")
    # The evidence files (ClockStopEvidence) are not shown here: they are served only after the
    # application's access check, which the admin does not make.

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClockStop]:
        queryset = super().get_queryset(request)
        return scoped_to_admin_units(queryset, request, station_field="application__supply_station")
