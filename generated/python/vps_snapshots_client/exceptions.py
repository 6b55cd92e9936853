"""Every error the client's layer raises: one hierarchy, rooted at `SnapshotsError`.

Hand-written beside the generated code (like the ``_patch.py`` customizations of Azure's
generated SDKs): the toolkit's scripts/targets/python.py copies it into the package from
openapi/python-client-layer/ at each regeneration. Edit it there, never in generated/.

::

    SnapshotsError
    ├── APIConnectionError        no answer came: refused, reset, DNS, TLS...
    │   └── APITimeoutError       no answer within the timeout
    ├── APIStatusError            an answer that is a failure: status, code, message, details,
    │   │                         headers, request_id, content
    │   ├── UndocumentedStatusError   a status the document does not list for the call
    │   │                             (a 429, a 500, a 502...)
    │   └── MalformedResponseError    a body that is not JSON or not the API's error shape
    │                                 (a proxy's HTML page), whatever the status
    └── WaitError                 wait_for_snapshot ended without a completed snapshot
        ├── SnapshotFailedError   the snapshot ended `failed`
        ├── SnapshotGoneError     the snapshot is no longer listed (deleted meanwhile)
        └── WaitDeadlineError     the deadline passed while it was still `in_progress`
"""

from __future__ import annotations

import httpx

from .models.error_code import ErrorCode
from .models.error_detail import ErrorDetail
from .models.snapshot import Snapshot

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "MalformedResponseError",
    "SnapshotFailedError",
    "SnapshotGoneError",
    "SnapshotsError",
    "UndocumentedStatusError",
    "WaitDeadlineError",
    "WaitError",
]


class SnapshotsError(Exception):
    """The root of every error this client's layer raises."""


class APIConnectionError(SnapshotsError):
    """No answer came from the API (the request may or may not have reached it)."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """No answer came within the timeout (see `SnapshotsClient`'s ``timeout``)."""


class APIStatusError(SnapshotsError):
    """The API answered with a failure: a documented error status and the API's error body.

    `code` is a string, never an enum: a code this version of the client does not know (the
    document's list may grow) is kept as it came; `error_code` is the `ErrorCode` when known.
    `code`, `message` and `details` are empty only for a `MalformedResponseError`.
    """

    def __init__(
        self,
        *,
        status: int,
        code: str | None,
        message: str,
        details: list[ErrorDetail],
        headers: httpx.Headers,
        content: bytes,
        method: str,
        url: str,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
        self.content = content
        self.method = method
        self.url = url
        # The API documents no request id; one a proxy or gateway adds is kept for support.
        self.request_id: str | None = headers.get("x-request-id")
        super().__init__(f"{method} {url} answered {status}" + (f" {code}: {message}" if code else ""))

    @property
    def error_code(self) -> ErrorCode | None:
        """`code` as the document's `ErrorCode`, or None for a code this client does not know."""
        if self.code is None:
            return None
        try:
            return ErrorCode(self.code)
        except ValueError:
            return None

    @property
    def text(self) -> str:
        """The body as text (for a log line; an HTML page from a proxy, say)."""
        return self.content.decode("utf-8", errors="replace")


class UndocumentedStatusError(APIStatusError):
    """The answer's status is not one the document lists for this call (429, 500, 502...)."""


class MalformedResponseError(APIStatusError):
    """The body is not JSON, or not the shape the document gives it (a proxy's HTML page)."""


class WaitError(SnapshotsError):
    """`wait_for_snapshot` ended without a completed snapshot."""

    def __init__(self, message: str, *, snapshot_id: int, snapshot: Snapshot | None) -> None:
        super().__init__(message)
        self.snapshot_id = snapshot_id
        self.snapshot = snapshot  # as last listed; None if it was never seen


class SnapshotFailedError(WaitError):
    """The snapshot ended `failed`: it cannot be restored; delete it and try again."""


class SnapshotGoneError(WaitError):
    """The snapshot is not listed (any more): deleted meanwhile, or never yours."""


class WaitDeadlineError(WaitError):
    """The deadline passed while the snapshot was still `in_progress`; it may yet complete."""
