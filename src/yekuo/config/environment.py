"""Read yekuo's configuration from environment variables; every default is documented in .env.example."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url

SECRET_KEY_FILE_NAME = "secret_key"  # noqa: S105  # a file name, not a secret
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class ConfigurationError(RuntimeError):
    """A setting in the environment is malformed; the message names the variable."""


def read_flag(name: str, *, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in TRUE_WORDS


def read_text(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip()
    return raw or default


def read_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from None


def read_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_directory() -> Path:
    """Where the SQLite file, uploads, the generated secret key and collected static files live."""
    directory = Path(os.environ.get("YEKUO_DATA_DIR") or "var").expanduser().resolve()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def secret_key(directory: Path) -> str:
    """Use YEKUO_SECRET_KEY, or a key generated once and kept (mode 0600) in the data directory."""
    configured = os.environ.get("YEKUO_SECRET_KEY", "").strip()
    if configured:
        return configured
    key_file = directory / SECRET_KEY_FILE_NAME
    try:
        # O_EXCL: two processes starting at once cannot both write a key; the loser reads the winner's.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        stored = key_file.read_text(encoding="ascii").strip()
        if stored:
            return stored
        raise ConfigurationError(f"{key_file} is empty: delete it to generate a new key") from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


@dataclass(frozen=True)
class DatabaseSettings:
    config: dict[str, Any]
    is_sqlite: bool


def database(directory: Path) -> DatabaseSettings:
    url = os.environ.get("YEKUO_DATABASE_URL", "").strip() or f"sqlite:///{directory / 'yekuo.sqlite3'}"
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as error:
        raise ConfigurationError(f"YEKUO_DATABASE_URL is not a database URL: {error}") from error
    is_sqlite = config["ENGINE"] == "django.db.backends.sqlite3"
    if is_sqlite:
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN,
        # so two writers queue instead of failing with "database is locked" half-way through.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        config["TEST"] = {"NAME": None}
    else:
        # PostgreSQL's JIT compiler spends 100 ms and more compiling the dashboard's aggregates over a
        # province, longer than running them (docs/benchmarks.md); yekuo's queries are short, so it is off.
        config["OPTIONS"] = {"options": "-c jit=off"}
    return DatabaseSettings(config=config, is_sqlite=is_sqlite)
