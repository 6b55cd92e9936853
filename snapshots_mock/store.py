"""Where the mock's state lives: a SQL database, SQLite or PostgreSQL (see `database`).

SQLite (a file, nothing to start) is the default; PostgreSQL serves one mock shared by several
workers or machines. The rules that must hold across workers (at most 5 snapshots per server,
names unique per server, no restore while a snapshot is being taken) are checked and written in
one transaction that first takes the server's lock: ``SELECT ... FOR UPDATE`` on PostgreSQL, and
``BEGIN IMMEDIATE`` on SQLite, whose one writer at a time makes every write transaction hold the
whole database. Nothing is written unless every check passed, so a refused request changes
nothing.

Each worker process runs every request on one DB-API connection that it holds, with the SQL of
`sql` turned into the database's placeholder style once: SQLAlchemy's ``Connection.execute``
(pool checkout, events, result wrapping) took twice the time of the same SQL on the DB-API
cursor (docs/benchmarks.md), and the mock has to answer thousands of requests a second. On
SQLite a thread checkpoints the write-ahead log (`checkpoint`).

Time is stored, never ticked: a snapshot keeps when it was asked for and when it is ready, a
server until when it is restoring, and each status is derived from those and the clock's present
reading (see `handlers`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from snapshots_mock.checkpoint import SERVING_AUTOCHECKPOINT_PAGES, Checkpointer
from snapshots_mock.config import MockConfig
from snapshots_mock.database import (
    connect_postgresql,
    connect_sqlite,
    parse_database_url,
    postgresql_dialect,
    sqlite_dialect,
)
from snapshots_mock.queries import Reader, Writer
from snapshots_mock.seed import Seed
from snapshots_mock.sql import (
    INSERT_ACCOUNT,
    INSERT_SEED_SNAPSHOT,
    INSERT_SERVER,
    TABLES,
    Statements,
)


def _close(cursor: Any) -> None:
    # After a failure the connection may already be closed (and the cursor with it): SQLite's
    # driver then refuses even to close the cursor.
    with contextlib.suppress(Exception):
        cursor.close()


class DatabaseUnavailable(Exception):
    """The database could not be reached or failed (the driver's error is the cause): a 503.

    The connection is thrown away; the next request opens a new one.
    """


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
        self._statements = Statements(self.dialect)
        self._lock = threading.Lock()
        self._connection: Any = None
        self._checkpointer: Checkpointer | None = None

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
                    self._checkpointer = Checkpointer(self)
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
            cursor = self._cursor()
            try:
                yield Reader(cursor, self._statements)
            except self.dialect.errors as error:
                self._discard()
                raise DatabaseUnavailable(self.dialect.name) from error
            finally:
                _close(cursor)

    def _cursor(self) -> Any:
        try:
            return self._open().cursor()
        except self.dialect.errors as error:
            self._discard()
            raise DatabaseUnavailable(self.dialect.name) from error

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._transaction() as cursor:
            yield Writer(cursor, self._statements)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            cursor = self._cursor()
            try:
                cursor.execute(self.dialect.begin_write)
                try:
                    yield cursor
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            except self.dialect.errors as error:
                self._discard()
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
            for table in TABLES:
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
            (INSERT_ACCOUNT, account_rows),
            (INSERT_SERVER, server_rows),
            (INSERT_SEED_SNAPSHOT, snapshot_rows),
        ):
            if rows:
                cursor.executemany(self.dialect.sql(sql), rows)
        if not self.is_sqlite:
            # Explicit ids do not move PostgreSQL's sequence; the next new id follows the seed's.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('snapshots', 'id'), "
                "COALESCE((SELECT max(id) FROM snapshots), 0) + 1, false)"
            )
