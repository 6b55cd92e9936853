"""A request offering an ``h2c`` upgrade is answered as HTTP/1.1, body and all (RFC 9110 §7.8).

The JDK's HttpClient offers ``Upgrade: h2c`` on every ``http://`` request by default. llhttp
stops at the end of such a request's headers, and uvicorn (issue #2722, httptools #124) then
hands the app an empty body and loses the bytes after the headers. These tests talk over a real
socket to the in-thread mock, keep the connection alive, and check the request after the
upgraded one too (the point reviewers of the upstream fixes kept coming back to).
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from snapshots_mock.seed_facts import PAGE_SERVER, TOKEN
from snapshots_mock.testing import RunningMock
from tests.bindings import builds
from tests.mock.helpers import SNAPSHOTS
from tests.mock.hostile import hostile_mock, raw_exchange, split_answer
from tests.system import program
from tests.targets import java

# What the JDK's HttpClient (17 here) sends on an http:// URL with its default settings.
H2C = (
    b"Connection: Upgrade, HTTP2-Settings\r\n"
    b"Upgrade: h2c\r\n"
    b"HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n"
)

JAVA_PROBE = Path(__file__).resolve().parent / "java" / "H2cProbe.java"
JDK_NAMES = ("jdk-known-length", "jdk-chunked")


@pytest.fixture
def conn(mock: RunningMock) -> Iterator[socket.socket]:
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        yield sock


def _head(method: str, path: str, extra: bytes = b"") -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer {TOKEN}\r\n".encode()
        + extra
    )


def _create(name: str, *, upgrade: bool = True, chunked: bool = False) -> tuple[bytes, bytes]:
    """The head (ending in the blank line) and the body of a create."""
    body = json.dumps({"server_id": PAGE_SERVER, "name": name}).encode()
    framing = b"Content-Type: application/json\r\n"
    if chunked:
        framing += b"Transfer-Encoding: chunked\r\n"
        half = len(body) // 2
        body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:half], body[half:]))
        body += b"0\r\n\r\n"
    else:
        framing += b"Content-Length: %d\r\n" % len(body)
    return _head("POST", SNAPSHOTS, (H2C if upgrade else b"") + framing) + b"\r\n", body


def _listing(*, upgrade: bool = False) -> bytes:
    return _head("GET", SNAPSHOTS, H2C if upgrade else b"") + b"\r\n"


class _Reader:
    """Reads whole answers (with Content-Length, as the mock sends them) off one connection."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def answer(self) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status, headers, _ = split_answer(head + b"\r\n\r\n")
        length = int(headers["content-length"])
        while len(self.buffer) < length:
            self._more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        assert chunk, f"the server closed the connection; unread: {self.buffer!r}"
        self.buffer += chunk


def _assert_created(answer: tuple[int, dict[str, str], bytes], name: str) -> None:
    status, headers, body = answer
    assert status == 201, body
    assert json.loads(body)["name"] == name
    assert headers.get("connection") != "close"
    assert "upgrade" not in headers  # the offer is ignored, not taken up


def _assert_listing_has(answer: tuple[int, dict[str, str], bytes], *names: str) -> None:
    status, _, body = answer
    assert status == 200, body
    listed = {snapshot["name"] for snapshot in json.loads(body)["results"]}
    assert set(names) <= listed


def test_a_create_with_a_content_length_body(conn: socket.socket) -> None:
    head, body = _create("h2c-length")
    conn.sendall(head + body)
    reader = _Reader(conn)
    _assert_created(reader.answer(), "h2c-length")
    conn.sendall(_listing())
    _assert_listing_has(reader.answer(), "h2c-length")


def test_a_create_with_a_chunked_body(conn: socket.socket) -> None:
    head, body = _create("h2c-chunked", chunked=True)
    conn.sendall(head + body)
    reader = _Reader(conn)
    _assert_created(reader.answer(), "h2c-chunked")
    conn.sendall(_listing())
    _assert_listing_has(reader.answer(), "h2c-chunked")


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
def test_a_body_that_arrives_after_the_headers(conn: socket.socket, chunked: bool) -> None:
    head, body = _create("h2c-late", chunked=chunked)
    conn.sendall(head)
    time.sleep(0.2)  # the headers are parsed (and the upgrade seen) before the body comes
    conn.sendall(body[:5])
    time.sleep(0.1)
    conn.sendall(body[5:])
    reader = _Reader(conn)
    _assert_created(reader.answer(), "h2c-late")
    conn.sendall(_listing())
    _assert_listing_has(reader.answer(), "h2c-late")


def test_pipelined_requests_after_the_upgraded_one_are_answered_in_order(
    conn: socket.socket,
) -> None:
    first, first_body = _create("h2c-first")
    second, second_body = _create("h2c-second", chunked=True)
    conn.sendall(first + first_body + second + second_body + _listing(upgrade=True))
    reader = _Reader(conn)
    _assert_created(reader.answer(), "h2c-first")
    _assert_created(reader.answer(), "h2c-second")
    _assert_listing_has(reader.answer(), "h2c-first", "h2c-second")


