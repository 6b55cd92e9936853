"""Where the mock's state lives: a SQL database, SQLite or PostgreSQL (see `database`).

SQLite (a file, nothing to start) is the default; PostgreSQL serves one mock shared by several
workers or machines. The rules that must hold across workers (at most 5 snapshots per server,
names unique per server, no restore while a snapshot is being taken) are checked and written in
one transaction that first takes the server's lock: ``SELECT ... FOR UPDATE`` on PostgreSQL, and
``BEGIN IMMEDIATE`` on SQLite, whose one writer at a time makes every write transaction hold the
whole database. Nothing is written unless every check passed, so a refused request changes
nothing.

Each worker process runs every request on one DB-API connection that it holds, with the SQL
below turned into the database's placeholder style once: measured in process, a list request
took 355 microseconds through SQLAlchemy's ``Connection.execute`` (pool checkout, events, result
wrapping) and 161 with the same SQL on the DB-API cursor, the query itself taking 20, and the
mock has to answer thousands of requests a second.

On SQLite, copying the write-ahead log into the database file (a checkpoint, with two fsyncs)
is mostly done by a thread of its own, twenty times a second, rather than by whichever
request's commit crossed SQLite's threshold of 1,000 pages: that request, and every request
queued behind it on the event loop, waited for the disk, and under a steady stream of creates
that set the 99th percentile (bench/: 5.7 ms at 8 connections, 3.3 ms with the thread). What
a commit guarantees is unchanged: it is in the log before the answer.

Time is stored, never ticked: a snapshot keeps when it was asked for and when it is ready, a
server until when it is restoring, and each status is derived from those and the clock's present
reading (see `handlers`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple

from snapshots_mock.config import MockConfig
from snapshots_mock.database import (
    Dialect,
    connect_postgresql,
    connect_sqlite,
    parse_database_url,
    postgresql_dialect,
    sqlite_dialect,
)
from snapshots_mock.seed import Seed

# How often the checkpoint thread runs. A checkpoint cannot finish while writes keep coming, and
# only a finished one lets the log start again from its beginning: so the serving connection
# still checkpoints by itself, but at 10,000 pages of log instead of SQLite's 1,000, and then
# finds nearly all of it already copied.
CHECKPOINT_SECONDS = 0.05
SERVING_AUTOCHECKPOINT_PAGES = 10_000

# The tables, with {key} and {serial_key} from the `Dialect`. The types are those SQLAlchemy
# gave them before (see `database`), so a PostgreSQL database it created still serves.
_TABLES = (
    """CREATE TABLE IF NOT EXISTS accounts (
        id {key} NOT NULL PRIMARY KEY,
        name VARCHAR(200) NOT NULL,
        token_sha256 VARCHAR(64) NOT NULL UNIQUE
    )""",
    """CREATE TABLE IF NOT EXISTS servers (
        id {key} NOT NULL PRIMARY KEY,
        account_id {key} NOT NULL REFERENCES accounts (id),
        name VARCHAR(200) NOT NULL,
        -- running | stopped | suspended: the state outside a restore; see restoring_until_us.
        status VARCHAR(20) NOT NULL,
        disk_used_mb BIGINT NOT NULL,
        snapshots_fail BOOLEAN NOT NULL,
        -- While the clock reads before this (microseconds since the epoch), it is restoring.
        restoring_until_us BIGINT
    )""",
    "CREATE INDEX IF NOT EXISTS ix_servers_account_id ON servers (account_id)",
    """CREATE TABLE IF NOT EXISTS snapshots (
        id {serial_key},
        server_id {key} NOT NULL REFERENCES servers (id),
        name VARCHAR(64) NOT NULL,
        description TEXT,
        -- Whole seconds since the epoch, as the API shows it; the list is ordered by it, then id.
        created_at BIGINT NOT NULL,
        -- in_progress while the clock reads before this (microseconds), then `outcome`.
        ready_at_us BIGINT NOT NULL,
        outcome VARCHAR(20) NOT NULL,
        size_mb BIGINT,
        CONSTRAINT snapshot_name_unique_per_server UNIQUE (server_id, name)
    )""",
)

_SNAPSHOTS_OF_ACCOUNT = """
    SELECT snapshots.id, snapshots.server_id, servers.name, snapshots.name,
           snapshots.description, snapshots.created_at, snapshots.ready_at_us,
           snapshots.outcome, snapshots.size_mb
    FROM snapshots JOIN servers ON snapshots.server_id = servers.id
    WHERE servers.account_id = :account_id"""
_NEWEST_FIRST = " ORDER BY snapshots.created_at DESC, snapshots.id DESC"
_LIST_ALL = _SNAPSHOTS_OF_ACCOUNT + _NEWEST_FIRST
_LIST_ONE_SERVER = _SNAPSHOTS_OF_ACCOUNT + " AND servers.id = :server_id" + _NEWEST_FIRST
_ONE_SNAPSHOT = _SNAPSHOTS_OF_ACCOUNT + " AND snapshots.id = :snapshot_id"
_LOCK_SERVER = """
    SELECT id, name, status, disk_used_mb, snapshots_fail, restoring_until_us
    FROM servers WHERE id = :server_id AND account_id = :account_id"""
_NAMES_ON_SERVER = "SELECT name FROM snapshots WHERE server_id = :server_id"
_IN_PROGRESS_ON_SERVER = """
    SELECT id FROM snapshots WHERE server_id = :server_id AND ready_at_us > :now_us LIMIT 1"""
_INSERT_SNAPSHOT = """
    INSERT INTO snapshots
        (server_id, name, description, created_at, ready_at_us, outcome, size_mb)
    VALUES
        (:server_id, :name, :description, :created_at, :ready_at_us, :outcome, :size_mb)
    RETURNING id"""
_START_RESTORE = """
    UPDATE servers SET status = :new_status, restoring_until_us = :until_us
    WHERE id = :server_id"""
# EXISTS looks up the snapshot's own server by its key; ``server_id IN (the account's servers)``
# made SQLite list all of them first: 35 microseconds against 3 for an account of 250 servers
# (bench/).
_DELETE_SNAPSHOT = """
    DELETE FROM snapshots WHERE id = :snapshot_id AND EXISTS (
        SELECT 1 FROM servers
        WHERE servers.id = snapshots.server_id AND servers.account_id = :account_id)"""
_INSERT_ACCOUNT = """
    INSERT INTO accounts (id, name, token_sha256) VALUES (:id, :name, :token_sha256)"""
_INSERT_SERVER = """
    INSERT INTO servers
        (id, account_id, name, status, disk_used_mb, snapshots_fail, restoring_until_us)
    VALUES
        (:id, :account_id, :name, :status, :disk_used_mb, :snapshots_fail, NULL)"""
_INSERT_SEED_SNAPSHOT = """
    INSERT INTO snapshots
        (id, server_id, name, description, created_at, ready_at_us, outcome, size_mb)
    VALUES
        (:id, :server_id, :name, :description, :created_at, :ready_at_us, :outcome, :size_mb)"""


# Rows as named tuples (immutable, and made straight from the cursor's tuples): a list of two
# took 2.8 microseconds to wrap as frozen dataclasses, 0.7 as these.
class ServerRow(NamedTuple):
    id: int
    name: str
    status: str
    disk_used_mb: int
    snapshots_fail: bool
    restoring_until_us: int | None


class SnapshotRow(NamedTuple):
    id: int
    server_id: int
    server_name: str
    name: str
    description: str | None
    created_at: int
    ready_at_us: int
    outcome: str
    size_mb: int | None


class _Statements:
    """The requests' SQL in the placeholder style of one database."""

    def __init__(self, dialect: Dialect) -> None:
        sql = dialect.sql
        self.list_all = sql(_LIST_ALL)
        self.list_one_server = sql(_LIST_ONE_SERVER)
        self.one_snapshot = sql(_ONE_SNAPSHOT)
        self.lock_server = sql(_LOCK_SERVER + dialect.for_update)
        self.names_on_server = sql(_NAMES_ON_SERVER)
        self.in_progress_on_server = sql(_IN_PROGRESS_ON_SERVER)
        self.insert_snapshot = sql(_INSERT_SNAPSHOT)
        self.start_restore = sql(_START_RESTORE)
        self.delete_snapshot = sql(_DELETE_SNAPSHOT)


