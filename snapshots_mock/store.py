"""Where the mock's state lives: a SQL database through SQLAlchemy Core.

SQLite (a file, nothing to start) is the default; PostgreSQL serves one mock shared by several
workers or machines. The rules that must hold across workers (at most 5 snapshots per server,
names unique per server, no restore while a snapshot is being taken) are checked and written in
one transaction that first takes the server's lock: ``SELECT ... FOR UPDATE`` on PostgreSQL, and
``BEGIN IMMEDIATE`` on SQLite, whose one writer at a time makes every write transaction hold the
whole database. Nothing is written unless every check passed, so a refused request changes
nothing.

SQLAlchemy makes the engine, the tables and every statement's SQL for the database in use; the
requests run those statements, compiled once, on one DBAPI connection per worker process:
measured in process, a list request took 355 microseconds through ``Connection.execute`` (pool
checkout, events, result wrapping) and 161 with the same SQL on the DBAPI cursor, the query
itself taking 20, and the mock has to answer thousands of requests a second.

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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.sql.compiler import SQLCompiler

from snapshots_mock.config import MockConfig
from snapshots_mock.seed import Seed

# How often the checkpoint thread runs. A checkpoint cannot finish while writes keep coming, and
# only a finished one lets the log start again from its beginning: so the serving connection
# still checkpoints by itself, but at 10,000 pages of log instead of SQLite's 1,000, and then
# finds nearly all of it already copied.
CHECKPOINT_SECONDS = 0.05
SERVING_AUTOCHECKPOINT_PAGES = 10_000

metadata = sa.MetaData()
# SQLite gives AUTOINCREMENT (ids never reused after a delete) only to INTEGER PRIMARY KEY.
_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", _Id, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
)

servers = sa.Table(
    "servers",
    metadata,
    sa.Column("id", _Id, primary_key=True, autoincrement=False),
    sa.Column("account_id", _Id, sa.ForeignKey("accounts.id"), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    # running | stopped | suspended: the state outside a restore; see restoring_until_us.
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("disk_used_mb", sa.BigInteger, nullable=False),
    sa.Column("snapshots_fail", sa.Boolean, nullable=False),
    # While the clock reads before this (microseconds since the epoch), the server is restoring.
    sa.Column("restoring_until_us", sa.BigInteger, nullable=True),
)

snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", _Id, primary_key=True, autoincrement=True),
    sa.Column("server_id", _Id, sa.ForeignKey("servers.id"), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    # Whole seconds since the epoch, as the API shows it; the list is ordered by it, then by id.
    sa.Column("created_at", sa.BigInteger, nullable=False),
    # in_progress while the clock reads before this (microseconds), then `outcome`.
    sa.Column("ready_at_us", sa.BigInteger, nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("size_mb", sa.BigInteger, nullable=True),
    sa.UniqueConstraint("server_id", "name", name="snapshot_name_unique_per_server"),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True)
class ServerRow:
    id: int
    name: str
    status: str
    disk_used_mb: int
    snapshots_fail: bool
    restoring_until_us: int | None


@dataclass(frozen=True)
class SnapshotRow:
    id: int
    server_id: int
    server_name: str
    name: str
    description: str | None
    created_at: int
    ready_at_us: int
    outcome: str
    size_mb: int | None


_SNAPSHOT_COLUMNS = (
    snapshots.c.id,
    snapshots.c.server_id,
    servers.c.name,
    snapshots.c.name,
    snapshots.c.description,
    snapshots.c.created_at,
    snapshots.c.ready_at_us,
    snapshots.c.outcome,
    snapshots.c.size_mb,
)
_SERVER_COLUMNS = (
    servers.c.id,
    servers.c.name,
    servers.c.status,
    servers.c.disk_used_mb,
    servers.c.snapshots_fail,
    servers.c.restoring_until_us,
)
_SNAPSHOTS_OF_ACCOUNT = (
    sa.select(*_SNAPSHOT_COLUMNS)
    .join(servers, snapshots.c.server_id == servers.c.id)
    .where(servers.c.account_id == sa.bindparam("account_id"))
)
_NEWEST_FIRST = (snapshots.c.created_at.desc(), snapshots.c.id.desc())
_LIST_ALL = _SNAPSHOTS_OF_ACCOUNT.order_by(*_NEWEST_FIRST)
_LIST_ONE_SERVER = _SNAPSHOTS_OF_ACCOUNT.where(servers.c.id == sa.bindparam("server_id")).order_by(
    *_NEWEST_FIRST
)
_ONE_SNAPSHOT = _SNAPSHOTS_OF_ACCOUNT.where(snapshots.c.id == sa.bindparam("snapshot_id"))
_LOCK_SERVER = (
    sa.select(*_SERVER_COLUMNS)
    .where(servers.c.id == sa.bindparam("server_id"))
    .where(servers.c.account_id == sa.bindparam("account_id"))
    .with_for_update()
)
_NAMES_ON_SERVER = sa.select(snapshots.c.name).where(
    snapshots.c.server_id == sa.bindparam("server_id")
)
_IN_PROGRESS_ON_SERVER = (
    sa.select(snapshots.c.id)
    .where(snapshots.c.server_id == sa.bindparam("server_id"))
    .where(snapshots.c.ready_at_us > sa.bindparam("now_us"))
    .limit(1)
)
_NEW_SNAPSHOT_COLUMNS = (
    "server_id",
    "name",
    "description",
    "created_at",
    "ready_at_us",
    "outcome",
    "size_mb",
)
_INSERT_SNAPSHOT = snapshots.insert().returning(snapshots.c.id)
_START_RESTORE = (
    servers.update()
    .where(servers.c.id == sa.bindparam("server_id"))
    .values(status=sa.bindparam("new_status"), restoring_until_us=sa.bindparam("until_us"))
)
_DELETE_SNAPSHOT = snapshots.delete().where(
    snapshots.c.id == sa.bindparam("snapshot_id"),
    # EXISTS looks up the snapshot's own server by its key; ``server_id IN (the account's
    # servers)`` made SQLite list all of them first: 35 microseconds against 3 for an account
    # of 250 servers (bench/).
    sa.exists().where(
        servers.c.id == snapshots.c.server_id,
        servers.c.account_id == sa.bindparam("account_id"),
    ),
)


def create_engine(config: MockConfig) -> Engine:
    """An engine for `config.database_url`, set up for the mock's transactions."""
    url = sa.make_url(config.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise ValueError("the mock keeps its SQLite database in a file: sqlite:///PATH")
        connect_args = {"timeout": config.sqlite_busy_timeout, "check_same_thread": False}
        engine = sa.create_engine(url, connect_args=connect_args)
        _configure_sqlite(engine, config.sqlite_synchronous.upper())
        return engine
    return sa.create_engine(url, pool_size=2, max_overflow=2)


def _configure_sqlite(engine: Engine, synchronous: str) -> None:
    # The stdlib driver opens transactions on its own, and never with IMMEDIATE: switch that
    # off (SQLAlchemy's documented recipe) so that a write transaction holds the write lock from
    # its BEGIN IMMEDIATE, waiting up to the busy timeout, instead of failing on upgrade.
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Sql:
    """A statement compiled once for a dialect, run on a DBAPI cursor with named values."""

    def __init__(
        self, statement: sa.ClauseElement, dialect: Dialect, columns: Sequence[str] = ()
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(columns) or None)
        assert isinstance(compiled, SQLCompiler)
        self.text = compiled.string
        # Values fixed in the statement (a LIMIT, say); the named ones are given at each call.
        self.defaults = {
            name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required
        }
        self.order: tuple[str, ...] | None = (
            tuple(compiled.positiontup or ()) if dialect.positional else None
        )

    def params(self, values: Mapping[str, Any]) -> Any:
        merged = {**self.defaults, **values} if self.defaults else values
        if self.order is None:
            return merged
        return tuple(merged[name] for name in self.order)


class _Statements:
    def __init__(self, dialect: Dialect) -> None:
        self.list_all = Sql(_LIST_ALL, dialect)
        self.list_one_server = Sql(_LIST_ONE_SERVER, dialect)
        self.one_snapshot = Sql(_ONE_SNAPSHOT, dialect)
        self.lock_server = Sql(_LOCK_SERVER, dialect)
        self.names_on_server = Sql(_NAMES_ON_SERVER, dialect)
        self.in_progress_on_server = Sql(_IN_PROGRESS_ON_SERVER, dialect)
        self.insert_snapshot = Sql(_INSERT_SNAPSHOT, dialect, _NEW_SNAPSHOT_COLUMNS)
        self.start_restore = Sql(_START_RESTORE, dialect)
        self.delete_snapshot = Sql(_DELETE_SNAPSHOT, dialect)


class Store:
    """The mock's database: reads, the locked write transaction, seeding and reset.

    One DBAPI connection serves the worker's requests, in autocommit mode, one at a time (a
    lock keeps a test's reset, which comes from another thread, apart from them); a write
    transaction is an explicit BEGIN ... COMMIT on it.
    """

    def __init__(self, config: MockConfig) -> None:
        self.engine = create_engine(config)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._lock = threading.Lock()
        self._fairy: Any = None
        self._connection: Any = None
        self._statements: _Statements | None = None
        self._checkpointer: _Checkpointer | None = None

    def _open(self) -> tuple[Any, _Statements]:
        if self._connection is None:
            fairy = self.engine.raw_connection()
            connection: Any = fairy.driver_connection
            if self.is_sqlite:
                connection.execute(f"PRAGMA wal_autocheckpoint={SERVING_AUTOCHECKPOINT_PAGES}")
                if self._checkpointer is None:
                    self._checkpointer = _Checkpointer(self.engine)
                    self._checkpointer.start()
            else:
                connection.autocommit = True
            self._fairy, self._connection = fairy, connection
            # Compiled after the first connection, when the dialect knows the server's version.
            self._statements = _Statements(self.engine.dialect)
        assert self._statements is not None
        return self._connection, self._statements

    def _discard(self) -> None:
        # A connection that failed (a restarted PostgreSQL, say) is replaced on the next call.
        fairy, self._fairy, self._connection = self._fairy, None, None
        if fairy is not None:
            with contextlib.suppress(Exception):  # it is being thrown away anyway
                fairy.invalidate()

    def close(self) -> None:
        with self._lock:
            if self._checkpointer is not None:
                self._checkpointer.stop()
                self._checkpointer = None
            if self._fairy is not None:
                if not self.is_sqlite:
                    self._connection.autocommit = False
                self._fairy.close()
                self._fairy = self._connection = None
            self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        with self._lock:
            connection, statements = self._open()
            cursor = connection.cursor()
            try:
                yield Reader(cursor, statements)
            except self.engine.dialect.loaded_dbapi.OperationalError:
                self._discard()
                raise
            finally:
                cursor.close()

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._lock:
            connection, statements = self._open()
            cursor = connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE" if self.is_sqlite else "BEGIN")
                try:
                    yield Writer(cursor, statements)
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            except self.engine.dialect.loaded_dbapi.OperationalError:
                self._discard()
                raise
            finally:
                cursor.close()

    def prepare(self, seed: Seed) -> None:
        """Create the tables if missing and seed an empty database; safe from many processes."""
        with self.engine.connect() as connection, connection.begin():
            if not self.is_sqlite:
                # Workers starting together: one creates and seeds, the others wait here.
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(74657)"))
            metadata.create_all(connection, checkfirst=True)
            if connection.execute(sa.select(sa.func.count()).select_from(accounts)).scalar():
                return
            self._load(connection, seed)

    def reset(self, seed: Seed) -> None:
        """Throw every change away: the database holds exactly `seed` again."""
        with self._lock, self.engine.connect() as connection, connection.begin():
            if self.is_sqlite:
                for table in (snapshots, servers, accounts):
                    connection.execute(table.delete())
                connection.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'snapshots'")
            else:
                connection.exec_driver_sql("TRUNCATE snapshots, servers, accounts RESTART IDENTITY")
            self._load(connection, seed)

    def accounts_by_digest(self) -> dict[str, int]:
        """Every account id by the SHA-256 of its token."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(accounts.c.token_sha256, accounts.c.id))
            return {digest: account_id for digest, account_id in rows}

    def _load(self, connection: Connection, seed: Seed) -> None:
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
                        "restoring_until_us": None,
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
        for table, rows in (
            (accounts, account_rows),
            (servers, server_rows),
            (snapshots, snapshot_rows),
        ):
            if rows:
                connection.execute(table.insert(), rows)
        if not self.is_sqlite:
            # Explicit ids do not move PostgreSQL's sequence; the next new id follows the seed's.
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('snapshots', 'id'), "
                "COALESCE((SELECT max(id) FROM snapshots), 0) + 1, false)"
            )


class _Checkpointer(threading.Thread):
    """Checkpoints a SQLite database's write-ahead log every `CHECKPOINT_SECONDS`.

    A PASSIVE checkpoint copies what it can without waiting for, or holding up, the serving
    connection's reads and writes; the stdlib driver lets go of the GIL while SQLite works, so
    the copying and the fsync happen beside the event loop, not in it.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(name="snapshots-mock-checkpoint", daemon=True)
        self.engine = engine
        self._stopping = threading.Event()

    def run(self) -> None:
        fairy = self.engine.raw_connection()
        connection: Any = fairy.driver_connection
        try:
            while not self._stopping.wait(CHECKPOINT_SECONDS):
                # Busy (another worker's checkpoint) or locked: the next round catches up.
                with contextlib.suppress(self.engine.dialect.loaded_dbapi.OperationalError):
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            fairy.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join()


class Reader:
    """The queries, on the cursor of one request."""

    def __init__(self, cursor: Any, statements: _Statements) -> None:
        self.cursor = cursor
        self.sql = statements

    def _rows(self, sql: Sql, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql.text, sql.params(values))
        rows: list[tuple[Any, ...]] = self.cursor.fetchall()
        return rows

    def snapshots(self, account_id: int, server_id: int | None) -> list[SnapshotRow]:
        """The account's snapshots (on one server of its, if given), newest first."""
        if server_id is None:
            rows = self._rows(self.sql.list_all, {"account_id": account_id})
        else:
            values = {"account_id": account_id, "server_id": server_id}
            rows = self._rows(self.sql.list_one_server, values)
        return [SnapshotRow(*row) for row in rows]

    def snapshot(self, account_id: int, snapshot_id: int) -> SnapshotRow | None:
        """The account's snapshot `snapshot_id`; None for another account's, as for none."""
        values = {"account_id": account_id, "snapshot_id": snapshot_id}
        rows = self._rows(self.sql.one_snapshot, values)
        return SnapshotRow(*rows[0]) if rows else None


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
        sql = self.sql.start_restore
        self.cursor.execute(sql.text, sql.params(values))

    def delete_snapshot(self, account_id: int, snapshot_id: int) -> bool:
        """Delete the account's snapshot; False when it has none of that id."""
        values = {"account_id": account_id, "snapshot_id": snapshot_id}
        sql = self.sql.delete_snapshot
        self.cursor.execute(sql.text, sql.params(values))
        return bool(self.cursor.rowcount == 1)
