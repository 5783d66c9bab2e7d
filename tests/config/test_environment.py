"""Configuration from the environment: the secret key, the database URL and typed values."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from yekuo.config import environment
from yekuo.config.environment import ConfigurationError

SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRES_ENGINE = "django.db.backends.postgresql"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start each test without the variables the process may carry (CI sets some of them)."""
    for name in (
        "YEKUO_SECRET_KEY",
        "YEKUO_DATABASE_URL",
        "YEKUO_DATA_DIR",
        "YEKUO_TEST_NUMBER",
        "YEKUO_TEST",
    ):
        monkeypatch.delenv(name, raising=False)


def test_secret_key_is_generated_once_with_owner_only_permissions(tmp_path: Path) -> None:
    key = environment.secret_key(tmp_path)

    key_file = tmp_path / environment.SECRET_KEY_FILE_NAME
    assert len(key) >= 50
    assert key_file.read_text(encoding="ascii") == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_secret_key_is_reused_on_the_next_start(tmp_path: Path) -> None:
    first = environment.secret_key(tmp_path)

    assert environment.secret_key(tmp_path) == first


def test_a_stored_key_with_surrounding_whitespace_is_read_trimmed(tmp_path: Path) -> None:
    (tmp_path / environment.SECRET_KEY_FILE_NAME).write_text("  stored-key-value\n", encoding="ascii")

    assert environment.secret_key(tmp_path) == "stored-key-value"


def test_yekuo_secret_key_wins_and_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / environment.SECRET_KEY_FILE_NAME).write_text("stored", encoding="ascii")
    monkeypatch.setenv("YEKUO_SECRET_KEY", "  from-the-environment  ")

    assert environment.secret_key(tmp_path) == "from-the-environment"


def test_a_blank_yekuo_secret_key_falls_back_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YEKUO_SECRET_KEY", "   ")

    key = environment.secret_key(tmp_path)

    assert (tmp_path / environment.SECRET_KEY_FILE_NAME).read_text(encoding="ascii") == key


@pytest.mark.parametrize("content", [pytest.param("", id="empty"), pytest.param("\n  \n", id="whitespace")])
def test_an_empty_key_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    key_file = tmp_path / environment.SECRET_KEY_FILE_NAME
    key_file.write_text(content, encoding="ascii")

    with pytest.raises(ConfigurationError, match="is empty: delete it"):
        environment.secret_key(tmp_path)

    assert key_file.read_text(encoding="ascii") == content  # left for the operator to inspect


def test_data_directory_is_created_from_yekuo_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = tmp_path / "nested" / "data"
    monkeypatch.setenv("YEKUO_DATA_DIR", str(wanted))

    directory = environment.data_directory()

    assert directory == wanted.resolve()
    assert directory.is_dir()


def test_the_default_database_is_sqlite_in_the_data_directory_with_wal(tmp_path: Path) -> None:
    settings = environment.database(tmp_path)

    assert settings.is_sqlite
    assert settings.config["ENGINE"] == SQLITE_ENGINE
    assert Path(settings.config["NAME"]) == tmp_path / "yekuo.sqlite3"
    init_command = settings.config["OPTIONS"]["init_command"]
    assert "PRAGMA journal_mode=WAL" in init_command
    assert "PRAGMA foreign_keys=ON" in init_command
    assert "PRAGMA busy_timeout=" in init_command
    assert settings.config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.config["CONN_MAX_AGE"] == 0
    assert settings.config["TEST"] == {"NAME": None}


def test_a_postgres_url_is_parsed_with_persistent_connections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YEKUO_DATABASE_URL", "postgres://yekuo:s3cret@db.example.internal:5433/yekuo_prod")

    settings = environment.database(tmp_path)

    assert not settings.is_sqlite
    config = settings.config
    assert config["ENGINE"] == POSTGRES_ENGINE
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("yekuo_prod", "yekuo", "s3cret")
    assert (config["HOST"], config["PORT"]) == ("db.example.internal", 5433)
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert "init_command" not in config.get("OPTIONS", {})
    assert config["OPTIONS"]["options"] == "-c jit=off"


def test_an_explicit_sqlite_url_keeps_the_wal_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YEKUO_DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite3'}")

    settings = environment.database(tmp_path)

    assert settings.is_sqlite
    assert settings.config["NAME"].endswith("other.sqlite3")
    assert "journal_mode=WAL" in settings.config["OPTIONS"]["init_command"]


def test_a_malformed_database_url_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_DATABASE_URL", "nosuchdb://somewhere/else")

    with pytest.raises(ConfigurationError, match="YEKUO_DATABASE_URL"):
        environment.database(tmp_path)


def test_read_int_reads_a_whole_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YEKUO_TEST_NUMBER", " 42 ")

    assert environment.read_int("YEKUO_TEST_NUMBER", 5) == 42


@pytest.mark.parametrize("raw", [pytest.param(None, id="unset"), pytest.param("  ", id="blank")])
def test_read_int_falls_back_to_the_default(monkeypatch: pytest.MonkeyPatch, raw: str | None) -> None:
    if raw is not None:
        monkeypatch.setenv("YEKUO_TEST_NUMBER", raw)

    assert environment.read_int("YEKUO_TEST_NUMBER", 5) == 5


@pytest.mark.parametrize("raw", ["five", "4.5", "12abc"])
def test_read_int_error_names_the_variable_and_the_value(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("YEKUO_TEST_NUMBER", raw)

    with pytest.raises(ConfigurationError) as caught:
        environment.read_int("YEKUO_TEST_NUMBER", 5)

    assert "YEKUO_TEST_NUMBER" in str(caught.value)
    assert repr(raw) in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, False, id="unset-uses-default"),
        pytest.param("", False, id="blank-uses-default"),
        pytest.param("1", True, id="one"),
        pytest.param(" Yes ", True, id="yes-any-case"),
        pytest.param("on", True, id="on"),
        pytest.param("0", False, id="zero"),
        pytest.param("nope", False, id="anything-else"),
    ],
)
def test_read_flag(monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: bool) -> None:
    if raw is not None:
        monkeypatch.setenv("YEKUO_TEST", raw)

    assert environment.read_flag("YEKUO_TEST") is expected


def test_read_flag_default_applies_only_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    assert environment.read_flag("YEKUO_TEST", default=True) is True
    monkeypatch.setenv("YEKUO_TEST", "0")
    assert environment.read_flag("YEKUO_TEST", default=True) is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, ["default"], id="unset"),
        pytest.param(" ", ["default"], id="blank"),
        pytest.param("a.example, b.example ,,", ["a.example", "b.example"], id="trimmed-and-empty-dropped"),
    ],
)
def test_read_list(monkeypatch: pytest.MonkeyPatch, raw: str | None, expected: list[str]) -> None:
    if raw is not None:
        monkeypatch.setenv("YEKUO_TEST", raw)

    assert environment.read_list("YEKUO_TEST", ["default"]) == expected


def test_read_text_trims_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    assert environment.read_text("YEKUO_TEST", "INFO") == "INFO"
    monkeypatch.setenv("YEKUO_TEST", " DEBUG ")
    assert environment.read_text("YEKUO_TEST", "INFO") == "DEBUG"
