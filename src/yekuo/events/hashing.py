"""The hash of an event: SHA-256 over a canonical JSON of its content and its predecessor's hash."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

GENESIS_HASH = "0" * 64

JsonValue = str | int | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def json_safe(value: Any) -> JsonValue:
    """Values as they will be stored and read back identically on SQLite and PostgreSQL: no floats."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def event_hash(
    *,
    chain: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    kind: str,
    application_id: int | None,
    work_item_id: int | None,
    subject_type: str,
    subject_id: int | None,
    old_values: JsonValue,
    new_values: JsonValue,
    previous_hash: str,
) -> str:
    content = {
        "chain": chain,
        "sequence": sequence,
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "kind": kind,
        "application_id": application_id,
        "work_item_id": work_item_id,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "old_values": old_values,
        "new_values": new_values,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
