"""The ``snapshots-mock`` command under attack, on SQLite and on PostgreSQL: a flood of idle
and half-sent connections beyond its open-file limit, and a ``kill -9`` with several workers.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from snapshots_mock.seed_facts import PAGE_SERVER
from snapshots_mock.testing import MockProcess, free_socket, mock_process
from tests.mock.helpers import SNAPSHOTS, assert_error, world
from tests.mock.hostile import database_url_for

OPEN_FILES = 256  # the server's own limit, lowered by the test
MAX_CONNECTIONS = 100
FLOOD = 400  # connections opened at once: beyond the server's open files
TIMEOUT = 1.0  # header, body and keep-alive seconds of the flooded server


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return database_url_for(request.param, request, tmp_path_factory)


def _answer(url: str, timeout: float = 10) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=timeout) as client:
        return client.get(SNAPSHOTS, headers={"Authorization": "Bearer YOUR_API_TOKEN"})


def test_a_flood_of_idle_and_half_sent_connections(database: str, tmp_path: Path) -> None:
    args = ["--database-url", database, "--max-connections", str(MAX_CONNECTIONS)]
    for option in ("--header-timeout", "--body-timeout", "--keep-alive"):
        args += [option, str(TIMEOUT)]
    with mock_process(tmp_path / "mock.log", *args) as mock:
        resource.prlimit(mock.process.pid, resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))
        with httpx.Client(base_url=mock.url, timeout=10) as client:
            before = world_of(client)
        host, port = mock.url.removeprefix("http://").split(":")
        sockets: list[socket.socket] = []
        try:
            for number in range(FLOOD):
                sock = socket.create_connection((host, int(port)), timeout=10)
                sockets.append(sock)
                kind = number % 3
                if kind == 1:
                    sock.sendall(b"GET /api/v1/snap")  # half a request line
                elif kind == 2:
                    sock.sendall(b"POST /api/v1/snapshots/ HTTP/1.1\r\nHost: x\r\nContent-Le")
            # During the flood: an answer, a documented one (503 past the cap), never a hang.
            during = _answer(mock.url)
            if during.status_code == 503:
                assert_error(during, 503, "service_unavailable")
                assert during.headers["retry-after"] == "1"
            else:
                assert during.status_code == 200, during.text
            answers = [_drain(sock) for sock in sockets]
        finally:
            for sock in sockets:
                sock.close()
        # Every flooding connection was closed by the server: with a 503 (over the cap), a 408
        # (half-sent), or without a word (idle), and each answer is the API's error body.
        for answer in answers:
            if answer:
                status = int(answer.split(b" ", 2)[1])
                assert status in (408, 503), answer[:200]
                assert b"application/json" in answer
        assert any(a.startswith(b"HTTP/1.1 503") for a in answers)
        assert any(a.startswith(b"HTTP/1.1 408") for a in answers)
        # And right after, the server is healthy and nothing stored changed.
        after = _answer(mock.url)
        assert after.status_code == 200, after.text
        with httpx.Client(base_url=mock.url, timeout=10) as client:
            assert world_of(client) == before
        assert mock.process.poll() is None


def _drain(sock: socket.socket) -> bytes:
    """What the server sent before closing the connection (it must close it: no hang)."""
    sock.settimeout(TIMEOUT * 5 + 5)
    chunks = []
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def world_of(client: httpx.Client) -> list[list[dict[str, object]]]:
    return world(client)


def _group_gone(group: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def _started(log: Path, database: str, port: int) -> Iterator[MockProcess]:
    with mock_process(log, "--database-url", database, "--workers", "2", port=port) as m:
        yield m


def test_kill_9_of_a_multi_worker_mock_ends_its_workers(database: str, tmp_path: Path) -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    with _started(tmp_path / "first.log", database, port) as first:
        with httpx.Client(base_url=first.url, timeout=10) as client:
            created = client.post(
                SNAPSHOTS,
                json={"server_id": PAGE_SERVER, "name": "before-the-kill"},
                headers={"Authorization": "Bearer YOUR_API_TOKEN"},
            )
            assert created.status_code == 201, created.text
            before = _stored(client)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait()
        # Its workers see their parent die and stop; none goes on serving the port.
        assert _group_gone(first.process.pid, 30), "a worker outlived its parent"
    with _started(tmp_path / "second.log", database, port) as second:
        assert second.url == first.url
        with httpx.Client(base_url=second.url, timeout=10) as client:
            assert _stored(client) == before


def _stored(client: httpx.Client) -> list[set[tuple[object, object]]]:
    # Ids and names: a status moves on with the clock between the two mocks.
    return [{(s["id"], s["name"]) for s in account} for account in world(client)]
