"""What the mock relies on of Starlette's and uvicorn's internals still holds (issue 16).

The project pins those packages to the versions checked here (issue 24: the first test).

`JsonResponse` sets what Starlette's `Response.__call__` reads instead of going through
`Response.__init__`, and `protocol.HttpProtocol` overrides uvicorn's httptools protocol. Both are
compared here with the upstream classes, so that an upgrade that changes them fails here, by
name, rather than silently in production. (The behaviour over the wire is in the hostile suites.)
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import inspect
import re
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import httptools
import pytest
import uvicorn
from packaging.requirements import Requirement
from starlette.responses import Response
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from snapshots_mock import MockConfig
from snapshots_mock.protocol import HttpProtocol, protocol_class
from snapshots_mock.responses import JsonResponse

ROOT = Path(__file__).resolve().parents[2]
# What the mock relies on privately: Starlette's Response (responses.JsonResponse), uvicorn's
# httptools protocol and httptools' callbacks (protocol.HttpProtocol).
RELIED_ON = ("starlette", "uvicorn", "httptools")


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = (Requirement(text) for text in project["dependencies"])
    return {requirement.name: requirement for requirement in requirements}


@pytest.mark.parametrize("name", RELIED_ON)
def test_the_package_pins_what_it_relies_on_to_the_version_tested_here(name: str) -> None:
    # Whoever installs the mock gets the versions whose internals these tests checked: a range
    # would let an installer pick an upgrade that nobody ran these tests against (issue 24).
    specifiers = list(_declared()[name].specifier)
    assert [s.operator for s in specifiers] == ["=="], f"{name} is not pinned: {specifiers}"
    assert specifiers[0].version == importlib.metadata.version(name)
    # And every lock file that installs the mock agrees with the pin.
    for lock in ("mock", "tests", "contract"):
        text = (ROOT / "requirements" / f"{lock}.txt").read_text()
        assert re.search(rf"^{name}=={re.escape(specifiers[0].version)}\b", text, re.M), lock


CASES = [
    (200, b'{"count":0,"results":[]}', None),
    (201, b'{"id":802}', {"Location": "/x/"}),
    (204, None, None),
    (405, b'{"error":{}}', {"Allow": "DELETE"}),
    (503, b'{"error":{}}', {"Retry-After": "1"}),
]


async def _messages(response: Response) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    await response(scope, receive, send)
    return sent


@pytest.mark.parametrize(("status", "content", "headers"), CASES)
def test_json_response_sends_what_starlettes_response_sends(
    status: int, content: bytes | None, headers: dict[str, str] | None
) -> None:
    ours = JsonResponse(status, content, headers)
    media_type = None if content is None else "application/json"
    theirs = Response(content, status_code=status, headers=headers, media_type=media_type)
    assert ours.raw_headers == theirs.raw_headers
    assert asyncio.run(_messages(ours)) == asyncio.run(_messages(theirs))


def test_response_call_reads_only_what_json_response_sets() -> None:
    source = inspect.getsource(Response.__call__)
    read = set(re.findall(r"self\.([A-Za-z_]\w*)", source))
    # Methods come with the class; every other attribute read must be one JsonResponse sets.
    data = {name for name in read if not callable(getattr(Response, name, None))}
    assert data == {"status_code", "raw_headers", "body", "background"}
    ours = JsonResponse(200, b"{}")
    assert all(name in vars(ours) for name in data)


OVERRIDDEN = (
    "connection_made",
    "connection_lost",
    "data_received",
    "on_message_begin",
    "on_header",
    "on_headers_complete",
    "on_body",
    "on_message_complete",
    "on_response_complete",
    "send_400_response",
)


@pytest.mark.parametrize("name", OVERRIDDEN)
def test_every_overridden_method_exists_upstream_with_its_signature(name: str) -> None:
    upstream = getattr(HttpToolsProtocol, name)
    ours = getattr(HttpProtocol, name)
    assert upstream is not ours
    assert list(inspect.signature(upstream).parameters) == list(inspect.signature(ours).parameters)


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 8000) if name in ("sockname", "peername") else default

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def is_closing(self) -> bool:
        return self.closed


def _protocol(**limits: Any) -> tuple[HttpProtocol, _Transport, asyncio.AbstractEventLoop]:
    config = MockConfig(**limits)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await Response(b"{}", media_type="application/json")(scope, receive, send)

    loop = asyncio.new_event_loop()
    server_config = uvicorn.Config(
        app, limit_concurrency=config.max_connections, timeout_keep_alive=1, log_config=None
    )
    server_config.load()
    protocol = protocol_class(config)(
        config=server_config, server_state=ServerState(), app_state={}, _loop=loop
    )
    transport = _Transport()
    protocol.connection_made(transport)
    return protocol, transport, loop


def test_the_attributes_the_protocol_relies_on_are_uvicorns() -> None:
    protocol, _, loop = _protocol()
    try:
        # Set by uvicorn's __init__ and read or replaced by ours.
        assert protocol.limit_concurrency is None  # ours took it over
        assert protocol.timeout_keep_alive == 1
        assert protocol.timeout_keep_alive_task is not None  # armed on connecting, by us
        assert callable(protocol.timeout_keep_alive_handler)
        assert protocol in protocol.connections
        assert protocol.server_state.default_headers == []
    finally:
        loop.close()


def test_a_parser_error_and_a_refusal_in_a_callback_reach_send_400_response() -> None:
    protocol, transport, loop = _protocol()
    try:
        protocol.data_received(b"GET /\xff HTTP/1.1\r\n\r\n")
        assert transport.written.startswith(b"HTTP/1.1 400 Bad Request\r\n")
        assert b"application/json" in transport.written
    finally:
        loop.close()
    protocol, transport, loop = _protocol(max_header_bytes=1024)
    try:
        # Headers over the limit that arrive in one piece are refused in on_headers_complete.
        protocol.data_received(b"GET / HTTP/1.1\r\nX: " + b"a" * 2000 + b"\r\n\r\n")
        assert transport.written.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
        assert transport.closed
    finally:
        loop.close()


def test_the_request_cycle_exposes_response_started() -> None:
    protocol, _, loop = _protocol()
    try:
        protocol.data_received(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert protocol.cycle is not None
        assert protocol.cycle.response_started is False
        loop.run_until_complete(asyncio.sleep(0.01))
        assert protocol.cycle.response_started is True
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.close()


# uvicorn's data_received, which HttpProtocol._feed repeats (adding the upgrade offer not taken).
UPSTREAM_DATA_RECEIVED = """
def data_received(self, data: bytes) -> None:
    self._unset_keepalive_if_required()

    try:
        self.parser.feed_data(data)
    except httptools.HttpParserError:
        msg = "Invalid HTTP request received."
        self.logger.warning(msg)
        self.send_400_response(msg)
        return
    except httptools.HttpParserUpgrade:
        if self._should_upgrade():
            self.handle_websocket_upgrade()
        else:
            self._unsupported_upgrade_warning()
