"""The account tests use the same settings as the organisation tests."""

from tests.org.conftest import fast_password_hashing, plain_static_files

__all__ = ["fast_password_hashing", "plain_static_files"]
