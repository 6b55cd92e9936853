"""All of the mock server's configuration, in one dataclass.

Every knob lives in `MockConfig`; the command line (`snapshots_mock.cli`) only fills it in, and
the worker processes of a multi-worker server receive it as JSON in one environment variable.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from snapshots_mock.database import parse_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SEED = PACKAGE_DIR / "seed_data.yaml"
# The wheel carries the document beside the package (pyproject's force-include); a source tree
# or an editable install reads it from the repository. Either way there is one document.
_PACKAGED_DOCUMENT = PACKAGE_DIR / "openapi.yaml"
_SOURCE_DOCUMENT = PACKAGE_DIR.parent / "openapi" / "openapi.yaml"
ENVIRONMENT_VARIABLE = "SNAPSHOTS_MOCK_CONFIG"
SQLITE_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
# The longest a snapshot or restore may be set to take: a year. Beyond, the stored instants
# (microseconds) would leave the databases' 64-bit integers.
MAX_LIFECYCLE_SECONDS = 365 * 24 * 3600.0


def default_document() -> Path:
    """The OpenAPI document the mock serves: the packaged copy, else the repository's."""
    return _PACKAGED_DOCUMENT if _PACKAGED_DOCUMENT.exists() else _SOURCE_DOCUMENT


@dataclass(frozen=True)
class Faults:
    """Deliberate departures from the document, to prove that the contract tests can fail.

    Every switch is off by default and is reachable only through this configuration: never
    through the served API (no header, parameter or path turns one on) and not through the
    ``snapshots-mock`` command. The contract tests' fault matrix (``tests/contract``) turns on
    one at a time and checks that the suite fails. Each switch is one marked code path in the
    mock (search for ``FAULT:``).

    The faults that break the answer's shape (``wrong_create_status``, ``missing_response_field``,
    ``mistyped_response_field``) are only visible with ``validate_responses`` off: with it on,
    the mock's own response validation turns them into a 500 before they leave it.
    """

    # Every request is taken as the first seed account's, whatever its token (or none).
    skip_auth: bool = False
    # The list shows every account's snapshots, and restore and delete act on another
    # account's snapshot as on one's own.
    leak_other_accounts: bool = False
    # A 6th snapshot (and more) is created instead of being refused.
    ignore_limit: bool = False
    # The list ignores its ``server_id`` filter.
    ignore_server_filter: bool = False
    # A filtered list's ``count`` is the number of all the account's snapshots.
    unfiltered_count: bool = False
    # A delete answers 204 but keeps the snapshot.
    delete_keeps_snapshot: bool = False
    # A restore answers 200 (server ``restoring``) but never starts: the server stays as it was.
    restore_does_not_start: bool = False
    # A created snapshot is answered 200 instead of the documented 201.
    wrong_create_status: bool = False
    # Listed snapshots have no ``created_at``.
    missing_response_field: bool = False
    # ``size_mb`` is sent as a string (``"5120"``) instead of an integer.
    mistyped_response_field: bool = False
    # A create whose description is empty or holds a character beyond ASCII fails with a 500.
    server_error_on_odd_input: bool = False
    # A snapshot name that breaks the document's pattern or length is accepted.
    accept_invalid_name: bool = False
    # The switches below change what an answer says, each in a way that no schema forbids (or
    # not only a schema): the contract suite's reference model catches them. They are applied
    # to the handlers' replies by `snapshots_mock.answer_faults`, outside the request path of a
    # mock without faults.
    # Lists show each description cut to 10 characters (not as it was sent).
    wrong_stored_field: bool = False
    # Lists are oldest first.
    wrong_order: bool = False
    # A new snapshot's created_at is a year before the call.
    far_created_at: bool = False
    # Snapshots carry a ``storage_path`` the document does not name.
    extra_property: bool = False
    # Every other list shows completed snapshots as in_progress again.
    status_goes_back: bool = False
    # A new snapshot (in_progress) is answered with a size.
    size_against_status: bool = False
    # A restore's answer names the next snapshot id, or the next server id, not the one asked.
    restore_names_other_snapshot: bool = False
    restore_names_other_server: bool = False
    # Lists show their first snapshot twice.
    duplicate_in_list: bool = False
    # Lists leave out their newest snapshot.
    missing_in_list: bool = False
    # Every created_at is written with a fraction and an offset ("...T18:30:00.000+00:00"):
    # still a date-time to the schema, not the document's UTC to the whole second.
    created_at_with_offset: bool = False
    # The switches below break a statement of the document's prose about requests and errors,
    # which no response schema can say; the contract suite's checks and scenarios catch them.
    # Errors other than invalid_parameters carry a details entry (the document: empty).
    details_on_other_errors: bool = False
    # A 404 for a path the API does not have, and a 405, have a framework's body
    # ({"detail": ...}), not the API's error body.
    framework_error_body: bool = False
    # A snapshot id in a path that is not an id (not an integer, or out of range) is answered
    # 404 snapshot_not_found instead of 400 invalid_parameters.
    bad_path_id_not_found: bool = False
    # A path without its trailing slash is redirected (307) to the path with it.
    redirect_without_slash: bool = False
    # HEAD and OPTIONS are answered 204 with Allow instead of 405.
    head_and_options_answered: bool = False
    # A query parameter given twice is taken at its first value instead of refused.
    repeated_query_parameter_taken: bool = False
    # A query parameter the operation does not define is refused instead of ignored.
    unknown_query_parameter_refused: bool = False
    # A name in use on the server is refused as invalid_parameters, not duplicate_snapshot_name.
    duplicate_name_as_invalid: bool = False
    # A name in use is refused before the limit: a 6th create with a name in use is answered
    # duplicate_snapshot_name, not snapshot_limit_reached.
    duplicate_before_limit: bool = False
    # A create on another account's server is refused with invalid_state ("belongs to another
    # account"), not as an unknown server (server_not_found).
    other_server_revealed: bool = False
    # Names are compared without case: a name differing only in case is refused as in use.
    names_case_insensitive: bool = False
    # The switches below break the rest of what the document says of the limit, of the order of
    # a create's refusals and of refused requests (issue 22); the contract suite's scenarios
    # catch them.
    # A delete from a server at the limit does not free its place until the mock restarts: the
    # server still counts 5 (the document: "Deleting frees a place ... at once").
    delete_frees_late: bool = False
    # Completed snapshots do not count toward the limit; or, the other way, those in_progress.
    completed_not_counted: bool = False
    in_progress_not_counted: bool = False
    # A restoring server at the limit is answered snapshot_limit_reached, not invalid_state.
    limit_before_invalid_state: bool = False
    # A name in use on a restoring server is answered duplicate_snapshot_name, not invalid_state.
    duplicate_before_invalid_state: bool = False
    # A delete of a snapshot in_progress is refused with invalid_state.
    delete_in_progress_refused: bool = False
    # A create refused with invalid_state (a restoring server) stores the snapshot all the same.
    refused_create_stores: bool = False
    # A restore refused with invalid_state puts its snapshot back in_progress.
    refused_restore_requeues: bool = False

    def enabled(self) -> tuple[str, ...]:
        """The names of the switches that are on."""
        return tuple(f.name for f in dataclasses.fields(self) if getattr(self, f.name))


