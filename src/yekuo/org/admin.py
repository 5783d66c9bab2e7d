"""The organisation in the Django admin, each list scoped to the administrator's own subtree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from yekuo.org import access
from yekuo.org.models import RoleAssignment, Staff, Unit


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit, exclude=("path", "depth", "numchild"))
    list_display = ("name", "level", "region_code", "responsible_head")
    list_filter = ("level",)
    search_fields = ("name", "short_name", "region_code")
    autocomplete_fields = ("responsible_head",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        queryset: QuerySet[Unit] = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=access.units_visible_to(request.user).values("pk"))


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("employee_number", "display_name", "home_unit", "job_title")
    list_filter = ("role_assignments__role",)
    search_fields = ("employee_number", "account__display_name", "account__username", "home_unit__name")
    autocomplete_fields = ("account", "home_unit")
    inlines = (RoleAssignmentInline,)

    @admin.display(
        description=Staff._meta.get_field("account").verbose_name, ordering="account__display_name"
    )
    def display_name(self, staff: Staff) -> str:
        return staff.account.display_name

    def get_queryset(self, request: HttpRequest) -> QuerySet[Staff]:
        queryset = super().get_queryset(request).select_related("account", "home_unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=access.staff_visible_to(request.user).values("pk"))

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "home_unit" and not request.user.is_superuser:
            kwargs["queryset"] = access.units_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("staff", "role", "unit", "granted_at")
    list_filter = ("role",)
    search_fields = ("staff__account__display_name", "staff__employee_number", "unit__name")
    autocomplete_fields = ("staff", "unit")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        queryset = super().get_queryset(request).select_related("staff__account", "unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            access.subtree_condition(access.scope_paths_for_user(request.user), field="unit__path")
        )
