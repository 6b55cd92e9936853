"""What the hostile-input suites share: a mock per database, and the checks after each case.

Each case asserts the documented status and body, that the mock answers a plain request right
after, and that nothing stored changed (`Guard`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
from collections.abc import Iterator

import httpx
import pytest

from snapshots_mock.seed_facts import NEXT_SNAPSHOT_ID, PAGE_SERVER, TOKEN
from snapshots_mock.testing import RunningMock, running_mock
from tests.conftest import mock_config
from tests.mock.helpers import SNAPSHOTS, world

# Short enough for the tests to wait them out; the defaults are in MockConfig.
HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.0
SQLITE_BUSY_TIMEOUT = 0.2
FIXED_503_MESSAGE = "The service is unavailable for a moment; try again after Retry-After seconds."


def hostile_mock(database_url: str) -> Iterator[RunningMock]:
    config = dataclasses.replace(
        mock_config(database_url),
        header_timeout_seconds=HEADER_TIMEOUT,
        body_timeout_seconds=BODY_TIMEOUT,
        sqlite_busy_timeout=SQLITE_BUSY_TIMEOUT,
    )
    with running_mock(config) as mock:
        yield mock


def database_url_for(
    kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'mock.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    module = request.module.__name__.rpartition(".")[2]
    url: str = server.new_database(f"hostile_{module}")
    return url


class Guard:
    """Before a case: what both accounts see. After: the same, and a plain request works."""

    def __init__(self, mock: RunningMock) -> None:
        self.mock = mock
        self.client = httpx.Client(base_url=mock.url, headers=mock.auth(TOKEN), timeout=30)
        self.before = world(self.client)

    def check(self) -> None:
        assert world(self.client) == self.before
        # The next id is still the next one: no refused create took an id either.
        response = self.client.post(
            SNAPSHOTS, json={"server_id": PAGE_SERVER, "name": "after-the-hostile-case"}
        )
        assert response.status_code == 201, response.text
        assert response.json()["id"] == NEXT_SNAPSHOT_ID
        self.client.close()


def raw_exchange(url: str, data: bytes, *, timeout: float = 10) -> bytes:
    """Send `data` on a new connection, then read until the server closes it."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        # The server may answer and close before taking it all.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        chunks = []
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def split_answer(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body