@dataclass(frozen=True)
class MockConfig:
    """Everything that can be configured about one mock server."""

    # SQLite (a file, nothing to start) by default; PostgreSQL with
    # ``postgresql://user:password@host:port/database`` for one mock shared by several workers
    # (the forms it takes are in `snapshots_mock.database`).
    database_url: str = "sqlite:///snapshots-mock.sqlite3"
    # Accounts, tokens, servers and snapshots loaded into an empty database, and by a reset.
    seed_path: Path = DEFAULT_SEED
    # Start from the seed data: what the database holds (every snapshot, restore and id since it
    # was seeded) is thrown away once, when the mock starts. Without it a restart keeps it all.
    fresh: bool = False
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
    # How long a SQLite write waits for a lock held elsewhere (another worker's write, another
    # program) before it gives up with a 503, in seconds. Only that request waits: the
    # database is called off the event loop (`store`).
    sqlite_busy_timeout: float = 30.0
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # One log line per request: method, path, status, time taken (never a header, so never a
    # token).
    access_log: bool = True
    log_level: str = "info"
    # Limits on what one connection may hold (docs/mock.md, "Limits"). The request line and
    # headers together, in bytes: more is a 431 and the connection is closed.
    max_header_bytes: int = 16 * 1024
    # Seconds to receive a request's line and headers, counted from its first byte, and then
    # its body: a request slower than that is a 408 and the connection is closed.
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 10.0
    # Seconds an open connection may wait for its next request (after connecting, or after an
    # answer) before it is closed without a word: uvicorn's keep-alive timeout.
    keep_alive_seconds: float = 5.0
    # Open connections per worker process; one more is answered 503 and closed at once, before
    # it holds a file for long. Also the most requests a worker works on at once (uvicorn's
    # limit_concurrency).
    max_connections: int = 512
    # How many seconds a 503 (database unavailable, or too many connections) asks a client to
    # wait, in its Retry-After header.
    retry_after_seconds: int = 1
    faults: Faults = field(default_factory=Faults)
    # Opt-in misbehaviour for client tests (429, 503, HTML pages, unknown codes, slow and
    # missing answers), armed over HTTP at /_mock/misbehaviour; off by default
    # (snapshots_mock.misbehaviour).
    misbehaviour: bool = False

    def __post_init__(self) -> None:
        parse_database_url(self.database_url)  # DatabaseUrlError, a ValueError, says what is wrong
        if self.sqlite_synchronous.upper() not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"sqlite_synchronous must be one of {SQLITE_SYNCHRONOUS}")
        for name in ("snapshot_seconds", "restore_seconds", "sqlite_busy_timeout"):
            value = getattr(self, name)
            if not math.isfinite(value) or not 0 <= value <= MAX_LIFECYCLE_SECONDS:
                raise ValueError(f"{name} must be from 0 to {MAX_LIFECYCLE_SECONDS:.0f} seconds")
        for name in ("header_timeout_seconds", "body_timeout_seconds", "keep_alive_seconds"):
            value = getattr(self, name)
            if not math.isfinite(value) or not 0 < value <= 3600:
                raise ValueError(f"{name} must be more than 0 and at most 3600 seconds")
        for name in ("max_body_bytes", "workers", "max_connections", "retry_after_seconds"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_header_bytes < 1024:
            raise ValueError("max_header_bytes must be at least 1024")
        if not 1 <= self.port <= 65535:
            raise ValueError(f"port must be from 1 to 65535, not {self.port}")
        if self.log_level.lower() not in LOG_LEVELS:
            raise ValueError(f"log_level must be one of {', '.join(LOG_LEVELS)}")
        if self.misbehaviour and self.workers != 1:
            raise ValueError("misbehaviour keeps its rules in one process: it needs 1 worker")

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
