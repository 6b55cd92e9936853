"""Every way a command can fail, as one `Failure` with its exit code; the table docs/cli.md shows.

Each error code of the document has an exit code of its own, so that a script can tell a full
server (`snapshot_limit_reached`) from a wrong id (`snapshot_not_found`) without reading a
message. The codes and their statuses are the document's (``ErrorCode``'s ``x-error-statuses``,
in the bundle); the numbers are this command's and never change once released, which is why
they are a table here and not the codes' order in the document. The build refuses a bundle
whose codes this table does not match (scripts/package_tools.py), and so does a test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vps_snapshots_client.exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MalformedResponseError,
    SnapshotFailedError,
    SnapshotGoneError,
    SnapshotsError,
    UndocumentedStatusError,
    WaitDeadlineError,
)

OK = 0
# Nothing was done: a confirmation was declined, or could not be asked (no terminal, no --yes).
ABORTED = 1
# click's own, for a wrong option or argument.
USAGE = 2
CONFIGURATION = 3
CONNECTION = 4
TIMEOUT = 5
# An answer the document does not describe: an undocumented status, a body that is not the API's.
UNDOCUMENTED_ANSWER = 6
# The API's error body with a code the document does not list (a newer API's).
UNKNOWN_ERROR_CODE = 7
SNAPSHOT_FAILED = 8
SNAPSHOT_GONE = 9
WAIT_DEADLINE = 10
INTERRUPTED = 130

ERROR_CODES: dict[str, int] = {
    "invalid_parameters": 20,
    "snapshot_limit_reached": 21,
    "duplicate_snapshot_name": 22,
    "invalid_state": 23,
    "unauthorized": 24,
    "server_not_found": 25,
    "snapshot_not_found": 26,
    "not_found": 27,
    "method_not_allowed": 28,
    "payload_too_large": 29,
    "unsupported_media_type": 30,
    "request_timeout": 31,
    "request_header_fields_too_large": 32,
    "service_unavailable": 33,
}

# Every other exit code, by name, for the manual's table (docs/cli.md) and its test.
OTHER_CODES: dict[str, int] = {
    "ok": OK,
    "aborted": ABORTED,
    "usage": USAGE,
    "configuration": CONFIGURATION,
    "connection": CONNECTION,
    "timeout": TIMEOUT,
    "undocumented_answer": UNDOCUMENTED_ANSWER,
    "unknown_error_code": UNKNOWN_ERROR_CODE,
    "snapshot_failed": SNAPSHOT_FAILED,
    "snapshot_gone": SNAPSHOT_GONE,
    "wait_deadline": WAIT_DEADLINE,
    "interrupted": INTERRUPTED,
}


def check_codes(error_statuses: dict[str, int]) -> None:
    """Raise unless `ERROR_CODES` has exactly the document's error codes."""
    missing = sorted(set(error_statuses) - set(ERROR_CODES))
    extra = sorted(set(ERROR_CODES) - set(error_statuses))
    if missing or extra:
        raise ValueError(
            "snapshots_cli/failures.py ERROR_CODES must give each of the document's error codes "
            f"an exit code: missing {missing}, not in the document {extra}"
        )


@dataclass(frozen=True)
class Failure:
    """What went wrong, for people and for scripts (``--json``, and the MCP server's results)."""

    exit_code: int
    kind: str  # a name of OTHER_CODES, or "api_error"
    message: str
    status: int | None = None
    code: str | None = None
    details: list[dict[str, str]] = field(default_factory=list)
    request_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"kind": self.kind, "exit_code": self.exit_code}
        for name in ("status", "code", "request_id"):
            if getattr(self, name) is not None:
                found[name] = getattr(self, name)
        found["message"] = self.message
        found["details"] = self.details
        return {"error": found}

    def for_people(self) -> str:
        head = f"error: {self.message}"
        if self.code is not None or self.status is not None:
            what = " ".join(str(x) for x in (self.status, self.code) if x is not None)
            head = f"error ({what}): {self.message}"
        lines = [head, *(f"  {d['field']}: {d['message']}" for d in self.details)]
        if self.request_id:
            lines.append(f"  request id: {self.request_id}")
        return "\n".join(lines)


def _status_failure(error: APIStatusError) -> Failure:
    details = [{"field": d.field, "message": d.message} for d in error.details]
    common: dict[str, Any] = {
        "status": error.status,
        "code": error.code,
        "details": details,
        "request_id": error.request_id,
    }
    if isinstance(error, MalformedResponseError):
        message = f"{error.method} {error.url} answered {error.status} with a body that is not the API's"
        return Failure(UNDOCUMENTED_ANSWER, "undocumented_answer", message, **common)
    if isinstance(error, UndocumentedStatusError):
        message = error.message or f"{error.method} {error.url} answered {error.status}"
        text = f"an answer the API does not document ({error.status}): {message}"
        return Failure(UNDOCUMENTED_ANSWER, "undocumented_answer", text, **common)
    if error.code in ERROR_CODES:
        return Failure(ERROR_CODES[error.code], "api_error", error.message, **common)
    return Failure(UNKNOWN_ERROR_CODE, "unknown_error_code", error.message, **common)


def failure(error: SnapshotsError) -> Failure:
    """The `Failure` that `error` (from the Python client's layer) is."""
    if isinstance(error, APIStatusError):
        return _status_failure(error)
    if isinstance(error, APITimeoutError):
        return Failure(TIMEOUT, "timeout", f"no answer in time from {error.url}")
    if isinstance(error, APIConnectionError):
        return Failure(CONNECTION, "connection", f"cannot reach {error.url}: {error}")
    if isinstance(error, SnapshotFailedError):
        return Failure(SNAPSHOT_FAILED, "snapshot_failed", str(error))
    if isinstance(error, SnapshotGoneError):
        return Failure(SNAPSHOT_GONE, "snapshot_gone", str(error))
    if isinstance(error, WaitDeadlineError):
        return Failure(WAIT_DEADLINE, "wait_deadline", str(error))
    raise TypeError(f"no exit code for {error!r}")