"""


def test_feed_repeats_uvicorns_data_received() -> None:
    source = inspect.getsource(HttpToolsProtocol.data_received)
    assert textwrap.dedent(source).strip() == UPSTREAM_DATA_RECEIVED.strip()
    for name in ("_unset_keepalive_if_required", "_should_upgrade", "handle_websocket_upgrade"):
        assert callable(getattr(HttpToolsProtocol, name))
    assert callable(HttpToolsProtocol._unsupported_upgrade_warning)


def test_uvicorns_parser_is_the_one_feed_makes_anew() -> None:
    source = inspect.getsource(HttpToolsProtocol.__init__)
    assert "self.parser = httptools.HttpRequestParser(self)" in source
    assert "self.parser.set_dangerous_leniencies(lenient_data_after_close=True)" in source
    assert source.count("set_dangerous_leniencies") == 1


H2C_OFFER = (
    b"POST / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
    b"HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 2\r\n\r\n"
)


def test_httptools_still_ends_a_request_offering_an_upgrade_at_its_headers() -> None:
    # The upstream bug the protocol works around (uvicorn #2722, httptools #124): the body is
    # skipped and the parse stops after the head. When this fails, upstream changed: check
    # whether HttpProtocol's re-parse of such a request is still needed.
    events: list[str] = []

    class Callbacks:
        def on_headers_complete(self) -> None:
            events.append("headers")

        def on_body(self, body: bytes) -> None:
            events.append("body")

        def on_message_complete(self) -> None:
            events.append("complete")

    parser = httptools.HttpRequestParser(Callbacks())
    with pytest.raises(httptools.HttpParserUpgrade) as raised:
        parser.feed_data(H2C_OFFER + b"{}")
    assert raised.value.args == (len(H2C_OFFER),)  # where the head ends, which _feed reads
    assert parser.should_upgrade()
    assert events == ["headers", "complete"]
    # Without the token in Connection, the same head is a plain request with its body.
    events.clear()
    parser = httptools.HttpRequestParser(Callbacks())
    parser.feed_data(H2C_OFFER.replace(b"Upgrade, HTTP2", b"HTTP2") + b"{}")
    assert events == ["headers", "body", "complete"]


def test_httptools_hands_trailer_fields_to_on_header_after_the_headers() -> None:
    # HttpProtocol.on_header tells a trailer field from a header by this order, and counts the
    # bytes of a trailer field not yet ended by the chunk callbacks that come before it.
    events: list[Any] = []

    class Callbacks:
        def on_header(self, name: bytes, value: bytes) -> None:
            events.append(name)

        def on_headers_complete(self) -> None:
            events.append("headers")

        def on_chunk_header(self) -> None:
            events.append("chunk")

        def on_message_complete(self) -> None:
            events.append("complete")

    parser = httptools.HttpRequestParser(Callbacks())
    parser.feed_data(
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"2\r\n{}\r\n0\r\nAuthorization: Bearer t\r\n\r\n"
    )
    assert events == [
        b"Host",
        b"Transfer-Encoding",
        "headers",
        "chunk",
        "chunk",
        b"Authorization",
        "complete",
    ]


def test_the_protocol_answers_a_request_offering_h2c_with_its_body() -> None:
    received: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        received.append((await receive())["body"])
        await Response(b"{}", media_type="application/json")(scope, receive, send)

    protocol, transport, loop = _protocol()
    protocol.app = app
    try:
        protocol.data_received(H2C_OFFER + b"{}GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        loop.run_until_complete(asyncio.sleep(0.05))
        assert received == [b"{}", b""]
        assert transport.written.count(b"HTTP/1.1 200 OK\r\n") == 2
        assert not transport.closed
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.close()
