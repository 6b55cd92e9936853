"""Opt-in misbehaviour: answers a well-behaved API never gives, for testing clients over HTTP.

Off unless the mock is started with ``--misbehaviour`` (``MockConfig(misbehaviour=True)``); by
default nothing here is reachable and the mock keeps to the document. When on, the mock gains
one admin resource, ``/_mock/misbehaviour``, through which a test arms rules of the form "the
next N requests matching METHOD PATH get X", over real HTTP, from any language:

    POST   /_mock/misbehaviour   {"method": "GET", "path": "/api/v1/snapshots/", "times": 2,
                                  "answer": "rate_limited", "retry_after": 1}    -> 201, the rule
    GET    /_mock/misbehaviour   -> 200, the armed rules with the answers each has left
    DELETE /_mock/misbehaviour   -> 204, every rule disarmed

``answer`` is one of `ANSWERS`: ``rate_limited`` (429 with ``Retry-After``), ``unavailable``
(503, ``Retry-After`` if ``retry_after`` is given), ``html`` (a proxy's HTML 502 page),
``unknown_code`` (a JSON error body with a code the document does not list; ``status``, 400 by
default), ``slow`` (waits ``delay`` seconds, then answers normally) and ``no_answer`` (reads the
request, never answers, and holds the connection until the client gives up or ``delay``, 300 s
by default, passes; then uvicorn sends its plain-text 500 and closes it).
``method`` is a method or ``*``; ``path`` is matched with `fnmatch` (so
``/api/v1/snapshots/*/`` matches every delete), without the query string. ``times`` is 1 by
default. Rules are tried in the order they were armed; each misbehaving answer but ``slow``
carries ``X-Request-Id: misbehaviour-<n>``, so clients can show they keep it. The admin
requests need no token (this is a test switch, never a production setting).

Rules live in the worker's memory, so the option needs one worker (`MockConfig` refuses more).
Tests disarm everything with a ``DELETE`` between tests (`RunningMock.reset` does not touch it).
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import itertools
import json
from dataclasses import asdict, dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ADMIN_PATH = "/_mock/misbehaviour"
ANSWERS = ("rate_limited", "unavailable", "html", "unknown_code", "slow", "no_answer")
UNKNOWN_CODE = "snapshot_quota_frozen"
NO_ANSWER_SECONDS = 300.0
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    b"<body><h1>502 Bad Gateway</h1><hr><p>nginx</p></body></html>\n"
)


@dataclass
class Rule:
    """The next `times` requests matching `method` and `path` get `answer`."""

    method: str
    path: str
    answer: str
    times: int = 1
    retry_after: float | None = None
    status: int = 400
    delay: float | None = None

    def matches(self, method: str, path: str) -> bool:
        return (
            self.times > 0 and self.method in ("*", method) and fnmatch.fnmatchcase(path, self.path)
        )


class RuleError(ValueError):
    """An admin request's rule is not one this module can arm."""


def parse_rule(body: Any) -> Rule:
    """The `Rule` an admin POST's JSON body describes; `RuleError` saying what is wrong."""
    if not isinstance(body, dict):
        raise RuleError("the body must be a JSON object")
    known = {"method", "path", "answer", "times", "retry_after", "status", "delay"}
    if unknown := sorted(set(body) - known):
        raise RuleError(f"unknown field(s): {', '.join(unknown)}")
    answer = body.get("answer")
    if answer not in ANSWERS:
        raise RuleError(f"answer must be one of {', '.join(ANSWERS)}")
    method, path = body.get("method", "*"), body.get("path", "*")
    if not isinstance(method, str) or not isinstance(path, str):
        raise RuleError("method and path must be strings")
    times, status = body.get("times", 1), body.get("status", 400)
    if type(times) is not int or times < 1 or type(status) is not int or not 400 <= status <= 599:
        raise RuleError("times must be an integer of at least 1, status one from 400 to 599")
    numbers = {name: body.get(name) for name in ("retry_after", "delay")}
    for name, value in numbers.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise RuleError(f"{name} must be a number of seconds")
        if value is not None and value < 0:
            raise RuleError(f"{name} must not be negative")
    return Rule(
        method=method.upper(),
        path=path,
        answer=answer,
        times=times,
        retry_after=numbers["retry_after"],
        status=status,
        delay=numbers["delay"],
    )