class Store:
    """The mock's database: reads, the locked write transaction, seeding and reset.

    One DB-API connection serves the worker's requests, in autocommit mode, one at a time (a
    lock keeps a test's reset, which comes from another thread, apart from them); a write
    transaction is an explicit BEGIN ... COMMIT on it.
    """

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.url = parse_database_url(config.database_url)
        self.is_sqlite = self.url.backend == "sqlite"
        self.dialect = sqlite_dialect() if self.is_sqlite else postgresql_dialect()
        self._statements = _Statements(self.dialect)
        self._lock = threading.Lock()
        self._connection: Any = None
        self._checkpointer: _Checkpointer | None = None

    def connect(self) -> Any:
        """A new connection to the database, in autocommit mode."""
        if self.is_sqlite:
            return connect_sqlite(
                self.url.target,
                synchronous=self.config.sqlite_synchronous.upper(),
                busy_timeout=self.config.sqlite_busy_timeout,
            )
        return connect_postgresql(self.url.target)

    def _open(self) -> Any:
        if self._connection is None:
            connection = self.connect()
            if self.is_sqlite:
                connection.execute(f"PRAGMA wal_autocheckpoint={SERVING_AUTOCHECKPOINT_PAGES}")
                if self._checkpointer is None:
                    self._checkpointer = _Checkpointer(self)
                    self._checkpointer.start()
            self._connection = connection
        return self._connection

    def _discard(self) -> None:
        # A connection that failed (a restarted PostgreSQL, say) is replaced on the next call.
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # it is being thrown away anyway
                connection.close()

    def close(self) -> None:
        with self._lock:
            if self._checkpointer is not None:
                self._checkpointer.stop()
                self._checkpointer = None
            self._discard()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        with self._lock:
            cursor = self._open().cursor()
            try:
                yield Reader(cursor, self._statements)
            except self.dialect.errors:
                self._discard()
                raise
            finally:
                cursor.close()

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._transaction() as cursor:
            yield Writer(cursor, self._statements)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            cursor = self._open().cursor()
            try:
                cursor.execute(self.dialect.begin_write)
                try:
                    yield cursor
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            except self.dialect.errors:
                self._discard()
                raise
            finally:
                cursor.close()

    def prepare(self, seed: Seed) -> None:
        """Create the tables if missing and seed an empty database; safe from many processes."""
        with self._transaction() as cursor:
            if not self.is_sqlite:
                # Workers starting together: one creates and seeds, the others wait here.
                cursor.execute("SELECT pg_advisory_xact_lock(74657)")
            key, serial_key = self.dialect.key_type, self.dialect.serial_key
            for table in _TABLES:
                cursor.execute(table.format(key=key, serial_key=serial_key))
            cursor.execute("SELECT count(*) FROM accounts")
            if cursor.fetchone()[0]:
                return
            self._load(cursor, seed)

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
                        "description": snapshot.description,
                        "created_at": snapshot.created_at,
                        "ready_at_us": snapshot.created_at * 1_000_000,
                        "outcome": snapshot.status,
                        "size_mb": snapshot.size_mb,
                    }
                    for snapshot in server.snapshots
                )
        for sql, rows in (
            (_INSERT_ACCOUNT, account_rows),
            (_INSERT_SERVER, server_rows),
            (_INSERT_SEED_SNAPSHOT, snapshot_rows),
        ):
            if rows:
                cursor.executemany(self.dialect.sql(sql), rows)
        if not self.is_sqlite:
            # Explicit ids do not move PostgreSQL's sequence; the next new id follows the seed's.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('snapshots', 'id'), "
                "COALESCE((SELECT max(id) FROM snapshots), 0) + 1, false)"
            )


