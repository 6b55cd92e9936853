"""The statuses the document lists on every operation that no generated case can provoke: the
limits of a server on a network (``431`` headers too large, ``408`` a request sent too slowly,
``503`` one connection too many) and ``413`` (a body over 16 KiB) on the create.

Against the in-process mock (an ASGI application: no sockets, so none of these limits) the suite
starts the mock as a real HTTP server for this, with short limits (`MOCK_LIMITS`), and sends
each operation's request past each limit; every answer must be the documented status with its
error code, and is counted in the run's table of statuses (`Target.observed`). Against a
deployment this is not run: it waits on the deployment's own timeouts and holds its
connections (``--hostile-inputs`` sends the harmless part of it).

Each request names what cannot exist (the id 2^53 - 1), so that even a server that took it
would change nothing.
"""

from __future__ import annotations

import contextlib
import json
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contract_tests.document import RESTORE, SNAPSHOT, SNAPSHOTS, error_statuses
from contract_tests.target import MAX_ID

# The HTTP mocks' limits for this test: a short header timeout, so that the 408 comes in a
# fraction of a second; and, on a second mock (the 503s), room for one connection only, so that
# one held idle fills it. Two mocks: on one, a probe's connection the server has not yet seen
# closed would make the next probe's answer a 503.
MOCK_LIMITS: dict[str, Any] = {"header_timeout_seconds": 0.3}
CROWDED_MOCK_LIMITS: dict[str, Any] = {"max_connections": 1}
HEADER_PADDING = 64 * 1024  # well over the document's 16 KiB of request line and headers
BODY_PADDING = 32 * 1024  # well over the document's 16 KiB of body
TIMEOUT = 30.0

OPERATIONS = (
    ("GET", SNAPSHOTS, SNAPSHOTS),
    ("POST", SNAPSHOTS, SNAPSHOTS),
    ("DELETE", SNAPSHOT, SNAPSHOT.replace("{snapshot_id}", str(MAX_ID))),
    ("POST", RESTORE, RESTORE.replace("{snapshot_id}", str(MAX_ID))),
)
CODES = {
    431: "request_header_fields_too_large",
    408: "request_timeout",
    503: "service_unavailable",
    413: "payload_too_large",
}


@dataclass(frozen=True)
class Answer:
    operation: str  # METHOD /path/ as the document names it
    expected: int
    status: int
    code: str | None

    @property
    def as_documented(self) -> bool:
        return (self.status, self.code) == (self.expected, CODES[self.expected])


def _read(sock: socket.socket) -> tuple[int, str | None]:
    chunks = []
    with contextlib.suppress(ConnectionResetError, TimeoutError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    if not answer:
        return 0, None
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    return status, code if isinstance(code, str) else None


class Limits:
    """Requests past each limit, on raw sockets (each limit is below what an HTTP client lets
    one send: a half-sent request, a connection held idle)."""

    def __init__(self, base_url: str, token: str) -> None:
        parts = urlsplit(base_url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.host = parts.netloc
        self.token = token

    def _connect(self) -> socket.socket:
        return socket.create_connection(self.address, timeout=TIMEOUT)

    def _head(self, method: str, path: str, *extra: str) -> bytes:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}",
            f"Authorization: Bearer {self.token}",
            *extra,
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def _send(self, data: bytes, *, half: bool = False) -> tuple[int, str | None]:
        with self._connect() as sock:
            sock.sendall(data[: len(data) // 2] if half else data)
            return _read(sock)

    def headers_too_large(self, method: str, path: str) -> tuple[int, str | None]:
        return self._send(self._head(method, path, "X-Padding: " + "a" * HEADER_PADDING))

    def sent_too_slowly(self, method: str, path: str) -> tuple[int, str | None]:
        return self._send(self._head(method, path), half=True)

    def one_connection_too_many(self, method: str, path: str) -> tuple[int, str | None]:
        with self._connect():  # holds the one connection the server takes
            return self._send(self._head(method, path))

    def body_too_large(self, method: str, path: str) -> tuple[int, str | None]:
        body = json.dumps({"server_id": MAX_ID, "name": "n", "description": "a" * BODY_PADDING})
        head = self._head(
            method,
            path,
            "Content-Type: application/json",
            f"Content-Length: {len(body.encode())}",
        )
        return self._send(head + body.encode())


def probe(base_url: str, crowded_url: str, token: str) -> Iterator[Answer]:
    """Every operation past every limit, as the document lists them for it: the 503s on
    `crowded_url`, a server that takes one connection, the rest on `base_url`."""
    limits, crowded = Limits(base_url, token), Limits(crowded_url, token)
    sends = {
        431: limits.headers_too_large,
        408: limits.sent_too_slowly,
        413: limits.body_too_large,
        503: crowded.one_connection_too_many,
    }
    listed = {status for status in error_statuses().values()}
    for method, template, path in OPERATIONS:
        operation = f"{method} {template}"
        for status, send in sends.items():
            if status == 413 and (method, template) != ("POST", SNAPSHOTS):
                continue  # only the create takes a body
            if status not in listed:
                continue  # another version of the document, without this limit
            got, code = send(method, path)
            yield Answer(operation, status, got, code)


def probe_the_mock(token: str) -> list[Answer]:
    """`probe` against the mock, started as two HTTP servers (with `MOCK_LIMITS` and
    `CROWDED_MOCK_LIMITS`) on SQLite files of their own, for as long as it takes."""
    from snapshots_mock import MockConfig
    from snapshots_mock.testing import running_mock

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contract-limits-")))
        urls = []
        for name, options in (("limits", MOCK_LIMITS), ("crowded", CROWDED_MOCK_LIMITS)):
            config = MockConfig(
                database_url=f"sqlite:///{folder / name}.sqlite3",
                access_log=False,
                **options,
            )
            urls.append(stack.enter_context(running_mock(config)).url)
        return list(probe(urls[0], urls[1], token))
