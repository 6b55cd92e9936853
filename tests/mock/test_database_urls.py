"""The database URLs the mock takes (SQLAlchemy's forms, kept), and the ones it refuses."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from snapshots_mock.config import MockConfig
from snapshots_mock.database import DatabaseUrlError, parse_database_url, postgresql_dialect


@pytest.mark.parametrize(
    ("url", "backend", "target"),
    [
        ("sqlite:///snapshots-mock.sqlite3", "sqlite", "snapshots-mock.sqlite3"),
        ("sqlite:///data/mock.db", "sqlite", "data/mock.db"),
        ("sqlite:////tmp/mock.db", "sqlite", "/tmp/mock.db"),
        ("sqlite:///with%20space.db", "sqlite", "with space.db"),
        ("postgresql://u:pw@db:5433/mock", "postgresql", "postgresql://u:pw@db:5433/mock"),
        ("postgresql+psycopg://u@db/mock", "postgresql", "postgresql://u@db/mock"),
        (
            "postgres://u@db/mock?sslmode=require",
            "postgresql",
            "postgresql://u@db/mock?sslmode=require",
        ),
    ],
)
def test_sqlalchemy_style_urls_are_understood(url: str, backend: str, target: str) -> None:
    parsed = parse_database_url(url)
    assert (parsed.backend, parsed.target) == (backend, target)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("snapshots.sqlite3", "not a database URL"),
        ("sqlite://", "not a database URL"),
        ("sqlite:///:memory:", "in a file"),
        ("sqlite://host/mock.db", "in a file"),
        ("sqlite:///mock.db?mode=ro", "in a file"),
        ("mysql://u@db/mock", "unsupported database 'mysql'"),
    ],
)
def test_a_url_the_mock_cannot_use_is_refused_with_the_reason(url: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message):
        parse_database_url(url)


def test_the_config_refuses_a_url_it_cannot_use() -> None:
    with pytest.raises(DatabaseUrlError, match="unsupported database 'mysql'"):
        MockConfig(database_url="mysql://u@db/mock")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://mock:s3cret@db:5432/mock", "postgresql://mock:***@db:5432/mock"),
        ("postgresql+psycopg://:s3cret@db/mock", "postgresql+psycopg://:***@db/mock"),
        ("postgresql://mock@db/mock", "postgresql://mock@db/mock"),
        ("sqlite:///mock.db", "sqlite:///mock.db"),
    ],
)
def test_a_password_never_reaches_the_log(url: str, shown: str) -> None:
    assert parse_database_url(url).safe() == shown


def test_postgresql_gets_its_placeholders_and_keeps_its_casts() -> None:
    sql = postgresql_dialect().sql("SELECT :a::text, x FROM t WHERE id = :snapshot_id")
    assert sql == "SELECT %(a)s::text, x FROM t WHERE id = %(snapshot_id)s"


def test_a_sqlite_mock_does_not_load_the_postgresql_driver(tmp_path: Path) -> None:
    # psycopg and libpq are 11 MB of resident memory (docs/benchmarks.md counts every one).
    program = textwrap.dedent(
        f"""
        import sys
        from snapshots_mock import MockConfig, create_app
        app = create_app(MockConfig(database_url="sqlite:///{tmp_path / "m.sqlite3"}"))
        app.prepare()
        app.store.close()
        assert app.authenticate(b"Bearer YOUR_API_TOKEN") == 1
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg", "sqlalchemy")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
