"""Shared web shell: layout, landing page, log-out, language switch, navigation."""
