"""What each operation does: behaviour only, keyed by the document's operationId.

Everything about the shape of a request was checked before a handler runs (the parameters and
body match the document), and every answer is checked against the document afterwards when
response validation is on. A handler applies the API's rules, in the order written in the
document's descriptions, and raises `ApiError` for a refusal.

Statuses are derived, never ticked: a snapshot is ``in_progress`` until its ``ready_at``, then
``completed`` (with the size of its server's used disk) or ``failed`` (for a server whose seed
says its snapshots fail); a server is ``restoring`` until its ``restoring_until``, then
``running``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from snapshots_mock.clock import format_timestamp
from snapshots_mock.config import Faults, MockConfig
from snapshots_mock.document import Problem, document_facts
from snapshots_mock.errors import ApiError, invalid_parameters
from snapshots_mock.fields import SnapshotFields
from snapshots_mock.queries import Reader, ServerRow, SnapshotRow, Writer
from snapshots_mock.store import Store

CREATE_MESSAGE = "Snapshot is being created. This may take 3-10 minutes depending on server size."
RESTORE_MESSAGE = "Server is being restored from snapshot. This may take 5-15 minutes."
NO_FAULTS = Faults()


# Call and Reply are made for every request: as named tuples (immutable all the same) each takes
# a third of the time of a frozen dataclass (docs/benchmarks.md).
class Call(NamedTuple):
    """One checked request: who asks, its parsed parameters and body, and the present time."""

    account_id: int
    params: Mapping[str, Any]
    body: Any
    now: float
    store: Store
    config: MockConfig

    @property
    def now_us(self) -> int:
        return math.floor(self.now * 1_000_000)


class Reply(NamedTuple):
    """A successful answer: status and JSON body (None for no body)."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = MappingProxyType({})


Handler = Callable[[Call], Reply]


def refusal(call: Call, code: str, message: str) -> ApiError:
    """The error `code`, with the status the document gives it (``x-error-statuses``)."""
    status = document_facts(call.config.openapi_path).error_statuses[code]
    return ApiError(status, code, message)


def snapshot_status(row: SnapshotRow, now_us: int) -> str:
    return "in_progress" if now_us < row.ready_at_us else row.outcome


def server_status(row: ServerRow, now_us: int) -> str:
    if row.restoring_until_us is not None and now_us < row.restoring_until_us:
        return "restoring"
    return row.status


def snapshot_body(
    row: SnapshotRow, now_us: int, fields: SnapshotFields, faults: Faults = NO_FAULTS
) -> dict[str, Any]:
    """The `Snapshot` of a row: the properties the handlers set (`fields.SET_BY_HANDLERS`), and
    every property stored as sent, whatever the document names it."""
    status = snapshot_status(row, now_us)
    size_mb: int | str | None = row.size_mb if status == "completed" else None
    if faults.mistyped_response_field and size_mb is not None:
        size_mb = str(size_mb)  # FAULT: mistyped_response_field
    answer = {
        "id": row.id,
        "server": {"id": row.server_id, "name": row.server_name},
        "name": row.name,
        "status": status,
        "size_mb": size_mb,
        "created_at": format_timestamp(row.created_at),
    }
    return fields.fill(answer, row.sent)


def list_snapshots(call: Call) -> Reply:
    faults = call.config.faults
    server_id = call.params.get("server_id")
    if faults.ignore_server_filter:
        server_id = None  # FAULT: ignore_server_filter
    accounts = _acting_accounts(call)
    with call.store.reading() as reader:
        rows = [row for account in accounts for row in reader.snapshots(account, server_id)]
        count = len(rows)
        if faults.unfiltered_count:
            count = len(reader.snapshots(call.account_id, None))  # FAULT: unfiltered_count
    now_us = call.now_us
    fields = call.store.fields
    results = [snapshot_body(row, now_us, fields, faults) for row in rows]
    if faults.missing_response_field:
        for result in results:
            del result["created_at"]  # FAULT: missing_response_field
    return Reply(200, {"count": count, "results": results})


def _acting_accounts(call: Call) -> list[int]:
    """The caller's account; with the ``leak_other_accounts`` fault, every account."""
    if call.config.faults.leak_other_accounts:
        return sorted(call.store.accounts_by_digest().values())  # FAULT: leak_other_accounts
    return [call.account_id]


def _owner(reader: Reader, accounts: list[int], snapshot_id: int) -> int:
    if len(accounts) == 1:
        return accounts[0]  # the caller's: no fault, no extra query
    for account in accounts:
        if reader.snapshot(account, snapshot_id) is not None:
            return account
    return accounts[0]


