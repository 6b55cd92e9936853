"""Where the mock's state lives: a SQL database, SQLite or PostgreSQL (see `database`).

SQLite (a file, nothing to start) is the default; PostgreSQL serves one mock shared by several
workers or machines. The rules that must hold across workers (at most 5 snapshots per server,
names unique per server, no restore while a snapshot is being taken) are checked and written in
one transaction that first takes the server's lock: ``SELECT ... FOR UPDATE`` on PostgreSQL, and
``BEGIN IMMEDIATE`` on SQLite, whose one writer at a time makes every write transaction hold the
whole database. Nothing is written unless every check passed, so a refused request changes
nothing.

Each worker process holds two DB-API connections, one for reads and one for writes, each used
by a thread of its own (a `Lane`), with the SQL of `sql` turned into the database's placeholder
style once: SQLAlchemy's ``Connection.execute`` (pool checkout, events, result wrapping) took
twice the time of the same SQL on the DB-API cursor (docs/benchmarks.md), and the mock has to
answer thousands of requests a second. Nothing that can wait for the database runs on the
event loop (issue 24): a write waiting out a locked SQLite file (up to the busy timeout) or a
slow PostgreSQL held up every request of the worker, those that need no database included.
Reads have a lane of their own so that they are not queued behind a write waiting for a lock
(SQLite's write-ahead log lets them read meanwhile). One exception keeps the hot path fast: a
SQLite read is first tried on the event loop, on a connection whose busy timeout is zero, so it
either reads at once or fails at once and goes to the reads' lane. A read there never waits for
a lock, and the hop to a thread (with the GIL handed back and forth) cost the list more than
half its requests a second (docs/benchmarks.md). On SQLite a thread checkpoints the write-ahead
log (`checkpoint`).

Time is stored, never ticked: a snapshot keeps when it was asked for and when it is ready, a
server until when it is restoring, and each status is derived from those and the clock's present
reading (see `handlers`).
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from snapshots_mock.checkpoint import SERVING_AUTOCHECKPOINT_PAGES, Checkpointer
from snapshots_mock.config import MockConfig
from snapshots_mock.database import (
    connect_postgresql,
    connect_sqlite,
    parse_database_url,
    postgresql_dialect,
    sqlite_dialect,
)
from snapshots_mock.fields import SnapshotFields, snapshot_fields
from snapshots_mock.queries import Reader, Writer
from snapshots_mock.seed import Seed
from snapshots_mock.sql import (
    ADD_SENT_COLUMN,
    INSERT_ACCOUNT,
    INSERT_SERVER,
    SNAPSHOT_COLUMNS,
    TABLES,
    Statements,
    sent_columns,
)


def _close(cursor: Any) -> None:
    # After a failure the connection may already be closed (and the cursor with it): SQLite's
    # driver then refuses even to close the cursor.
    with contextlib.suppress(Exception):
        cursor.close()


T = TypeVar("T")
A = TypeVar("A")


class Lane:
    """One connection (opened on first use) and the one thread that calls the database on it.

    The lock keeps a test's reset, which comes from a thread of the test's, and the other lane's
    thread (a fault that reads while writing) apart from the lane's own.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.lock = threading.Lock()
        self.connection: Any = None
        self.executor = self._executor()

    def _executor(self) -> ThreadPoolExecutor:
        # Its thread starts at the first call, so a store that is never run starts none.
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"snapshots-{self.name}")

    def stop_calls(self) -> None:
        """Drop the queued calls (one running ends within the busy timeout); a store closed
        and used again (as tests do) gets a new thread."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._executor()


def _stale(connection: Any) -> bool:
    """A PostgreSQL connection that the server ended while it was idle (a restart, say).

    An idle connection in autocommit mode has nothing to read; one the server ended has its
    farewell (``FATAL: terminating connection``) and the end of the stream waiting. Checked
    before each use, without a round trip, so that the first request after the database comes
    back is served instead of failing on the old connection (issue 24).
    """
    if connection.closed or connection.broken:
        return True
    readable, _, _ = select.select([connection.fileno()], [], [], 0)
    return bool(readable)


class _Busy(Exception):
    """A read on the event loop found the SQLite file locked: it goes to the reads' lane."""


