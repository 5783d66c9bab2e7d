"""Shared foundations with no domain words: the clock and coded errors."""
