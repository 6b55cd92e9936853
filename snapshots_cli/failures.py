"""Every way a command can fail, as one `Failure` with its exit code (`snapshots_cli.exit_codes`).

The MCP server returns the same object as a tool's error result.
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

from snapshots_cli.exit_codes import (
    ABORTED,
    CONFIGURATION,
    CONNECTION,
    ERROR_CODES,
    INTERRUPTED,
    SNAPSHOT_FAILED,
    SNAPSHOT_GONE,
    TIMEOUT,
    UNDOCUMENTED_ANSWER,
    UNKNOWN_ERROR_CODE,
    WAIT_DEADLINE,
)

__all__ = ["ABORTED", "CONFIGURATION", "INTERRUPTED", "Failure", "failure"]


@dataclass(frozen=True)
class Failure:
    """What went wrong, for people and for scripts (``--json``, and the MCP server's results)."""

    exit_code: int
    # "api_error" (a code of the document), "unknown_error_code", "undocumented_status" or
    # "malformed_response" (both exit UNDOCUMENTED_ANSWER), "connection", "timeout",
    # "snapshot_failed", "snapshot_gone", "wait_deadline", "configuration", "aborted".
    kind: str
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
        message = (
            f"{error.method} {error.url} answered {error.status} with a body that is not the API's"
        )
        return Failure(UNDOCUMENTED_ANSWER, "malformed_response", message, **common)
    if isinstance(error, UndocumentedStatusError):
        message = error.message or f"{error.method} {error.url} answered {error.status}"
        text = f"an answer the API does not document ({error.status}): {message}"
        return Failure(UNDOCUMENTED_ANSWER, "undocumented_status", text, **common)
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
        return Failure(CONNECTION, "connection", f"cannot reach the API: {error}")
    if isinstance(error, SnapshotFailedError):
        return Failure(SNAPSHOT_FAILED, "snapshot_failed", str(error))
    if isinstance(error, SnapshotGoneError):
        return Failure(SNAPSHOT_GONE, "snapshot_gone", str(error))
    if isinstance(error, WaitDeadlineError):
        return Failure(WAIT_DEADLINE, "wait_deadline", str(error))
    raise TypeError(f"no exit code for {error!r}")
