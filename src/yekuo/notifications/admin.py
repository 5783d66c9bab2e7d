"""Notifications and deliveries in the admin: read-only, to see what was sent and why a delivery failed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yekuo.notifications.models import Delivery, Notification


class ReadOnly:
    """Nobody adds, edits or deletes these rows by hand; the worker writes them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeliveryInline(ReadOnly, admin.TabularInline[Delivery, Notification]):
    model = Delivery
    extra = 0
    fields = ("channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(ReadOnly, admin.ModelAdmin[Notification]):
    list_display = ("created_at", "recipient", "kind", "title", "read_at", "application_id", "work_item_id")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "=application_id", "=work_item_id")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    inlines = (DeliveryInline,)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, admin.ModelAdmin[Delivery]):
    list_display = (
        "notification",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("channel", "status")
    list_select_related = ("notification",)