def _odd(description: str | None) -> bool:
    # FAULT: server_error_on_odd_input. The empty string counts: since the description's schema
    # has a pattern, the contract suite's seeded generation sends it often and text beyond ASCII
    # rarely (none in 85 creates of its fixed-seed run).
    return description is not None and (description == "" or not description.isascii())


def create_snapshot(call: Call) -> Reply:
    server_id = int(call.body["server_id"])  # JSON Schema's integer takes 12345.0 too
    name: str = call.body["name"]
    faults = call.config.faults
    if faults.server_error_on_odd_input and _odd(call.body.get("description")):
        raise RuntimeError("FAULT: server_error_on_odd_input")
    now_us = call.now_us
    accounts = call.store.accounts_by_digest().values() if faults.other_server_revealed else ()
    with call.store.writing() as writer:
        server = writer.lock_server(call.account_id, server_id)
        if server is None and any(writer.lock_server(a, server_id) for a in accounts):
            # FAULT: other_server_revealed (another account's server answered unlike an unknown one)
            message = f"Server {server_id} belongs to another account."
            raise refusal(call, "invalid_state", message)
        if server is None:
            raise refusal(call, "server_not_found", f"Server {server_id} does not exist.")
        names = writer.snapshot_names(server_id)
        # The API's limit: every status counts until deleted.
        limit = document_facts(call.config.openapi_path).snapshots_per_server
        counted = len(names)
        if faults.delete_frees_late:
            counted += call.store.places_held_by_deleted[server_id]  # FAULT: delete_frees_late
        if faults.completed_not_counted or faults.in_progress_not_counted:
            # FAULT: completed_not_counted, in_progress_not_counted (a status left uncounted)
            left_out = "completed" if faults.completed_not_counted else "in_progress"
            rows = writer.snapshots(call.account_id, server_id)
            counted = sum(snapshot_status(r, now_us) != left_out for r in rows)
        full = counted >= limit and not faults.ignore_limit  # FAULT: ignore_limit
        limit_message = (
            f"Server {server_id} already has the maximum of {limit} snapshots. Delete one first."
        )
        if faults.limit_before_invalid_state and full:
            # FAULT: limit_before_invalid_state (the document: invalid_state is answered first)
            raise refusal(call, "snapshot_limit_reached", limit_message)
        state = server_status(server, now_us)
        unavailable = state in ("restoring", "suspended")
        if faults.duplicate_before_invalid_state and unavailable and name in names:
            # FAULT: duplicate_before_invalid_state (the document: invalid_state comes first)
            message = f"Server {server_id} already has a snapshot named '{name}'."
            raise refusal(call, "duplicate_snapshot_name", message)
        refused: ApiError | None = None
        if unavailable:
            message = f"Server {server_id} is {state} and cannot be snapshotted now."
            refused = refusal(call, "invalid_state", message)
            if not faults.refused_create_stores:
                raise refused
            # FAULT: refused_create_stores (refused, and stored all the same, below)
        if faults.duplicate_before_limit and name in names and refused is None:
            # FAULT: duplicate_before_limit (the document: the limit is answered first)
            message = f"Server {server_id} already has a snapshot named '{name}'."
            raise refusal(call, "duplicate_snapshot_name", message)
        if full and refused is None:
            raise refusal(call, "snapshot_limit_reached", limit_message)
        if faults.duplicate_name_as_invalid and name in names:
            # FAULT: duplicate_name_as_invalid
            raise invalid_parameters([Problem("name", "is in use on this server")])
        if faults.names_case_insensitive and name.lower() in {n.lower() for n in names}:
            name = next(
                n for n in names if n.lower() == name.lower()
            )  # FAULT: names_case_insensitive
        if name in names and refused is None:
            message = f"Server {server_id} already has a snapshot named '{name}'."
            raise refusal(call, "duplicate_snapshot_name", message)
        fields = call.store.fields
        row: dict[str, Any] = {
            "server_id": server_id,
            "name": name,
            "created_at": math.floor(call.now),
            # At least a microsecond: the 201 always shows the snapshot `in_progress`, as the
            # document promises, even with snapshot_seconds=0 (ready at the next reading).
            "ready_at_us": now_us + max(1, math.ceil(call.config.snapshot_seconds * 1_000_000)),
            "outcome": "failed" if server.snapshots_fail else "completed",
            "size_mb": None if server.snapshots_fail else server.disk_used_mb,
        }
        sent = fields.row_values(call.body)
        snapshot_id = writer.insert_snapshot({**row, **sent})
    if refused is not None:
        raise refused  # FAULT: refused_create_stores (after the transaction has committed)
    created = SnapshotRow(id=snapshot_id, server_name=server.name, sent=tuple(sent.values()), **row)
    status = 200 if faults.wrong_create_status else 201  # FAULT: wrong_create_status
    body = {**snapshot_body(created, now_us, fields, faults), "message": CREATE_MESSAGE}
    return Reply(status, body)


