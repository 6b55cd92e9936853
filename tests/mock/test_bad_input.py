"""Bad input gets the documented status and error body, never a 500, and changes nothing."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from snapshots_mock.testing import RunningMock
from tests.mock.helpers import (
    SNAPSHOTS,
    assert_error,
    create,
    detail_fields,
    restore_path,
    snapshot_path,
    world,
)

JSON = {"Content-Type": "application/json"}
GOOD = {"server_id": 12345, "name": "before-update-snapshot", "description": "d"}


def post_raw(api: httpx.Client, content: bytes, headers: dict[str, str] | None = None) -> Any:
    return api.post(SNAPSHOTS, content=content, headers=JSON if headers is None else headers)


@pytest.fixture
def unchanged(api: httpx.Client) -> Iterator[None]:
    """The test's requests change nothing stored (and use no snapshot id)."""
    before = world(api)
    yield
    assert world(api) == before
    response = create(api, 12345, "after-the-bad-requests")
    assert response.json()["id"] == 802


BAD_BODIES: dict[str, tuple[bytes, list[str]]] = {
    # name: (body, the fields the error names)
    "malformed JSON": (b'{"server_id": 12345,', ["body"]),
    "trailing garbage": (b'{"server_id": 12345, "name": "a"} x', ["body"]),
    "a list": (b"[]", ["body"]),
    "a string": (b'"snapshot"', ["body"]),
    "null": (b"null", ["body"]),
    "a number": (b"12345", ["body"]),
    "server_id as a string": (b'{"server_id": "12345", "name": "a"}', ["server_id"]),
    "server_id as a boolean": (b'{"server_id": true, "name": "a"}', ["server_id"]),
    "server_id as a fraction": (b'{"server_id": 12345.5, "name": "a"}', ["server_id"]),
    "server_id zero": (b'{"server_id": 0, "name": "a"}', ["server_id"]),
    "server_id negative": (b'{"server_id": -12345, "name": "a"}', ["server_id"]),
    "server_id 2^53": (b'{"server_id": 9007199254740992, "name": "a"}', ["server_id"]),
    "server_id 10^30": (
        b'{"server_id": 1000000000000000000000000000000, "name": "a"}',
        ["server_id"],
    ),
    "server_id 1e400": (b'{"server_id": 1e400, "name": "a"}', ["body"]),
    "server_id NaN": (b'{"server_id": NaN, "name": "a"}', ["body"]),
    "name as a number": (b'{"server_id": 12345, "name": 5}', ["name"]),
    "name with a space": (b'{"server_id": 12345, "name": "my snapshot"}', ["name"]),
    "name with a newline": (b'{"server_id": 12345, "name": "a\\n"}', ["name"]),
    "name not ASCII": ('{"server_id": 12345, "name": "здымак"}'.encode(), ["name"]),
    "empty name": (b'{"server_id": 12345, "name": ""}', ["name", "name"]),
    "name of 65 characters": (b'{"server_id": 12345, "name": "' + b"a" * 65 + b'"}', ["name"]),
    "description of 256 characters": (
        b'{"server_id": 12345, "name": "a", "description": "' + b"d" * 256 + b'"}',
        ["description"],
    ),
    "description as a number": (
        b'{"server_id": 12345, "name": "a", "description": 5}',
        ["description"],
    ),
    "missing server_id": (b'{"name": "a"}', ["server_id"]),
    "missing name": (b'{"server_id": 12345}', ["name"]),
    "empty object": (b"{}", ["server_id", "name"]),
    "unknown field": (b'{"server_id": 12345, "name": "a", "size_mb": 1}', ["size_mb"]),
    "misspelt field": (b'{"server_id": 12345, "nmae": "a"}', ["name", "nmae"]),
    "repeated field": (b'{"server_id": 12345, "name": "a", "name": "b"}', ["body"]),
    "nested too deeply": (b"[" * 5000 + b"]" * 5000, ["body"]),
    "not UTF-8": (b'{"server_id": 12345, "name": "\xff\xfe"}', ["body"]),
    "Latin-1": (
        '{"server_id": 12345, "name": "a", "description": "café"}'.encode("latin-1"),
        ["body"],
    ),
    "UTF-16": (json.dumps(GOOD).encode("utf-16"), ["body"]),
    "UTF-8 with a byte order mark": (b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), ["body"]),
    "lone surrogate": (
        b'{"server_id": 12345, "name": "a", "description": "x\\ud800"}',
        ["description"],
    ),
    "surrogate pair": (  # a pair is one character (an emoji), which the name pattern refuses
        b'{"server_id": 12345, "name": "\\ud83d\\ude00"}',
        ["name"],
    ),
    "empty": (b"", ["body"]),
    "only whitespace": (b"  \n ", ["body"]),
}


