"""The fault switches that change what an answer says (`config.Faults`), applied to the handlers'
replies from outside them.

A normal run never reaches this module: `wrap` returns the handlers unchanged unless one of
these switches is on, so the request path of a mock without faults has no branch of theirs.
Each switch makes one class of difference that a schema alone cannot see (a stored field shown
other than it was sent, the wrong order, a status going back...), for the contract suite's
reference model to catch (tests/contract/test_faults.py). Each is marked ``FAULT:``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Mapping
from typing import Any

from snapshots_mock.config import Faults
from snapshots_mock.handlers import Call, Handler, Reply

# The switches of this module; the others are in the handlers and the request checks.
ANSWER_FAULTS = (
    "wrong_stored_field",
    "wrong_order",
    "far_created_at",
    "extra_property",
    "status_goes_back",
    "size_against_status",
    "restore_names_other_snapshot",
    "restore_names_other_server",
    "duplicate_in_list",
    "missing_in_list",
    "created_at_with_offset",
)
Change = Callable[[str, Any], Any]


def wrap(handlers: Mapping[str, Handler], faults: Faults) -> dict[str, Handler]:
    """`handlers` (by method), each wrapped to apply the answer faults on in `faults`."""
    on = [name for name in ANSWER_FAULTS if getattr(faults, name)]
    if not on:
        return dict(handlers)
    changes = [_CHANGES[name]() for name in on]
    return {method: _wrapped(handler, changes) for method, handler in handlers.items()}


def _wrapped(handler: Handler, changes: list[Change]) -> Handler:
    def faulty(call: Call) -> Reply:
        reply = handler(call)
        body = reply.body
        for change in changes:
            body = change(handler.__name__, body)
        return reply._replace(body=body)

    return faulty


def _results(body: Any) -> list[dict[str, Any]] | None:
    results = body.get("results") if isinstance(body, dict) else None
    return results if isinstance(results, list) else None


def _wrong_stored_field() -> Change:
    def change(operation: str, body: Any) -> Any:
        results = _results(body) if operation == "list_snapshots" else None
        for snapshot in results or []:
            if isinstance(snapshot.get("description"), str):
                # FAULT: wrong_stored_field (descriptions stored in 10 characters)
                snapshot["description"] = snapshot["description"][:10]
        return body

    return change


def _wrong_order() -> Change:
    def change(operation: str, body: Any) -> Any:
        results = _results(body) if operation == "list_snapshots" else None
        if results is not None:
            results.reverse()  # FAULT: wrong_order (oldest first)
        return body

    return change


def _far_created_at() -> Change:
    def change(operation: str, body: Any) -> Any:
        if operation == "create_snapshot" and isinstance(body, dict):
            created = str(body.get("created_at", ""))
            # FAULT: far_created_at (a year before the call)
            body["created_at"] = f"{int(created[:4]) - 1:04d}{created[4:]}"
        return body

    return change


def _extra_property() -> Change:
    def change(operation: str, body: Any) -> Any:
        snapshots = _results(body) if operation == "list_snapshots" else None
        if operation == "create_snapshot" and isinstance(body, dict):
            snapshots = [body]
        for snapshot in snapshots or []:
            # FAULT: extra_property (a property the document does not name)
            snapshot["storage_path"] = f"/var/lib/snapshots/{snapshot.get('id')}.img"
        return body

    return change


def _status_goes_back() -> Change:
    lists = itertools.count()

    def change(operation: str, body: Any) -> Any:
        results = _results(body) if operation == "list_snapshots" else None
        if results is not None and next(lists) % 2 == 0:
            for snapshot in results:
                if snapshot.get("status") == "completed":
                    # FAULT: status_goes_back (every other list shows completed as in_progress)
                    snapshot["status"], snapshot["size_mb"] = "in_progress", None
        return body

    return change


def _size_against_status() -> Change:
    def change(operation: str, body: Any) -> Any:
        if operation == "create_snapshot" and isinstance(body, dict):
            body["size_mb"] = 0  # FAULT: size_against_status (in_progress with a size)
        return body

    return change


def _restore_names_other(part: str) -> Callable[[], Change]:
    def make() -> Change:
        def change(operation: str, body: Any) -> Any:
            if operation == "restore_snapshot" and isinstance(body, dict):
                # FAULT: restore_names_other_snapshot / restore_names_other_server
                body[part] = {**body[part], "id": body[part]["id"] + 1}
            return body

        return change

    return make


def _duplicate_in_list() -> Change:
    def change(operation: str, body: Any) -> Any:
        results = _results(body) if operation == "list_snapshots" else None
        if results:
            results.append(dict(results[0]))  # FAULT: duplicate_in_list
            body["count"] = len(results)
        return body

    return change


def _missing_in_list() -> Change:
    def change(operation: str, body: Any) -> Any:
        results = _results(body) if operation == "list_snapshots" else None
        if results:
            del results[0]  # FAULT: missing_in_list (the newest is left out)
            body["count"] = len(results)
        return body

    return change


def _with_offset(value: Any) -> Any:
    if isinstance(value, str) and value.endswith("Z"):
        return f"{value[:-1]}.000+00:00"  # FAULT: created_at_with_offset
    return value


def _created_at_with_offset() -> Change:
    def change(operation: str, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        for snapshot in [body, body.get("snapshot"), *(_results(body) or [])]:
            if isinstance(snapshot, dict) and "created_at" in snapshot:
                snapshot["created_at"] = _with_offset(snapshot["created_at"])
        return body

    return change


_CHANGES: dict[str, Callable[[], Change]] = {
    "wrong_stored_field": _wrong_stored_field,
    "wrong_order": _wrong_order,
    "far_created_at": _far_created_at,
    "extra_property": _extra_property,
    "status_goes_back": _status_goes_back,
    "size_against_status": _size_against_status,
    "restore_names_other_snapshot": _restore_names_other("snapshot"),
    "restore_names_other_server": _restore_names_other("server"),
    "duplicate_in_list": _duplicate_in_list,
    "missing_in_list": _missing_in_list,
    "created_at_with_offset": _created_at_with_offset,
}
assert set(_CHANGES) == set(ANSWER_FAULTS)
assert set(ANSWER_FAULTS) <= {f.name for f in dataclasses.fields(Faults)}
