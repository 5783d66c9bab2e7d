"""Accounts in the admin: search, activate, reset a password. Unit scoping lives in org and customers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yekuo.accounts.models import User


class AccountChangeForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


class AccountCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "display_name", "kind")


@admin.register(User)
class AccountAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ("username", "display_name", "kind", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff")
    search_fields = ("username", "display_name")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password", "kind")}),
        (_("Personal details"), {"fields": ("display_name", "email", "preferred_language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "joined_at")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "display_name", "kind", "password1", "password2")},
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Any:
        """Only a superuser grants access: anyone else editing an account (their own) cannot raise it."""
        readonly = ["last_login", "joined_at"]
        if not request.user.is_superuser:
            readonly += [
                "username",
                "kind",
                "is_active",
                "is_staff",
                "is_superuser",
                "groups",
                "user_permissions",
            ]
        return readonly

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Raw account lists cross every unit: only superusers see them; others manage staff and customers.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.pk)
