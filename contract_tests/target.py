"""What the suite runs against: the mock in this process, or a base URL, and what it may do there.

A `Target` holds where the API is, the tokens (and, for a deployment, the names of the
environment variables they came from, so that a reproduction names the variable, never the
token), and what the run may change. The suite reads it through `active()`, which the pytest
plugin sets once per run.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOG = logging.getLogger("contract_tests")
# The API's largest identifier (2^53 - 1): far beyond any id a deployment hands out, so a call
# that names it touches nothing even where the API is broken.
MAX_ID = 9007199254740991
# The URL a reproduction names for the in-process mock: `nox -s mock -- --port 8000` serves it.
MOCK_BASE_URL = "http://127.0.0.1:8000"
# A new mock snapshot is in_progress this long (the 201 says in_progress, as the document
# wants); a restore keeps the server restoring this long, more than a scenario needs to see it.
MOCK_SNAPSHOT_SECONDS = 0.05
MOCK_RESTORE_SECONDS = 2.0


@dataclass(frozen=True)
class Credential:
    """A bearer token, and the environment variable a reproduction names instead of it."""

    token: str = field(repr=False)
    # None for the mock's public test tokens, which reproductions print as they are.
    environment_variable: str | None = None

    def header(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def shown(self) -> str:
        """The token as a reproduction shows it: ``$VARIABLE`` for a secret one."""
        if self.environment_variable is None:
            return self.token
        return f"${self.environment_variable}"


@dataclass
class Tracker:
    """The snapshots this run created, so that it touches and deletes only its own."""

    # Names of the snapshots this run creates on a deployment begin with this.
    prefix: str = field(default_factory=lambda: f"ct-{secrets.token_hex(4)}-")
    created: dict[int, int] = field(default_factory=dict)  # snapshot id -> server id
    deleted: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, snapshot_id: int, server_id: int) -> None:
        with self.lock:
            self.created[snapshot_id] = server_id
            self.deleted.discard(snapshot_id)

    def forget(self, snapshot_id: int) -> None:
        with self.lock:
            self.deleted.add(snapshot_id)

    def owns(self, snapshot_id: int) -> bool:
        with self.lock:
            return snapshot_id in self.created

    def remaining(self) -> list[int]:
        with self.lock:
            return [i for i in self.created if i not in self.deleted]

    def forget_all(self) -> None:
        """Everything created is gone (the in-process mock was reset)."""
        with self.lock:
            self.deleted.update(self.created)

    def any_owned(self) -> int | None:
        """One of this run's snapshots, present ones first; None before the first create."""
        with self.lock:
            present = [i for i in self.created if i not in self.deleted]
            every = present or list(self.created)
            return every[-1] if every else None


@dataclass
class Target:
    """Where the suite runs and what it may do there."""

    description: str
    base_url: str
    token: Credential
    other_token: Credential | None
    allow_writes: bool
    allow_restore: bool
    disposable_server_id: int | None
    # The servers a generated create may name (the guard puts one of them in its body).
    fuzz_servers: tuple[int, ...]
    live: bool  # a deployment (or a server reached as one): the guard's rules apply
    app: Any = None  # the ASGI application of the in-process mock
    # Puts the in-process mock back to its seed data (None elsewhere: nothing else can be reset).
    reset: Callable[[], None] | None = None
    completion_timeout: float = 900.0
    poll_interval: float = 5.0
    tracker: Tracker = field(default_factory=Tracker)
    # How often each operation ("METHOD /path/") answered each status in this run.
    observed: Counter[tuple[str, int]] = field(default_factory=Counter)
    # The reference model (contract_tests.model.Model), set by the plugin for the run.
    model: Any = None

    def __post_init__(self) -> None:
        if self.allow_writes and self.disposable_server_id is None:
            raise ValueError("writes need a disposable server id")
        if self.allow_restore and not self.allow_writes:
            raise ValueError("restores need writes: a restore needs a snapshot this run created")

    def secrets(self) -> dict[str, str]:
        """Each secret token and what a report shows instead of it."""
        found = {}
        for credential in (self.token, self.other_token):
            if credential is not None and credential.environment_variable is not None:
                found[credential.token] = credential.shown()
        return found


