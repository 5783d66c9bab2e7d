"""Django test clients logged in to the admin site as a given account."""

from __future__ import annotations

from django.test import Client

from yekuo.accounts.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(account: User) -> Client:
    client = Client()
    client.force_login(account, backend=MODEL_BACKEND)
    return client
