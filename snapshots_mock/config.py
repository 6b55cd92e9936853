"""All of the mock server's configuration, in one dataclass.

Every knob lives in `MockConfig`; the command line (`snapshots_mock.cli`) only fills it in, and
the worker processes of a multi-worker server receive it as JSON in one environment variable.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SEED = PACKAGE_DIR / "seed_data.yaml"
# The wheel carries the document beside the package (pyproject's force-include); a source tree
# or an editable install reads it from the repository. Either way there is one document.
_PACKAGED_DOCUMENT = PACKAGE_DIR / "openapi.yaml"
_SOURCE_DOCUMENT = PACKAGE_DIR.parent / "openapi" / "openapi.yaml"
ENVIRONMENT_VARIABLE = "SNAPSHOTS_MOCK_CONFIG"
SQLITE_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")


def default_document() -> Path:
    """The OpenAPI document the mock serves: the packaged copy, else the repository's."""
    return _PACKAGED_DOCUMENT if _PACKAGED_DOCUMENT.exists() else _SOURCE_DOCUMENT


@dataclass(frozen=True)
class Faults:
    """Deliberate departures from the document, to prove that the contract tests can fail.

    Every switch is off by default and is reachable only through this configuration (never
    through the served API). None is defined yet: each later switch is one boolean here.
    """


@dataclass(frozen=True)
class MockConfig:
    """Everything that can be configured about one mock server."""

    # SQLAlchemy URL. SQLite (a file, nothing to start) by default; PostgreSQL with
    # ``postgresql+psycopg://user@host:port/database`` for one mock shared by several workers.
    database_url: str = "sqlite:///snapshots-mock.sqlite3"
    # Accounts, tokens, servers and snapshots loaded into an empty database, and by a reset.
    seed_path: Path = DEFAULT_SEED
    # The OpenAPI document that defines routes, parameters and the schemas checked.
    openapi_path: Path = field(default_factory=default_document)
    # How long a new snapshot stays ``in_progress``, and a server ``restoring``, in seconds.
    snapshot_seconds: float = 5.0
    restore_seconds: float = 5.0
    # Check every answer against the document's response schema (a failure is a 500 that names
    # the mismatch: the mock, not the caller, is wrong).
    validate_responses: bool = True
    # The largest request body taken, in bytes; the document promises 16 KiB.
    max_body_bytes: int = 16 * 1024
    # SQLite's ``synchronous`` pragma (WAL journal). NORMAL keeps every committed snapshot across
    # a crash or kill of the mock; FULL also across a power loss, at one fsync per write.
    sqlite_synchronous: str = "NORMAL"
    # How long a SQLite writer waits for another worker's write to finish, in seconds.
    sqlite_busy_timeout: float = 30.0
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # One log line per request: method, path, status, time taken (never a header, so never a
    # token).
    access_log: bool = True
    log_level: str = "info"
    faults: Faults = field(default_factory=Faults)

    def __post_init__(self) -> None:
        if self.sqlite_synchronous.upper() not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"sqlite_synchronous must be one of {SQLITE_SYNCHRONOUS}")
        for name in ("snapshot_seconds", "restore_seconds", "sqlite_busy_timeout"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.max_body_bytes < 1 or self.workers < 1:
            raise ValueError("max_body_bytes and workers must be at least 1")

    def to_json(self) -> str:
        """The configuration as JSON, for the environment of worker processes."""
        return json.dumps(dataclasses.asdict(self), default=str)

    @classmethod
    def from_json(cls, text: str) -> MockConfig:
        values: dict[str, Any] = json.loads(text)
        values["seed_path"] = Path(values["seed_path"])
        values["openapi_path"] = Path(values["openapi_path"])
        values["faults"] = Faults(**values.get("faults", {}))
        return cls(**values)

    @classmethod
    def from_environment(cls) -> MockConfig:
        """The configuration a parent process left in `ENVIRONMENT_VARIABLE`, else the default."""
        text = os.environ.get(ENVIRONMENT_VARIABLE)
        return cls() if text is None else cls.from_json(text)
