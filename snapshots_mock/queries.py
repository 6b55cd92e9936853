"""What a request reads and writes: the rows, and the statements run on one request's cursor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from snapshots_mock.sql import Statements


# Rows as named tuples: immutable, and made straight from the cursor's tuples, at a quarter of
# the cost of frozen dataclasses (docs/benchmarks.md).
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
    created_at: int
    ready_at_us: int
    outcome: str
    size_mb: int | None
    # The columns of the properties stored as sent, in `fields.SnapshotFields` order.
    sent: tuple[Any, ...] = ()


def _snapshot_row(row: tuple[Any, ...]) -> SnapshotRow:
    # Indexed rather than sliced and unpacked: it runs for every snapshot read.
    return SnapshotRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8:])


class Reader:
    """The queries, on the cursor of one request."""

    def __init__(self, cursor: Any, statements: Statements) -> None:
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
        return list(map(_snapshot_row, rows))

    def snapshot(self, account_id: int, snapshot_id: int) -> SnapshotRow | None:
        """The account's snapshot `snapshot_id`; None for another account's, as for none."""
        values = {"account_id": account_id, "snapshot_id": snapshot_id}
        rows = self._rows(self.sql.one_snapshot, values)
        return _snapshot_row(rows[0]) if rows else None


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

    def requeue_snapshot(self, snapshot_id: int, ready_at_us: int) -> None:
        """FAULT: refused_restore_requeues. The snapshot in_progress again until `ready_at_us`."""
        values = {"snapshot_id": snapshot_id, "ready_at_us": ready_at_us}
        self.cursor.execute(self.sql.requeue_snapshot, values)

    def delete_snapshot(self, account_id: int, snapshot_id: int) -> bool:
        """Delete the account's snapshot; False when it has none of that id."""
        values = {"account_id": account_id, "snapshot_id": snapshot_id}
        self.cursor.execute(self.sql.delete_snapshot, values)
        return bool(self.cursor.rowcount == 1)