class AsAServer:
    """An ASGI application run as a server runs it: an exception raised after the answer was
    sent is logged, not raised to the caller.

    Starlette answers an unhandled exception with the mock's JSON 500 and then raises it again,
    for the server to log (uvicorn does); Schemathesis' in-process transport would raise it into
    the test instead of handing the 500 to the checks.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started = False

        async def watched(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if not started:
                raise
            LOG.exception("the application failed after answering")


_ACTIVE: Target | None = None


def activate(target: Target | None) -> None:
    """Make `target` the one the suite, its checks' follow-up calls and the guard use."""
    global _ACTIVE
    _ACTIVE = target


def active() -> Target | None:
    return _ACTIVE


def in_process_mock(
    faults: tuple[str, ...] = (),
    validate_responses: bool = True,
    database: Path | None = None,
    snapshot_seconds: float = MOCK_SNAPSHOT_SECONDS,
) -> Target:
    """The mock as an ASGI application in this process, on a new SQLite file.

    `faults` names `snapshots_mock.Faults` switches to turn on (the fault matrix); the faults
    that break an answer's shape need `validate_responses` off, or the mock's own validation
    turns them into a 500 first. `snapshot_seconds` longer than the default's milliseconds
    keeps the limit scenario's snapshots in_progress throughout, as on a deployment.
    """
    # Imported here: a run against a deployment needs nothing of the mock, and the installed
    # command (vps-snapshots-contract) comes without it.
    try:
        from snapshots_mock import Faults, MockConfig, SystemClock, seed_facts
        from snapshots_mock.app import SnapshotsMock
    except ImportError as error:
        raise ValueError(
            "no --base-url: the in-process mock needs the snapshots_mock package of the "
            "toolkit's repository; pass --base-url URL to test a deployment"
        ) from error

    if database is None:
        database = Path(tempfile.mkdtemp(prefix="contract-mock-")) / "mock.sqlite3"
    config = MockConfig(
        database_url=f"sqlite:///{database}",
        snapshot_seconds=snapshot_seconds,
        restore_seconds=MOCK_RESTORE_SECONDS,
        validate_responses=validate_responses,
        access_log=False,
        faults=Faults(**dict.fromkeys(faults, True)),
    )
    # The system clock: the scenarios wait for a snapshot to complete as they do on a
    # deployment, only for milliseconds instead of minutes.
    app = SnapshotsMock(config, SystemClock())
    app.prepare()
    enabled = ", ".join(config.faults.enabled()) or "none"
    return Target(
        description=f"the mock in this process (faults: {enabled})",
        base_url=MOCK_BASE_URL,
        # The seed data's public tokens (snapshots_mock/seed_data.yaml) open nothing but the mock.
        token=Credential(seed_facts.TOKEN),
        other_token=Credential(seed_facts.OTHER_TOKEN),
        allow_writes=True,
        allow_restore=True,
        # Account 1's servers: the stopped one has no snapshot and is the scenarios' disposable
        # server; the property tests also create on the page's, whose seed snapshots are the
        # document's examples.
        disposable_server_id=seed_facts.STOPPED_SERVER,
        fuzz_servers=(seed_facts.PAGE_SERVER, seed_facts.STOPPED_SERVER),
        live=False,
        app=AsAServer(app),
        reset=app.reset,
        completion_timeout=30.0,
        poll_interval=0.02,
    )


def deployment(
    base_url: str,
    token: Credential,
    other_token: Credential | None = None,
    *,
    disposable_server_id: int | None = None,
    allow_writes: bool = False,
    allow_restore: bool = False,
    completion_timeout: float = 900.0,
    poll_interval: float = 5.0,
) -> Target:
    """A deployment of the API (or a mock server reached over HTTP, exactly as one)."""
    mode = "read-only"
    if allow_writes:
        mode = f"writes on server {disposable_server_id}"
        if allow_restore:
            mode += ", restores"
    return Target(
        description=f"{base_url} ({mode})",
        base_url=base_url.rstrip("/"),
        token=token,
        other_token=other_token,
        allow_writes=allow_writes,
        allow_restore=allow_restore,
        disposable_server_id=disposable_server_id,
        fuzz_servers=(disposable_server_id,) if disposable_server_id is not None else (),
        live=True,
        completion_timeout=completion_timeout,
        poll_interval=poll_interval,
    )