class _Checkpointer(threading.Thread):
    """Checkpoints a SQLite database's write-ahead log every `CHECKPOINT_SECONDS`.

    A PASSIVE checkpoint copies what it can without waiting for, or holding up, the serving
    connection's reads and writes; the stdlib driver lets go of the GIL while SQLite works, so
    the copying and the fsync happen beside the event loop, not in it.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(name="snapshots-mock-checkpoint", daemon=True)
        self.store = store
        self._stopping = threading.Event()

    def run(self) -> None:
        connection = self.store.connect()
        try:
            while not self._stopping.wait(CHECKPOINT_SECONDS):
                # Busy (another worker's checkpoint) or locked: the next round catches up.
                with contextlib.suppress(*self.store.dialect.errors):
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join()


class Reader:
    """The queries, on the cursor of one request."""

    def __init__(self, cursor: Any, statements: _Statements) -> None:
        self.cursor = cursor
        self.sql = statements

    def _rows(self, sql: str, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql, values)
        rows: list[tuple[Any, ...]] = self.cursor.fetchall()
        return rows

    def snapshots(self, account_id: int, server_id: int | None) -> list[SnapshotRow]:
        """The account's snapshots (on one server of its, if given), newest first."""
        if server_id is None:
            rows = self._rows(self.sql.list_all, {"account_id": account_id})
        else:
            values = {"account_id": account_id, "server_id": server_id}
            rows = self._rows(self.sql.list_one_server, values)
        return list(map(SnapshotRow._make, rows))

    def snapshot(self, account_id: int, snapshot_id: int) -> SnapshotRow | None:
        """The account's snapshot `snapshot_id`; None for another account's, as for none."""
        values = {"account_id": account_id, "snapshot_id": snapshot_id}
        rows = self._rows(self.sql.one_snapshot, values)
        return SnapshotRow._make(rows[0]) if rows else None


