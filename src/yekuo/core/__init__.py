"""Shared foundations with no domain words: the clock, coded errors, after-commit side effects."""
