"""Hash the one demo password once instead of for each of ~190 demo accounts (Argon2 takes ~0.1 s a hash)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth.hashers import make_password

from yekuo.accounts.models import User
from yekuo.demo.organisation import DEMO_PASSWORD


@contextmanager
def demo_password_hashed_once() -> Iterator[None]:
    """Within the block, accounts given the demo password share one Argon2 hash of it. Every demo account
    has that same published password anyway; other passwords are hashed as usual."""
    shared_hash = make_password(DEMO_PASSWORD)
    original = User.set_password

    def set_password(user: User, raw_password: str | None) -> None:
        if raw_password == DEMO_PASSWORD:
            user.password = shared_hash
            user._password = raw_password  # type: ignore[attr-defined]  # as Django's set_password does
        else:
            original(user, raw_password)

    with mock.patch.object(User, "set_password", set_password):
        yield
