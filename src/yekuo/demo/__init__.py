"""Deterministic demo data built with the same factories the tests use."""
