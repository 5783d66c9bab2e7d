"""The organisation in the Django admin, each list and each choice scoped to the administrator's subtree.

Superusers see everything. Anyone else sees, picks and moves only units inside the subtrees where they
hold a role: a county administrator can neither read another branch nor graft it into their own.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from yekuo.accounts.models import AccountKind, User
from yekuo.org import access, services
from yekuo.org.models import RoleAssignment, Staff, Unit
from yekuo.org.roles import Role


def _scope_unit_form(form: type[forms.ModelForm[Any]], request: HttpRequest) -> type[forms.ModelForm[Any]]:
    """Limit "relative to" to the user's units (or the unit's current parent) and "position" to child-of:
    "sibling of" the top unit of a subtree, or "root", would place a unit outside every visible subtree."""
    visible = access.units_visible_to(request.user)

    class ScopedUnitForm(form):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            reference = self.fields["treebeard_ref_node"]
            current_parent = self.initial.get("treebeard_ref_node")
            allowed = Q(pk__in=visible.values("pk"))
            if current_parent is not None:
                allowed |= Q(pk=getattr(current_parent, "pk", current_parent))
            reference.queryset = reference.queryset.filter(allowed)
            reference.required = True
            reference.empty_label = None
            self.fields["treebeard_position"].choices = [("sorted-child", _("Child of"))]

    return ScopedUnitForm


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
        visible = access.units_visible_to(request.user)
        if self._lists_top_of_tree(request):
            # treebeard lists the roots and loads children on demand; a regional administrator's tree
            # starts at the units where they hold roles, so those are their roots.
            return visible.filter(path__in=access.scope_paths_for_user(request.user))
        return queryset.filter(pk__in=visible.values("pk"))

    def _lists_top_of_tree(self, request: HttpRequest) -> bool:
        return (
            hasattr(request, "_treebeard_parent_id")
            and getattr(request, "_treebeard_parent_id", None) is None
            and not getattr(request, "_ignore_treebeard_filters", False)
            and not self.is_filtered(request)  # type: ignore[attr-defined]  # not in the stubs
        )

    def get_form(
        self, request: HttpRequest, obj: Unit | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form: type[forms.ModelForm[Any]] = super().get_form(request, obj, change=change, **kwargs)
        return form if request.user.is_superuser else _scope_unit_form(form, request)

    def move_node(self, request: HttpRequest) -> HttpResponse:
        """Drag and drop: both the moved unit and its new parent must lie in the user's units."""
        if not request.user.is_superuser:
            visible = access.units_visible_to(request.user)
            node = visible.filter(pk=_posted_id(request, "node")).first()
            if node is None or not visible.filter(path=_new_parent_path(request)).exists():
                raise PermissionDenied
        response: HttpResponse = super().move_node(request)  # type: ignore[misc]  # not in the stubs
        return response


def _posted_id(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() else 0


def _new_parent_path(request: HttpRequest) -> str:
    """The path of the unit a drag-and-drop move would put the node under; empty when unknown."""
    target = Unit.objects.filter(pk=_posted_id(request, "target")).first()
    relation = request.POST.get("relation")
    if target is None or relation not in {"child", "sibling"}:
        return ""
    return target.path if relation == "child" else target.path[: -Unit.steplen]


def _save_role_through_services(
    request: HttpRequest, assignment: RoleAssignment, *, initial: dict[str, Any]
) -> None:
    """Grants and revocations from the admin go through the services, so the admin-site access that the
    administrator role brings follows, and each leaves an event."""
    actor = request.user if isinstance(request.user, User) else None
    if assignment.pk is not None and initial:
        old = RoleAssignment.objects.select_related("staff__account", "unit").get(pk=assignment.pk)
        if (old.staff_id, old.unit_id, old.role) == (
            assignment.staff_id,
            assignment.unit_id,
            assignment.role,
        ):
            return
        services.role_revoke(staff=old.staff, unit=old.unit, role=Role(old.role), actor=actor)
    services.role_grant(staff=assignment.staff, unit=assignment.unit, role=Role(assignment.role), actor=actor)


def _revoke_through_services(request: HttpRequest, assignment: RoleAssignment) -> None:
    actor = request.user if isinstance(request.user, User) else None
    services.role_revoke(
        staff=assignment.staff, unit=assignment.unit, role=Role(assignment.role), actor=actor
    )


class RoleAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ("unit",)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        # The autocomplete only offers visible units, but a posted id is checked against this queryset.
        if db_field.name == "unit" and not request.user.is_superuser:
            kwargs["queryset"] = access.units_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        # The admin's change message reads these three lists, as ModelFormSet.save would fill them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            assignment = inline_form.instance
            if formset.can_delete and formset._should_delete_form(inline_form):
                if assignment.pk is not None:
                    _revoke_through_services(request, RoleAssignment.objects.get(pk=assignment.pk))
                    formset.deleted_objects.append(assignment)
            elif inline_form.has_changed():
                is_new = assignment.pk is None
                assignment.staff = form.instance
                _save_role_through_services(
                    request, assignment, initial={} if is_new else inline_form.initial
                )
                if is_new:
                    formset.new_objects.append(assignment)
                else:
                    formset.changed_objects.append((assignment, inline_form.changed_data))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Staff]:
        queryset = super().get_queryset(request).select_related("account", "home_unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=access.staff_visible_to(request.user).values("pk"))

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if not request.user.is_superuser:
            if db_field.name == "home_unit":
                kwargs["queryset"] = access.units_visible_to(request.user)
            elif db_field.name == "account":
                # A staff record may take a staff account nobody holds yet, or keep its own; never a
                # customer's or a superuser's.
                kwargs["queryset"] = User.objects.filter(kind=AccountKind.STAFF, is_superuser=False).filter(
                    Q(staff__isnull=True) | Q(staff__in=access.staff_visible_to(request.user))
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("staff", "role", "unit", "granted_at")
    list_filter = ("role",)
    search_fields = ("staff__account__display_name", "staff__employee_number", "unit__name")
    autocomplete_fields = ("staff", "unit")

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        _save_role_through_services(request, obj, initial=form.initial if change else {})

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        _revoke_through_services(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset.select_related("staff__account", "unit"):
            _revoke_through_services(request, assignment)

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        queryset = super().get_queryset(request).select_related("staff__account", "unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            access.subtree_condition(access.scope_paths_for_user(request.user), field="unit__path")
        )

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        # Without this, a posted id could grant a role at any unit, the province included.
        if not request.user.is_superuser:
            if db_field.name == "unit":
                kwargs["queryset"] = access.units_visible_to(request.user)
            elif db_field.name == "staff":
                kwargs["queryset"] = access.staff_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
