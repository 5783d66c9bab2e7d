"""Notifications in the admin: listed and shown to see what was sent, never added, edited or deleted."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.org.admin_clients import client_for
from tests.org.conftest import plain_static_files
from yekuo.accounts.models import User
from yekuo.notifications.models import Delivery, DeliveryChannel, Notification
from yekuo.notifications.services import notify

__all__ = ["plain_static_files"]  # fixtures used by every test here

MODELS: list[type[Model]] = [Notification, Delivery]


def admin_url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(english_engineer: User) -> Client:
    notify(
        recipient=english_engineer,
        kind="work_item.warned",
        title="现场勘查",
        body="",
        channels=[DeliveryChannel.EMAIL],
    )
    return client_for(
        User.objects.create_superuser("root.admin", "correct-horse-battery-staple", display_name="根")
    )


@pytest.mark.parametrize("model", MODELS, ids=[model.__name__ for model in MODELS])
def test_the_lists_and_pages_render_and_nothing_can_be_added(
    superuser_client: Client, model: type[Model]
) -> None:
    instance = model._default_manager.get()

    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    assert superuser_client.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert superuser_client.get(admin_url(model, "add")).status_code == 403
    assert superuser_client.post(admin_url(model, "delete", instance.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.count() == 1
