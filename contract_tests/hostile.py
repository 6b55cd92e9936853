"""``--hostile-inputs``: the hostile-input cases of the mock's tests, against a deployment.

Opt-in and off by default. Every case is a request the document says must be refused, built so
that even a deployment that wrongly accepted it would change nothing: bodies name the largest
id (``2^53 - 1``), which no server has, so a create that got past its checks would end in
``server_not_found``; an encoded-slash path names that id too; everything else is a list.
Each case checks the documented status and the API's error body; after the cases, a plain list
must still answer 200. Two cases wait for the deployment's own timeout (a request sent half:
``408``), up to ``--hostile-timeout`` seconds.
"""

from __future__ import annotations

import json
import socket
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import httpx

SNAPSHOTS = "/api/v1/snapshots/"
NO_SUCH_ID = 9007199254740991  # the largest id the document allows; no server has it
HEADER_LIMIT = 16 * 1024  # the document's limit on the request line and headers
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Outcome:
    case: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Answer:
    status: int
    code: str | None  # the error body's code; None when the body is not the API's error


def _answer(status: int, body: bytes) -> Answer:
    try:
        error = json.loads(body)["error"]
        code = error["code"] if {"code", "message", "details"} <= set(error) else None
    except (ValueError, KeyError, TypeError):
        code = None
    return Answer(status, code)


class Cases:
    """The cases, each a function returning the answer to its request."""

    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.auth = {"Authorization": f"Bearer {token}"}

    def _request(self, method: str, path: str, **kwargs: object) -> Answer:
        with httpx.Client(base_url=self.base_url, timeout=self.timeout) as client:
            response = client.request(method, path, **kwargs)  # type: ignore[arg-type]
        return _answer(response.status_code, response.content)

    def _create(self, body: str) -> Answer:
        headers = {**self.auth, "Content-Type": "application/json"}
        return self._request("POST", SNAPSHOTS, content=body.encode(), headers=headers)

    def _raw(self, data: bytes) -> Answer:
        parts = urllib.parse.urlsplit(self.base_url)
        if parts.scheme == "https":
            raise RuntimeError("raw cases need an http:// base URL (or a TLS-terminating proxy)")
        port = parts.port or 80
        with socket.create_connection((parts.hostname, port), timeout=self.timeout) as sock:
            sock.sendall(data)
            chunks = []
            try:
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
            except ConnectionResetError:
                pass
        answer = b"".join(chunks)
        if not answer:
            return Answer(0, None)
        head, _, body = answer.partition(b"\r\n\r\n")
        return _answer(int(head.split(b" ", 2)[1]), body)

    def all(self) -> dict[str, tuple[tuple[int, str], Callable[[], Answer]]]:
        deep = "[" * 300 + "]" * 300
        host = urllib.parse.urlsplit(self.base_url).hostname or "localhost"
        half = f"GET {SNAPSHOTS} HTTP/1.1\r\nHost: {host}\r\nAuthor".encode()
        return {
            "body nested 300 levels deep": (
                (400, "invalid_parameters"),
                lambda: self._create(
                    f'{{"server_id": {NO_SUCH_ID}, "name": "n", "description": {deep}}}'
                ),
            ),
            "NUL in a description": (
                (400, "invalid_parameters"),
                lambda: self._create(
                    f'{{"server_id": {NO_SUCH_ID}, "name": "n", "description": "a\\u0000b"}}'
                ),
            ),
            "line break in a name": (
                (400, "invalid_parameters"),
                lambda: self._create(f'{{"server_id": {NO_SUCH_ID}, "name": "a\\nb"}}'),
            ),
            "control character in a query parameter": (
                (400, "invalid_parameters"),
                lambda: self._request("GET", f"{SNAPSHOTS}?server_id=1%00", headers=self.auth),
            ),
            "encoded slash in a path": (
                (405, "method_not_allowed"),
                lambda: self._request(
                    "POST", f"{SNAPSHOTS}{NO_SUCH_ID}%2Frestore/", headers=self.auth
                ),
            ),
            "two Authorization headers": (
                (401, "unauthorized"),
                lambda: self._request(
                    "GET", SNAPSHOTS, headers=[("Authorization", f"Bearer {self.token}")] * 2
                ),
            ),
            "headers over 16 KiB": (
                (431, "request_header_fields_too_large"),
                lambda: self._request(
                    "GET", SNAPSHOTS, headers={**self.auth, "X-Pad": "a" * (4 * HEADER_LIMIT)}
                ),
            ),
            "headers sent half": ((408, "request_timeout"), lambda: self._raw(half)),
        }


def run_cases(base_url: str, token: str, timeout: float = DEFAULT_TIMEOUT) -> list[Outcome]:
    """Send every case to `base_url`, then a plain list; what each got against what it should."""
    cases = Cases(base_url, token, timeout)
    outcomes = []
    for name, ((status, code), send) in cases.all().items():
        try:
            answer = send()
        except (httpx.HTTPError, OSError) as error:
            outcomes.append(Outcome(name, False, f"{type(error).__name__}: {error}"))
            continue
        passed = answer == Answer(status, code)
        detail = f"expected {status} {code}, got {answer.status} {answer.code}"
        outcomes.append(Outcome(name, passed, detail))
    try:
        health = cases._request("GET", SNAPSHOTS, headers=cases.auth)
        outcomes.append(
            Outcome("a plain list afterwards", health.status == 200, f"got {health.status}")
        )
    except httpx.HTTPError as error:
        outcomes.append(Outcome("a plain list afterwards", False, f"{type(error).__name__}"))
    return outcomes


def report(outcomes: list[Outcome]) -> int:
    """Print the outcomes; 0 if every case passed, else 1."""
    for outcome in outcomes:
        mark = "PASS" if outcome.passed else "FAIL"
        print(f"hostile inputs: {mark} {outcome.case}: {outcome.detail}", file=sys.stderr)
    return 0 if all(o.passed for o in outcomes) else 1


def run(base_url: str | None, token: str | None, timeout: float = DEFAULT_TIMEOUT) -> int:
    """The ``--hostile-inputs`` run: against `base_url`, or a mock started here when None."""
    if base_url is not None and token is not None:
        return report(run_cases(base_url, token, timeout))
    from snapshots_mock.seed_facts import TOKEN
    from snapshots_mock.testing import running_mock

    with running_mock() as mock:
        return report(run_cases(mock.url, TOKEN, timeout))
