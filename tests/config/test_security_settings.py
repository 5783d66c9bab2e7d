"""The production settings hash passwords with Argon2 (the rest of the suite uses a fast hasher)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher

from yekuo.accounts.models import User


@pytest.mark.argon2
def test_new_passwords_are_hashed_with_argon2(db: None) -> None:
    account = User.objects.create_user(
        "argon.check", "a-long-passphrase-2026", display_name="测试", kind="staff"
    )

    assert identify_hasher(account.password).algorithm == "argon2"
    assert account.check_password("a-long-passphrase-2026")
