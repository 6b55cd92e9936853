"""Hostile request bodies, paths and headers, on SQLite and on PostgreSQL (issue 15).

Each case asserts the documented status and error body, that the mock answers a plain request
right after, and that nothing stored changed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import httpx
import pytest

from snapshots_mock.seed_facts import PAGE_SERVER, PAGE_SNAPSHOTS, STOPPED_SERVER, TOKEN
from snapshots_mock.testing import RunningMock
from tests.mock.helpers import SNAPSHOTS, assert_error, restore_path, snapshot_path
from tests.mock.hostile import (
    Guard,
    database_url_for,
    hostile_mock,
    raw_exchange,
    split_answer,
)

# A sweep from 1 to 2,000 levels: every depth around the document's limit (32) and where the
# validator (256) and the parser (about 985) used to give way, and every 37th in between.
DEPTHS = sorted({*range(1, 41), *range(1, 2001, 37), 255, 256, 257, 984, 985, 986, 2000})
# Every control character: C0, DEL and C1.
CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
FIELDS = ("server_id", "name", "description", "colour")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningMock]:
    yield from hostile_mock(database_url_for(request.param, request, tmp_path_factory))


@pytest.fixture
def guard(hostile: RunningMock) -> Iterator[Guard]:
    hostile.reset()
    guard = Guard(hostile)
    yield guard
    guard.check()


@pytest.fixture
def api(hostile: RunningMock, guard: Guard) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hostile.url, headers=hostile.auth(), timeout=30) as client:
        yield client


def _nested(depth: int, inner: str, kind: int) -> str:
    if kind % 2:
        return '{"a":' * depth + inner + "}" * depth
    return "[" * depth + inner + "]" * depth


def test_nesting_from_1_to_2000_levels_in_every_field_is_a_400(api: httpx.Client) -> None:
    base = {"server_id": str(PAGE_SERVER), "name": '"deep"', "description": '"d"'}
    for depth in DEPTHS:
        for field in FIELDS:
            values = dict(base)
            values[field] = _nested(depth, values.get(field, "1"), depth)
            body = "{" + ",".join(f'"{k}":{v}' for k, v in values.items()) + "}"
            response = api.post(
                SNAPSHOTS, content=body, headers={"Content-Type": "application/json"}
            )
            error = assert_error(response, 400, "invalid_parameters")
            fields = {detail["field"] for detail in error["details"]}
            # The body's own object is the first level.
            expected = {"body"} if depth + 1 > 32 else {field}
            assert fields == expected, (depth, field, error)


@pytest.mark.parametrize("field", ["name", "description"])
def test_every_control_character_in_a_string_field_is_a_400(api: httpx.Client, field: str) -> None:
    for code in CONTROLS:
        text = f"a{chr(code)}b"
        body = {"server_id": STOPPED_SERVER, "name": "control", field: text}
        response = api.post(SNAPSHOTS, json=body)
        error = assert_error(response, 400, "invalid_parameters")
        assert [d["field"] for d in error["details"]] == [field], hex(code)


def test_every_control_character_in_a_path_or_query_is_refused(api: httpx.Client) -> None:
    for code in CONTROLS:
        encoded = "".join(f"%{b:02X}" for b in chr(code).encode("utf-8"))
        for method, path in (
            ("DELETE", snapshot_path(f"801{encoded}")),
            ("POST", restore_path(f"{encoded}801")),
        ):
            response = api.request(method, path)
            error = assert_error(response, 400, "invalid_parameters")
            assert [d["field"] for d in error["details"]] == ["snapshot_id"]
        response = api.get(f"{SNAPSHOTS}?server_id={PAGE_SERVER}{encoded}")
        assert [
            d["field"] for d in assert_error(response, 400, "invalid_parameters")["details"]
        ] == ["server_id"]
        response = api.get(f"/api/v1/snap{encoded}shots/")
        assert_error(response, 404, "not_found")


def test_an_encoded_slash_is_part_of_a_segment(api: httpx.Client) -> None:
    latest = PAGE_SNAPSHOTS[-1]
    for path in (f"{SNAPSHOTS}{latest}%2Frestore/", f"{SNAPSHOTS}{latest}%2frestore/"):
        # The path of a snapshot "798/restore", not the restore of 798: the route comes first.
        assert_error(api.post(path), 405, "method_not_allowed")
        error = assert_error(api.delete(path), 400, "invalid_parameters")
        assert [d["field"] for d in error["details"]] == ["snapshot_id"]
    assert_error(api.get("/api/v1%2Fsnapshots/"), 404, "not_found")


def test_two_authorization_headers_are_a_401(hostile: RunningMock, guard: Guard) -> None:
    good = ("Authorization", f"Bearer {TOKEN}")
    for headers in ([good, good], [good, ("Authorization", "Bearer nonsense")]):
        response = httpx.get(hostile.url + SNAPSHOTS, headers=headers)
        assert_error(response, 401, "unauthorized")


def test_forged_access_log_lines_are_escaped(
    hostile: RunningMock, guard: Guard, caplog: pytest.LogCaptureFixture
) -> None:
    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "snapshots_mock.access"]

    with caplog.at_level(logging.INFO, logger="snapshots_mock.access"):
        for path in ("/x%0aFORGED 200/", "/x%00y/", "/x%0d%0aFORGED/", '/x"y/'):
            assert_error(httpx.get(hostile.url + path), 404, "not_found")
        # The line is written once the answer is sent, so just after the client has it.
        deadline = time.monotonic() + 5
        while len(lines()) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
    written = lines()
    assert len(written) == 4
    for line in written:
        assert line.isprintable(), line
        assert line.count('"') == 2, line


def test_the_access_log_shows_no_query_parameter_that_may_hold_a_token(
    hostile: RunningMock, guard: Guard, caplog: pytest.LogCaptureFixture
) -> None:
    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "snapshots_mock.access"]

    queries = {
        f"access_token={TOKEN}": "***",
        TOKEN: "***",
        f"server_id={PAGE_SERVER}&token={TOKEN}": f"server_id={PAGE_SERVER}&***",
        f"server_id={TOKEN}": "***",  # a declared parameter, but no id: not shown either
        f"server_id={PAGE_SERVER}": f"server_id={PAGE_SERVER}",
    }
    with caplog.at_level(logging.INFO, logger="snapshots_mock.access"):
        for query in queries:
            httpx.get(f"{hostile.url}{SNAPSHOTS}?{query}", headers=hostile.auth())
        deadline = time.monotonic() + 5
        while len(lines()) < len(queries) and time.monotonic() < deadline:
            time.sleep(0.01)
    written = lines()
    assert len(written) == len(queries)
    for line, shown in zip(written, queries.values(), strict=True):
        assert TOKEN not in line, line
        assert f'{SNAPSHOTS}?{shown}"' in line, line


def test_oversized_headers_are_a_431(hostile: RunningMock, guard: Guard) -> None:
    limit = hostile.config.max_header_bytes
    request_line = b"GET /api/v1/snapshots/ HTTP/1.1\r\nHost: x\r\n"
    cases = {
        "one huge header (1 MiB)": b"X-Big: " + b"a" * (1 << 20) + b"\r\n",
        "one header over the limit": b"X-Big: " + b"a" * limit + b"\r\n",
        "too many headers": b"".join(b"X-%d: v\r\n" % n for n in range(5000)),
        "a huge request line": b"",
    }
    for name, extra in cases.items():
        if name == "a huge request line":
            data = b"GET /api/v1/snapshots/?" + b"a" * (2 * limit) + b" HTTP/1.1\r\n\r\n"
        else:
            data = request_line + extra + b"\r\n"
        status, headers, body = split_answer(raw_exchange(hostile.url, data))
        assert status == 431, name
        assert headers["content-type"] == "application/json"
        assert headers["connection"] == "close"
        assert b'"request_header_fields_too_large"' in body, name
    # Just under the limit is served (with a token, a 200).
    filler = limit - len(request_line) - 200
    data = (
        request_line
        + f"Authorization: Bearer {TOKEN}\r\nConnection: close\r\n".encode()
        + b"X-Pad: "
        + b"a" * filler
        + b"\r\n\r\n"
    )
    status, _, _ = split_answer(raw_exchange(hostile.url, data))
    assert status == 200


@pytest.mark.parametrize(
    "data",
    [
        b"GET /api/v1/snap",  # half a request line
        b"GET /api/v1/snapshots/ HTTP/1.1\r\nHost: x\r\nAuthor",  # half the headers
        (  # less body than its Content-Length
            b"POST /api/v1/snapshots/ HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer " + TOKEN.encode() + b"\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"server_id": 12345, "name": "half"'
        ),
    ],
    ids=["request line", "headers", "body"],
)
def test_a_request_sent_too_slowly_is_a_408(
    hostile: RunningMock, guard: Guard, data: bytes
) -> None:
    status, headers, body = split_answer(raw_exchange(hostile.url, data, timeout=10))
    assert status == 408
    assert headers["connection"] == "close"
    assert b'"request_timeout"' in body
