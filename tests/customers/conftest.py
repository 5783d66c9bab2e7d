"""The customer tests use the same settings as the organisation tests."""

from tests.org.conftest import plain_static_files

__all__ = ["plain_static_files"]