def restore_snapshot(call: Call) -> Reply:
    snapshot_id: int = call.params["snapshot_id"]
    now_us = call.now_us
    accounts = _acting_accounts(call)
    with call.store.writing() as writer:
        account_id = _owner(writer, accounts, snapshot_id)
        snapshot = writer.snapshot(account_id, snapshot_id)
        if snapshot is None:
            raise refusal(call, "snapshot_not_found", f"Snapshot {snapshot_id} does not exist.")
        server = writer.lock_server(account_id, snapshot.server_id)
        assert server is not None, "a snapshot's server is the account's"
        status = snapshot_status(snapshot, now_us)
        message = None
        if status != "completed":
            message = (
                f"Snapshot {snapshot_id} is {status}; only a completed snapshot can be restored."
            )
        elif (state := server_status(server, now_us)) in ("restoring", "suspended"):
            message = f"Server {server.id} is {state} and cannot be restored now."
        elif writer.has_snapshot_in_progress(server.id, now_us):
            message = f"Server {server.id} has a snapshot in progress and cannot be restored now."
        if message is not None and not call.config.faults.refused_restore_requeues:
            raise refusal(call, "invalid_state", message)
        if message is not None:
            # FAULT: refused_restore_requeues (the refusal puts the snapshot in_progress for an
            # hour, and is raised once that is committed)
            writer.requeue_snapshot(snapshot_id, now_us + 3600 * 1_000_000)
        else:
            until_us = now_us + math.ceil(call.config.restore_seconds * 1_000_000)
            # The document: a restore stops the server, and leaves it running when it ends.
            if not call.config.faults.restore_does_not_start:  # FAULT: restore_does_not_start
                writer.start_restore(server.id, "running", until_us)
    if message is not None:
        raise refusal(call, "invalid_state", message)
    return Reply(
        200,
        {
            "status": "success",
            "message": RESTORE_MESSAGE,
            "snapshot": {
                "id": snapshot.id,
                "name": snapshot.name,
                "created_at": format_timestamp(snapshot.created_at),
            },
            "server": {"id": server.id, "name": server.name, "status": "restoring"},
        },
    )


def _hold_place(call: Call, writer: Writer, account_id: int, snapshot_id: int) -> None:
    """FAULT: delete_frees_late. A snapshot deleted from a server at the limit keeps its place."""
    snapshot = writer.snapshot(account_id, snapshot_id)
    limit = document_facts(call.config.openapi_path).snapshots_per_server
    if snapshot is not None and len(writer.snapshot_names(snapshot.server_id)) >= limit:
        call.store.places_held_by_deleted[snapshot.server_id] += 1


def delete_snapshot(call: Call) -> Reply:
    snapshot_id: int = call.params["snapshot_id"]
    accounts = _acting_accounts(call)
    with call.store.writing() as writer:
        account_id = _owner(writer, accounts, snapshot_id)
        if call.config.faults.delete_in_progress_refused:
            # FAULT: delete_in_progress_refused (the document: deleted whatever its status)
            found = writer.snapshot(account_id, snapshot_id)
            if found is not None and snapshot_status(found, call.now_us) == "in_progress":
                message = f"Snapshot {snapshot_id} is in_progress and cannot be deleted now."
                raise refusal(call, "invalid_state", message)
        if call.config.faults.delete_keeps_snapshot:  # FAULT: delete_keeps_snapshot
            deleted = writer.snapshot(account_id, snapshot_id) is not None
        else:
            if call.config.faults.delete_frees_late:
                _hold_place(call, writer, account_id, snapshot_id)  # FAULT: delete_frees_late
            deleted = writer.delete_snapshot(account_id, snapshot_id)
        if not deleted:
            raise refusal(call, "snapshot_not_found", f"Snapshot {snapshot_id} does not exist.")
    return Reply(204)


HANDLERS: Mapping[str, Handler] = {
    "listSnapshots": list_snapshots,
    "createSnapshot": create_snapshot,
    "restoreSnapshot": restore_snapshot,
    "deleteSnapshot": delete_snapshot,
}