class DatabaseUnavailable(Exception):
    """The database could not be reached or failed (the driver's error is the cause): a 503.

    The connection is thrown away; the next request opens a new one.
    """


class Store:
    """The mock's database: reads, the locked write transaction, seeding and reset.

    Two DB-API connections serve the worker's requests, in autocommit mode, each in its own
    thread (`Lane`): reads on one, writes on the other, one at a time on each; a write
    transaction is an explicit BEGIN ... COMMIT. `run` calls a handler in its lane's thread.
    """

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.url = parse_database_url(config.database_url)
        self.is_sqlite = self.url.backend == "sqlite"
        self.dialect = sqlite_dialect() if self.is_sqlite else postgresql_dialect()
        # The properties stored as sent, from the document: a property the mock cannot carry
        # stops it here, at start-up (`fields.DocumentError`).
        self.fields: SnapshotFields = snapshot_fields(config.openapi_path)
        self._statements = Statements(self.dialect, self.fields)
        self._reads = Lane("reads")
        self._writes = Lane("writes")
        # SQLite reads tried on the event loop (busy timeout 0); its thread is never started.
        self._loop_reads = Lane("loop-reads")
        self._on_loop = threading.local()
        self._checkpointer: Checkpointer | None = None
        self._checkpointer_lock = threading.Lock()
        # FAULT: delete_frees_late. Per server, the places still held by snapshots deleted from
        # it while it was at the limit: kept in memory, so until the mock restarts.
        self.places_held_by_deleted: Counter[int] = Counter()

    async def run(self, function: Callable[[A], T], argument: A, *, writes: bool) -> T:
        """`function(argument)` in the thread of the reads' or the writes' lane; a SQLite read
        first on the event loop, without waiting for a lock."""
        if not writes and self.is_sqlite:
            self._on_loop.active = True
            try:
                return function(argument)
            except _Busy:
                pass  # the file is locked: read in the lane, which may wait the busy timeout
            finally:
                self._on_loop.active = False
        lane = self._writes if writes else self._reads
        return await asyncio.get_running_loop().run_in_executor(lane.executor, function, argument)

    def connect(self, *, busy_timeout: float | None = None) -> Any:
        """A new connection to the database, in autocommit mode."""
        if self.is_sqlite:
            return connect_sqlite(
                self.url.target,
                synchronous=self.config.sqlite_synchronous.upper(),
                busy_timeout=self.config.sqlite_busy_timeout
                if busy_timeout is None
                else busy_timeout,
            )
        return connect_postgresql(self.url.target)

    def _open(self, lane: Lane) -> Any:
        if lane.connection is not None and not self.is_sqlite and _stale(lane.connection):
            self._discard(lane)
        if lane.connection is None:
            connection = self.connect(busy_timeout=0 if lane is self._loop_reads else None)
            if self.is_sqlite:
                connection.execute(f"PRAGMA wal_autocheckpoint={SERVING_AUTOCHECKPOINT_PAGES}")
                with self._checkpointer_lock:  # the two lanes' first connections
                    if self._checkpointer is None:
                        self._checkpointer = Checkpointer(self)
                        self._checkpointer.start()
            lane.connection = connection
        return lane.connection

    def _discard(self, lane: Lane) -> None:
        # A connection that failed (a restarted PostgreSQL, say) is replaced on the next call.
        connection, lane.connection = lane.connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # it is being thrown away anyway
                connection.close()

    def close(self) -> None:
        for lane in (self._reads, self._writes):
            lane.stop_calls()
        with self._loop_reads.lock:
            self._discard(self._loop_reads)
        with self._writes.lock, self._checkpointer_lock:
            if self._checkpointer is not None:
                self._checkpointer.stop()
                self._checkpointer = None
            self._discard(self._writes)
        with self._reads.lock:
            self._discard(self._reads)

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        on_loop = getattr(self._on_loop, "active", False)
        lane = self._loop_reads if on_loop else self._reads
        with lane.lock:
            cursor = self._cursor(lane)
            try:
                yield Reader(cursor, self._statements)
            except self.dialect.errors as error:
                self._discard(lane)
                if on_loop:
                    raise _Busy from error  # tried again in the reads' lane, which reports it
                raise DatabaseUnavailable(self.dialect.name) from error
            finally:
                _close(cursor)

    def _cursor(self, lane: Lane) -> Any:
        try:
            return self._open(lane).cursor()
        except self.dialect.errors as error:
            self._discard(lane)
            if lane is self._loop_reads:
                raise _Busy from error
            raise DatabaseUnavailable(self.dialect.name) from error

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._transaction() as cursor:
            yield Writer(cursor, self._statements)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        lane = self._writes
        with lane.lock:
            cursor = self._cursor(lane)
            try:
                cursor.execute(self.dialect.begin_write)
                try:
                    yield cursor
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            except self.dialect.errors as error:
                self._discard(lane)
                raise DatabaseUnavailable(self.dialect.name) from error
            finally:
                _close(cursor)

    def prepare(self, seed: Seed) -> None:
        """Create the tables if missing and seed an empty database; safe from many processes."""
        with self._transaction() as cursor:
            if not self.is_sqlite:
                # Workers starting together: one creates and seeds, the others wait here.
                cursor.execute("SELECT pg_advisory_xact_lock(74657)")
            key, serial_key = self.dialect.key_type, self.dialect.serial_key
            sent = sent_columns(self.fields)
            for table in TABLES:
                cursor.execute(table.format(key=key, serial_key=serial_key, sent_columns=sent))
            self._add_sent_columns(cursor)
            cursor.execute("SELECT count(*) FROM accounts")
            if cursor.fetchone()[0]:
                return
            self._load(cursor, seed)

    def _add_sent_columns(self, cursor: Any) -> None:
        """Add the column of each property documented since the table was made."""
        cursor.execute(SNAPSHOT_COLUMNS)
        existing = {column[0].lower() for column in cursor.description}
        cursor.fetchall()
        for column in self.fields.columns:
            if column not in existing:
                cursor.execute(ADD_SENT_COLUMN.format(column=column))

    def reset(self, seed: Seed) -> None:
        """Throw every change away: the database holds exactly `seed` again."""
        with self._transaction() as cursor:
            if self.is_sqlite:
                for table in ("snapshots", "servers", "accounts"):
                    cursor.execute(f"DELETE FROM {table}")
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'snapshots'")
            else:
                cursor.execute("TRUNCATE snapshots, servers, accounts RESTART IDENTITY")
            self._load(cursor, seed)

    def accounts_by_digest(self) -> dict[str, int]:
        """Every account id by the SHA-256 of its token."""
        with self.reading() as reader:
            reader.cursor.execute("SELECT token_sha256, id FROM accounts")
            return {digest: account_id for digest, account_id in reader.cursor.fetchall()}

    def _load(self, cursor: Any, seed: Seed) -> None:
        account_rows = [
            {"id": a.id, "name": a.name, "token_sha256": a.token_sha256} for a in seed.accounts
        ]
        server_rows: list[dict[str, Any]] = []
        snapshot_rows: list[dict[str, Any]] = []
        for account in seed.accounts:
            for server in account.servers:
                server_rows.append(
                    {
                        "id": server.id,
                        "account_id": account.id,
                        "name": server.name,
                        "status": server.status,
                        "disk_used_mb": server.disk_used_mb,
                        "snapshots_fail": server.snapshots_fail,
                    }
                )
                snapshot_rows.extend(
                    {
                        "id": snapshot.id,
                        "server_id": server.id,
                        "name": snapshot.name,
                        "created_at": snapshot.created_at,
                        "ready_at_us": snapshot.created_at * 1_000_000,
                        "outcome": snapshot.status,
                        "size_mb": snapshot.size_mb,
                        # The seed gives a description (when the document has one) as if sent.
                        **self.fields.row_values({"description": snapshot.description}),
                    }
                    for snapshot in server.snapshots
                )
        for sql, rows in (
            (self.dialect.sql(INSERT_ACCOUNT), account_rows),
            (self.dialect.sql(INSERT_SERVER), server_rows),
            (self._statements.insert_seed_snapshot, snapshot_rows),
        ):
            if rows:
                cursor.executemany(sql, rows)
        if not self.is_sqlite:
            # Explicit ids do not move PostgreSQL's sequence; the next new id follows the seed's.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('snapshots', 'id'), "
                "COALESCE((SELECT max(id) FROM snapshots), 0) + 1, false)"
            )