@pytest.mark.parametrize(("content", "fields"), BAD_BODIES.values(), ids=list(BAD_BODIES))
@pytest.mark.usefixtures("unchanged")
def test_a_bad_create_body_is_a_400_naming_the_fields(
    api: httpx.Client, content: bytes, fields: list[str]
) -> None:
    response = post_raw(api, content)
    assert sorted(detail_fields(response)) == sorted(fields)


def test_an_error_names_every_offending_field_with_a_message(api: httpx.Client) -> None:
    response = post_raw(api, b'{"server_id": "x", "name": "a b", "colour": "red"}')
    error = assert_error(response, 400, "invalid_parameters")
    assert error["message"] == "The request has invalid parameters."
    by_field = {detail["field"]: detail["message"] for detail in error["details"]}
    assert set(by_field) == {"server_id", "name", "colour"}
    assert "integer" in by_field["server_id"]
    assert "does not match" in by_field["name"]
    assert "colour" in by_field["colour"]


def test_a_whole_number_written_as_a_fraction_is_an_integer(api: httpx.Client) -> None:
    response = post_raw(api, b'{"server_id": 12345.0, "name": "as-float"}')
    assert response.status_code == 201
    assert response.json()["server"]["id"] == 12345


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "application/merge-patch+json",
        "json",
    ],
)
@pytest.mark.usefixtures("unchanged")
def test_a_body_that_is_not_json_is_a_415(api: httpx.Client, content_type: str | None) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = post_raw(api, json.dumps(GOOD).encode(), headers)
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json ;x=y"]
)
def test_json_media_type_parameters_and_case_are_accepted(
    api: httpx.Client, content_type: str
) -> None:
    response = post_raw(api, json.dumps(GOOD).encode(), {"Content-Type": content_type})
    assert response.status_code == 201


LIMIT = 16 * 1024


def _padded(size: int) -> bytes:
    body = json.dumps(GOOD).encode()
    return body + b" " * (size - len(body))


def test_a_body_of_exactly_16_kib_is_taken(api: httpx.Client) -> None:
    assert post_raw(api, _padded(LIMIT)).status_code == 201


@pytest.mark.usefixtures("unchanged")
def test_a_body_over_16_kib_is_a_413(api: httpx.Client) -> None:
    response = post_raw(api, _padded(LIMIT + 1))
    error = assert_error(response, 413, "payload_too_large")
    assert "16384" in error["message"]
    assert response.headers["connection"] == "close"


@pytest.mark.usefixtures("unchanged")
def test_a_huge_chunked_body_is_a_413_without_being_read_whole(api: httpx.Client) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"server_id": 12345, "name": "a", "description": "'
        for _ in range(64 * 1024):  # up to 1 GiB, unless the server stops us first
            sent += 16 * 1024
            yield b"x" * (16 * 1024)
        yield b'"}'

    try:
        response = api.post(SNAPSHOTS, content=chunks(), headers=JSON)
    except httpx.TransportError:
        # The server answered 413 and closed while the client was still sending; fine, as
        # long as it did not read the gigabyte: see the raw-socket test below for the answer.
        pass
    else:
        assert_error(response, 413, "payload_too_large")
    assert sent < 256 * 1024 * 1024


def test_a_huge_declared_length_is_refused_before_any_body(mock: RunningMock) -> None:
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            b"POST /api/v1/snapshots/ HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer YOUR_API_TOKEN\r\nContent-Type: application/json\r\n"
            b"Content-Length: 10000000000\r\n\r\n{"
        )
        answer = _read_until_closed(connection)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["error"]["code"] == "payload_too_large"


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", SNAPSHOTS), ("DELETE", snapshot_path(798)), ("POST", restore_path(801))],
)
def test_a_body_sent_to_a_call_without_one_is_ignored(
    api: httpx.Client, method: str, path: str
) -> None:
    for content in (b"{not json", b"\xff" * 100, b"x" * (LIMIT * 4)):
        response = api.request(method, path, content=content, headers=JSON)
        assert response.status_code < 300, response.text
        if method != "GET":
            break  # the call did its work; once is enough


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", SNAPSHOTS), ("DELETE", snapshot_path(798)), ("POST", restore_path(801))],
)
def test_json_content_type_on_a_call_without_a_body_is_accepted(
    api: httpx.Client, method: str, path: str
) -> None:
    assert api.request(method, path, headers=JSON).status_code < 300