class Misbehaving:
    """ASGI middleware: the admin resource, and the armed rules' answers before the mock's own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.rules: list[Rule] = []
        self._request_ids = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == ADMIN_PATH:
            await self._admin(scope, receive, send)
            return
        rule = next((r for r in self.rules if r.matches(scope["method"], scope["path"])), None)
        if rule is None:
            await self.app(scope, receive, send)
            return
        rule.times -= 1
        if rule.times == 0:
            self.rules.remove(rule)
        await self._misbehave(rule, scope, receive, send)

    async def _misbehave(self, rule: Rule, scope: Scope, receive: Receive, send: Send) -> None:
        if rule.answer == "slow":
            await asyncio.sleep(rule.delay or 0)
            await self.app(scope, receive, send)
            return
        if rule.answer == "no_answer":
            await _hold(receive, NO_ANSWER_SECONDS if rule.delay is None else rule.delay)
            return
        headers = [(b"x-request-id", f"misbehaviour-{next(self._request_ids)}".encode())]
        if rule.retry_after is not None:
            headers.append((b"retry-after", _seconds(rule.retry_after).encode()))
        if rule.answer == "html":
            await _answer(send, 502, HTML_PAGE, b"text/html; charset=utf-8", headers)
            return
        status, code = {
            "rate_limited": (429, "rate_limited"),
            "unavailable": (503, "service_unavailable"),
            "unknown_code": (rule.status, UNKNOWN_CODE),
        }[rule.answer]
        error = {"code": code, "message": f"misbehaviour: {rule.answer}", "details": []}
        body = json.dumps({"error": error}).encode()
        await _answer(send, status, body, b"application/json", headers)

    async def _admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method == "DELETE":
            self.rules.clear()
            await _answer(send, 204, b"", None, [])
        elif method == "GET":
            rules = json.dumps([asdict(rule) for rule in self.rules]).encode()
            await _answer(send, 200, rules, b"application/json", [])
        elif method == "POST":
            try:
                rule = parse_rule(json.loads(await _body(receive) or b"null"))
            except (ValueError, RuleError) as error:
                problem = json.dumps({"error": str(error)}).encode()
                await _answer(send, 400, problem, b"application/json", [])
                return
            self.rules.append(rule)
            await _answer(send, 201, json.dumps(asdict(rule)).encode(), b"application/json", [])
        else:
            await _answer(send, 405, b"", None, [(b"allow", b"GET, POST, DELETE")])


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body"):
            return b"".join(chunks)


async def _hold(receive: Receive, seconds: float) -> None:
    # Read everything the client sends and answer nothing, until it hangs up or time runs out
    # (then uvicorn, seeing no answer started, sends its plain-text 500 and closes).
    async def until_disconnect() -> None:
        message: Message = {"type": "http.request"}
        while message["type"] != "http.disconnect":
            message = await receive()

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(until_disconnect(), seconds)


async def _answer(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes | None,
    headers: list[tuple[bytes, bytes]],
) -> None:
    all_headers = [*headers, (b"content-length", str(len(body)).encode())]
    if content_type is not None:
        all_headers.append((b"content-type", content_type))
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body})


def wrap(app: ASGIApp, enabled: bool) -> ASGIApp:
    """`app` with the admin resource and its rules when `enabled` (the option), else `app`."""
    return Misbehaving(app) if enabled else app


def app_from_environment() -> ASGIApp:
    """A worker's application (`snapshots_mock.cli` names it only with ``--misbehaviour``)."""
    from snapshots_mock.app import app_from_environment as mock_from_environment

    mock = mock_from_environment()
    return wrap(mock, mock.config.misbehaviour)