def test_a_get_with_the_upgrade_headers_then_a_create_on_the_same_connection(
    conn: socket.socket,
) -> None:
    reader = _Reader(conn)
    # Two in one packet: the bytes after the upgraded request's headers are the next request.
    conn.sendall(_listing(upgrade=True) + _listing())
    for _ in range(2):
        status, headers, _ = reader.answer()
        assert status == 200
        assert headers.get("connection") != "close"
    head, body = _create("h2c-after-get", upgrade=False)
    conn.sendall(head + body)
    _assert_created(reader.answer(), "h2c-after-get")


def test_a_websocket_offer_is_answered_as_http_too(conn: socket.socket) -> None:
    offer = b"Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
    head, body = _create("ws-offer")
    conn.sendall(head.replace(H2C, offer) + body)
    reader = _Reader(conn)
    _assert_created(reader.answer(), "ws-offer")
    conn.sendall(_listing())
    _assert_listing_has(reader.answer(), "ws-offer")


def test_connection_close_beside_the_upgrade_is_kept(conn: socket.socket) -> None:
    head = _listing(upgrade=True).replace(b"Upgrade, HTTP2-Settings", b"Upgrade, close")
    conn.sendall(head)
    reader = _Reader(conn)
    status, headers, _ = reader.answer()
    assert status == 200
    assert headers["connection"] == "close"
    assert conn.recv(1) == b""


def test_an_upgraded_create_without_a_token_is_refused_as_usual(conn: socket.socket) -> None:
    head, body = _create("h2c-anonymous")
    conn.sendall(head.replace(f"Authorization: Bearer {TOKEN}\r\n".encode(), b"") + body)
    status, _, answer = _Reader(conn).answer()
    assert status == 401, answer


def _names(mock: RunningMock) -> set[str]:
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(_listing())
        status, _, body = _Reader(sock).answer()
    assert status == 200
    return {snapshot["name"] for snapshot in json.loads(body)["results"]}


def test_a_malformed_body_after_the_offer_is_refused_and_nothing_is_stored(
    mock: RunningMock, conn: socket.socket
) -> None:
    head, body = _create("h2c-malformed", chunked=True)
    conn.sendall(head + b"zz\r\n" + body)  # not a chunk size: not an early end of the body
    status, headers, answer = _Reader(conn).answer()
    assert status == 400, answer
    assert json.loads(answer)["error"]["code"] == "invalid_parameters"
    assert headers["connection"] == "close"
    assert conn.recv(1) == b""
    assert "h2c-malformed" not in _names(mock)


def test_headers_over_the_limit_with_the_offer_are_refused(conn: socket.socket) -> None:
    head, body = _create("h2c-large")
    conn.sendall(head.replace(b"Host:", b"X-Large: " + b"a" * 20_000 + b"\r\nHost:") + body)
    status, headers, _ = _Reader(conn).answer()
    assert status == 431
    assert headers["connection"] == "close"


def test_an_early_answer_to_an_offer_whose_body_is_still_coming_closes(
    mock: RunningMock, conn: socket.socket
) -> None:
    head, body = _create("h2c-early")
    head = head.replace(f"Authorization: Bearer {TOKEN}\r\n".encode(), b"")
    conn.sendall(head + body[:3])
    status, _, _ = _Reader(conn).answer()
    assert status == 401
    assert conn.recv(1) == b""  # the rest of the body could not be told from a next request


def test_a_body_that_never_comes_after_the_offer_times_out(tmp_path: Path) -> None:
    with contextlib.contextmanager(hostile_mock)(f"sqlite:///{tmp_path / 'mock.sqlite3'}") as mock:
        head, body = _create("h2c-slow")
        answer = raw_exchange(mock.url, head + body[:3])
    status, headers, _ = split_answer(answer)
    assert status == 408
    assert headers["connection"] == "close"


def test_the_jdks_http_client_with_its_default_settings(mock: RunningMock, tmp_path: Path) -> None:
    classes = tmp_path / "classes"
    builds.run(
        [program("javac"), *java.JAVAC_STRICT, "-d", str(classes), str(JAVA_PROBE)], tmp_path
    )
    bodies = [json.dumps({"server_id": PAGE_SERVER, "name": name}) for name in JDK_NAMES]
    command = [program("java"), "-cp", str(classes), "H2cProbe", mock.url, TOKEN, *bodies]
    lines = builds.run(command, tmp_path).splitlines()
    assert len(lines) == 3, lines
    answers = [line.split(" ", 2) for line in lines]
    for (status, version, body), name in zip(answers, JDK_NAMES, strict=False):
        assert (status, version) == ("201", "HTTP_1_1"), body
        assert json.loads(body)["name"] == name
    status, version, body = answers[2]
    assert (status, version) == ("200", "HTTP_1_1")
    assert set(JDK_NAMES) <= {snapshot["name"] for snapshot in json.loads(body)["results"]}
