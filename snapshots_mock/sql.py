"""The mock's SQL, written once with ``:name`` placeholders: its tables and its statements.

`Statements` turns the requests' statements into one database's placeholder style (see
`database.Dialect`) once, when the store is made. The snapshots table has the columns the
handlers own, written here, and one TEXT column per property stored as sent, named after it
(`fields`): those are added to the statements when they are made, from the document.
"""

from __future__ import annotations

from snapshots_mock.database import Dialect
from snapshots_mock.fields import SnapshotFields

# The tables, with {key} and {serial_key} from the `Dialect` and {sent_columns} from the
# document (`sent_columns`). The types are those SQLAlchemy gave them before (see `database`), so
# a PostgreSQL database it created still serves.
TABLES = (
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
        -- Whole seconds since the epoch, as the API shows it; the list is ordered by it, then id.
        created_at BIGINT NOT NULL,
        -- in_progress while the clock reads before this (microseconds), then `outcome`.
        ready_at_us BIGINT NOT NULL,
        outcome VARCHAR(20) NOT NULL,
        size_mb BIGINT,
        {sent_columns}
        CONSTRAINT snapshot_name_unique_per_server UNIQUE (server_id, name)
    )""",
)
# One column of a property stored as sent (its JSON text unless it is a string), for a new
# table and for one made before the property was documented. (The `description` column of a
# table made before this was derived is the same TEXT column.)
SENT_COLUMN = "{column} TEXT"
ADD_SENT_COLUMN = "ALTER TABLE snapshots ADD COLUMN {column} TEXT"
SNAPSHOT_COLUMNS = "SELECT * FROM snapshots WHERE 1 = 0"


def sent_columns(fields: SnapshotFields) -> str:
    """The as-sent columns of the CREATE TABLE, each followed by a comma."""
    return "".join(SENT_COLUMN.format(column=column) + ",\n        " for column in fields.columns)


# The columns of `queries.SnapshotRow`, in its order; {sent} the as-sent columns.
_SNAPSHOTS_OF_ACCOUNT = """
    SELECT snapshots.id, snapshots.server_id, servers.name, snapshots.name,
           snapshots.created_at, snapshots.ready_at_us, snapshots.outcome, snapshots.size_mb{sent}
    FROM snapshots JOIN servers ON snapshots.server_id = servers.id
    WHERE servers.account_id = :account_id"""
_NEWEST_FIRST = " ORDER BY snapshots.created_at DESC, snapshots.id DESC"
_LOCK_SERVER = """
    SELECT id, name, status, disk_used_mb, snapshots_fail, restoring_until_us
    FROM servers WHERE id = :server_id AND account_id = :account_id"""
_NAMES_ON_SERVER = "SELECT name FROM snapshots WHERE server_id = :server_id"
_IN_PROGRESS_ON_SERVER = """
    SELECT id FROM snapshots WHERE server_id = :server_id AND ready_at_us > :now_us LIMIT 1"""
_INSERT_SNAPSHOT = """
    INSERT INTO snapshots
        ({id}server_id, name, created_at, ready_at_us, outcome, size_mb{sent})
    VALUES
        ({id_value}:server_id, :name, :created_at, :ready_at_us, :outcome, :size_mb{sent_values})"""
_START_RESTORE = """
    UPDATE servers SET status = :new_status, restoring_until_us = :until_us
    WHERE id = :server_id"""
# FAULT: refused_restore_requeues (a snapshot put back in_progress)
_REQUEUE_SNAPSHOT = "UPDATE snapshots SET ready_at_us = :ready_at_us WHERE id = :snapshot_id"
# EXISTS looks up the snapshot's own server by its key; ``server_id IN (the account's servers)``
# made SQLite list all of them first (docs/benchmarks.md).
_DELETE_SNAPSHOT = """
    DELETE FROM snapshots WHERE id = :snapshot_id AND EXISTS (
        SELECT 1 FROM servers
        WHERE servers.id = snapshots.server_id AND servers.account_id = :account_id)"""
INSERT_ACCOUNT = """
    INSERT INTO accounts (id, name, token_sha256) VALUES (:id, :name, :token_sha256)"""
INSERT_SERVER = """
    INSERT INTO servers
        (id, account_id, name, status, disk_used_mb, snapshots_fail, restoring_until_us)
    VALUES
        (:id, :account_id, :name, :status, :disk_used_mb, :snapshots_fail, NULL)"""


def _insert_snapshot(fields: SnapshotFields, *, with_id: bool) -> str:
    return _INSERT_SNAPSHOT.format(
        id="id, " if with_id else "",
        id_value=":id, " if with_id else "",
        sent="".join(f", {column}" for column in fields.columns),
        sent_values="".join(f", :{column}" for column in fields.columns),
    )


class Statements:
    """The requests' SQL in the placeholder style of one database."""

    def __init__(self, dialect: Dialect, fields: SnapshotFields) -> None:
        sql = dialect.sql
        sent = "".join(f", snapshots.{column}" for column in fields.columns)
        of_account = _SNAPSHOTS_OF_ACCOUNT.format(sent=sent)
        self.list_all = sql(of_account + _NEWEST_FIRST)
        self.list_one_server = sql(of_account + " AND servers.id = :server_id" + _NEWEST_FIRST)
        self.one_snapshot = sql(of_account + " AND snapshots.id = :snapshot_id")
        self.lock_server = sql(_LOCK_SERVER + dialect.for_update)
        self.names_on_server = sql(_NAMES_ON_SERVER)
        self.in_progress_on_server = sql(_IN_PROGRESS_ON_SERVER)
        self.insert_snapshot = sql(_insert_snapshot(fields, with_id=False) + " RETURNING id")
        self.insert_seed_snapshot = sql(_insert_snapshot(fields, with_id=True))
        self.start_restore = sql(_START_RESTORE)
        self.delete_snapshot = sql(_DELETE_SNAPSHOT)
        self.requeue_snapshot = sql(_REQUEUE_SNAPSHOT)