BAD_IDS = {
    "not a number": "abc",
    "zero": "0",
    "negative": "-1",
    "2^53": "9007199254740992",
    "far out of range": "9" * 40,
    "thousands of digits": "9" * 5000,
    "a fraction": "1.5",
    "exponent": "1e3",
    "plus sign": "+801",
    "space": "%20801",
    "not UTF-8": "%FF",
    "not ASCII digits": "%D9%A1",  # ARABIC-INDIC DIGIT ONE
    "underscore": "8_01",
    # An encoded slash is part of the id, not a separator: not the restore of 798.
    "encoded slash": "798%2Frestore",
}


@pytest.mark.parametrize("snapshot_id", BAD_IDS.values(), ids=list(BAD_IDS))
@pytest.mark.usefixtures("unchanged")
def test_a_bad_snapshot_id_is_a_400(api: httpx.Client, snapshot_id: str) -> None:
    for path in (snapshot_path(snapshot_id), restore_path(snapshot_id)):
        method = "DELETE" if path.endswith(f"{snapshot_id}/") else "POST"
        response = api.request(method, path)
        assert detail_fields(response) == ["snapshot_id"], path


@pytest.mark.parametrize(
    "query",
    [
        "server_id=abc",
        "server_id=0",
        "server_id=",
        "server_id=99999999999999999999",
        "server_id=%FF",
        "server_id=1.0",
        "server_id=12345&server_id=12346",
    ],
)
def test_a_bad_server_id_filter_is_a_400(api: httpx.Client, query: str) -> None:
    response = api.get(f"{SNAPSHOTS}?{query}")
    assert detail_fields(response) == ["server_id"]


def test_query_parameters_the_document_does_not_define_are_ignored(api: httpx.Client) -> None:
    response = api.get(SNAPSHOTS, params={"server_id": 12345, "page": "2", "x": "%"})
    assert response.json()["count"] == 2


ALLOWED = {
    SNAPSHOTS: "GET, POST",
    snapshot_path(801): "DELETE",
    restore_path(801): "POST",
}


METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
# Every method each path lacks (17 pairs): a method a path has is not a case of this test.
LACKING = [
    (path, method)
    for path, allowed in ALLOWED.items()
    for method in METHODS
    if method not in allowed.split(", ")
]


@pytest.mark.parametrize(("path", "method"), LACKING)
def test_a_method_the_path_lacks_is_a_405_with_allow(
    mock: RunningMock, path: str, method: str
) -> None:
    allowed = ALLOWED[path]
    for headers in ({}, mock.auth()):  # with or without a token
        response = httpx.request(method, mock.url + path, headers=headers)
        assert response.status_code == 405
        assert response.headers["allow"] == allowed
        assert response.headers["content-type"] == "application/json"
        if method != "HEAD":
            assert_error(response, 405, "method_not_allowed")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/v1/snapshots",
        "/api/v1/snapshots/801",
        "/api/v1/snapshots/801/restore",
        "/api/v1/snapshot/",
        "/api/v2/snapshots/",
        "/api/v1/snapshots//",
        "/api/v1/snapshots/801/restore/now/",
        "/api/v1%2Fsnapshots/",
        "/API/V1/SNAPSHOTS/",
    ],
)
def test_a_path_the_api_does_not_have_is_a_404(mock: RunningMock, path: str) -> None:
    for headers in ({}, mock.auth()):
        response = httpx.get(mock.url + path, headers=headers, follow_redirects=False)
        error = assert_error(response, 404, "not_found")
        assert error["details"] == []


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /api/v1/snapshots/\xff/ HTTP/1.1",
        b"GET /api/v1/snapshots/?server_id=\xff HTTP/1.1",
        b"G\xffT /api/v1/snapshots/ HTTP/1.1",
        b"GET /api/v1/snap shots/ HTTP/1.1",
    ],
)
def test_a_request_line_that_is_not_http_is_a_400_with_the_error_body(
    mock: RunningMock, request_line: bytes
) -> None:
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            request_line + b"\r\nHost: x\r\nAuthorization: Bearer YOUR_API_TOKEN\r\n\r\n"
        )
        answer = _read_until_closed(connection)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"content-type: application/json" in head
    assert json.loads(body)["error"]["code"] == "invalid_parameters"