class Writer(Reader):
    """The statements of a write transaction (see `Store.writing`)."""

    def lock_server(self, account_id: int, server_id: int) -> ServerRow | None:
        """The account's server `server_id`, locked until the transaction ends."""
        values = {"account_id": account_id, "server_id": server_id}
        rows = self._rows(self.sql.lock_server, values)
        if not rows:
            return None
        id_, name, status, disk_used_mb, snapshots_fail, restoring_until_us = rows[0]
        return ServerRow(id_, name, status, disk_used_mb, bool(snapshots_fail), restoring_until_us)

    def snapshot_names(self, server_id: int) -> list[str]:
        """The names of every snapshot of the server, whatever its status."""
        return [name for (name,) in self._rows(self.sql.names_on_server, {"server_id": server_id})]

    def has_snapshot_in_progress(self, server_id: int, now_us: int) -> bool:
        values = {"server_id": server_id, "now_us": now_us}
        return bool(self._rows(self.sql.in_progress_on_server, values))

    def insert_snapshot(self, row: Mapping[str, Any]) -> int:
        ((snapshot_id,),) = self._rows(self.sql.insert_snapshot, row)
        return int(snapshot_id)

    def start_restore(self, server_id: int, new_status: str, until_us: int) -> None:
        values = {"server_id": server_id, "new_status": new_status, "until_us": until_us}
        self.cursor.execute(self.sql.start_restore, values)

    def delete_snapshot(self, account_id: int, snapshot_id: int) -> bool:
        """Delete the account's snapshot; False when it has none of that id."""
        values = {"account_id": account_id, "snapshot_id": snapshot_id}
        self.cursor.execute(self.sql.delete_snapshot, values)
        return bool(self.cursor.rowcount == 1)
