"""Applications and their stage records in the Django admin: read-only, scoped to the administrator's units.

Applications enter through the services and change only through the workflow, so nothing here adds,
changes or deletes one. The workflow's admin adds the work items and clock stops to the application page
(this app sits below the workflow and must not import it). Uploaded files are not linked: they are served
only after an access check, which the admin does not make.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yekuo.applications.access import applications_visible_to
from yekuo.applications.customer_records import RegisteredFirm
from yekuo.applications.models import Application, ApplicationDocument
from yekuo.applications.records import (
    ArchiveRecord,
    CustomerMilestone,
    EnergisationRecord,
    GridWorksRecord,
    Inspection,
    InspectionDefect,
    MeteringRecord,
    Notice,
    ReturnVisitRecord,
    SchemeFeeItem,
    SiteSurvey,
    SupplyContractRecord,
    SupplyScheme,
)

M = TypeVar("M", bound=Model)


def scoped_to_admin_units(queryset: QuerySet[M], request: HttpRequest, *, station_field: str) -> QuerySet[M]:
    """Rows of the applications the user may read (applications.access: the units of their roles and those
    they are named responsible head of); superusers see all."""
    if request.user.is_superuser:
        return queryset
    visible = applications_visible_to(request.user).values("pk")
    if station_field == "supply_station":
        return queryset.filter(pk__in=visible)
    application_field = station_field.removesuffix("__supply_station")
    return queryset.filter(**{f"{application_field}__in": visible})


class ReadOnlyAdminMixin:
    """Shows, never writes: the admin may not add, change or delete these rows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline[M, Any]):
    extra = 0
    can_delete = False
    show_change_link = False


class ApplicationDocumentInline(ReadOnlyTabularInline[ApplicationDocument]):
    model = ApplicationDocument
    fields = ("kind", "original_name", "received_at", "received_by")


class NoticeInline(ReadOnlyTabularInline[Notice]):
    model = Notice
    fields = ("kind", "sent_at", "sent_by", "message", "items")


class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Application]):
    list_display = (
        "number", "customer", "category", "business_type", "status", "supply_station", "submitted_at",
        "energised_at",
    )  # fmt: skip
    list_filter = ("status", "category", "business_type", "channel", "is_important_customer")
    search_fields = ("number", "customer__name", "premises_address")
    date_hierarchy = "submitted_at"
    list_select_related = ("customer", "supply_station")
    ordering = ("-created_at",)
    fieldsets = (
        (None, {"fields": ("number", "status", "customer", "province", "supply_station")}),
        (
            _("Request"),
            {
                "fields": (
                    "business_type",
                    "category",
                    "voltage_level",
                    "requested_capacity_kva",
                    "existing_capacity_kva",
                    "premises_address",
                    "channel",
                    "is_three_zero_eligible",
                    "is_important_customer",
                    "is_special_project",
                )
            },
        ),
        (
            _("Dates"),
            {"fields": ("created_at", "submitted_at", "accepted_at", "energised_at", "closed_at", "version")},
        ),
    )
    inlines = (ApplicationDocumentInline, NoticeInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return scoped_to_admin_units(super().get_queryset(request), request, station_field="supply_station")


admin.site.register(Application, ApplicationAdmin)


class StageRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[M]):
    """A stage record: listed by application, scoped through the application's supply station."""

    list_display: Any = ("__str__", "application", "recorded_at", "recorded_by")
    search_fields = ("application__number", "application__customer__name")
    date_hierarchy = "recorded_at"
    list_select_related = ("application", "recorded_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return scoped_to_admin_units(
            super().get_queryset(request), request, station_field="application__supply_station"
        )


class SchemeFeeItemInline(ReadOnlyTabularInline[SchemeFeeItem]):
    model = SchemeFeeItem
    fields = ("name", "amount_yuan", "legal_basis")


@admin.register(SupplyScheme)
class SupplySchemeAdmin(StageRecordAdmin[SupplyScheme]):
    list_display = (
        "__str__",
        "application",
        "supply_voltage",
        "status",
        "replied_on",
        "valid_until",
        "recorded_at",
    )
    list_filter = ("status", "supply_voltage")
    inlines = (SchemeFeeItemInline,)


class InspectionDefectInline(ReadOnlyTabularInline[InspectionDefect]):
    model = InspectionDefect
    fields = ("description", "location", "requirement")


@admin.register(Inspection)
class InspectionAdmin(StageRecordAdmin[Inspection]):
    list_display = ("__str__", "application", "kind", "result", "inspected_on", "recorded_by")
    list_filter = ("kind", "result")
    inlines = (InspectionDefectInline,)


@admin.register(CustomerMilestone)
class CustomerMilestoneAdmin(StageRecordAdmin[CustomerMilestone]):
    list_display = ("__str__", "application", "stage", "completed_on", "firm_name", "recorded_by")
    list_filter = ("stage",)


SIMPLE_RECORDS = (SiteSurvey, SupplyContractRecord, GridWorksRecord, MeteringRecord, EnergisationRecord)
for simple_record in (*SIMPLE_RECORDS, ArchiveRecord, ReturnVisitRecord):
    admin.site.register(simple_record, StageRecordAdmin)


@admin.register(RegisteredFirm)
class RegisteredFirmAdmin(admin.ModelAdmin[RegisteredFirm]):
    """The register of design and construction firms customers choose from (三不指定)."""

    list_display = ("name", "kind", "licence_level", "licence_valid_until", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "licence_number")
    ordering = ("kind", "name")
