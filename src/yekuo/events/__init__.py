"""The append-only, hash-chained event log: every change leaves one row, written in its own transaction."""
