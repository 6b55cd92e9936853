"""The ASGI application: the document's routes, authentication, checks, handlers, answers.

For each request, in this order (the order is part of the API, written in the document):

1. Route: a path the document does not have is ``404 not_found`` (a path without its trailing
   ``/`` too: there is no redirect); a method the path does not support is
   ``405 method_not_allowed`` with ``Allow``. Both are answered whatever the token, since the
   API's paths are public.
2. Authenticate: a missing, malformed or unknown bearer token is ``401 unauthorized``.
3. Check the parameters, then the body (media type ``415``, size ``413``, then JSON and schema),
   against the document: ``400 invalid_parameters`` naming every offending field.
4. Run the operation's handler, which may refuse with its own error.
5. With response validation on, check the answer against the document before sending it.

Handlers run on the event loop, not in a thread pool: a SQLite statement takes microseconds,
less than the hop to a thread, and a handler never awaits inside its transaction, so the
transactions of one worker never interleave.
"""

from __future__ import annotations

import gc
import hmac
import json
import logging
import math
import sys
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Message, Receive, Scope, Send

from snapshots_mock.clock import Clock, SystemClock
from snapshots_mock.config import MockConfig
from snapshots_mock.document import ApiDocument, Operation, Problem, load_document
from snapshots_mock.errors import UNAUTHORIZED, ApiError, invalid_parameters
from snapshots_mock.handlers import HANDLERS, Call, Handler, Reply
from snapshots_mock.seed import Seed, load_seed, token_digest
from snapshots_mock.store import Store

ACCESS_LOG = logging.getLogger("snapshots_mock.access")
LOG = logging.getLogger("snapshots_mock")
JSON = "application/json"
_CONTENT_TYPE_JSON = (b"content-type", JSON.encode("latin-1"))
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ResponseMismatch(Exception):
    """The mock's own answer breaks the document: a bug in the mock, not in the request."""


# Statuses whose answer has no body, so no Content-Length (Starlette's rule, kept).
_NO_BODY_STATUSES = frozenset((204, 304))


class JsonResponse(Response):
    """A Starlette `Response` of a JSON body (or none), with its headers built directly.

    The headers are those Starlette makes, in its order (the given ones lowercased, then
    ``content-length``, then ``content-type``), without its general checks and conversions:
    building the answer of a list request took 1.5 microseconds through `Response`, 0.5 here.
    It sets what `Response.__call__` reads (``status_code``, ``raw_headers``, ``body``,
    ``background``) in the pinned Starlette; a Starlette upgrade is checked by the mock's tests.
    """

    def __init__(
        self, status: int, content: bytes | None, headers: Mapping[str, str] | None = None
    ) -> None:
        self.status_code = status
        self.background = None
        self.body = b"" if content is None else content
        given = headers.items() if headers else ()
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in given]
        if status >= 200 and status not in _NO_BODY_STATUSES:
            raw.append((b"content-length", str(len(self.body)).encode("latin-1")))
        if content is not None:
            raw.append(_CONTENT_TYPE_JSON)
        self.raw_headers = raw


class SnapshotsMock:
    """The mock server as an ASGI application, with its store, clock and test reset."""

    def __init__(self, config: MockConfig, clock: Clock | None = None) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.document: ApiDocument = load_document(config.openapi_path)
        self.seed: Seed = load_seed(config.seed_path)
        self.store = Store(config)
        self._tokens: tuple[tuple[bytes, int], ...] = ()
        # True when the mock is the whole process (a worker of the command), not a guest in one.
        self.owns_process = False
        missing = {op.operation_id for op in self.document.operations} - set(HANDLERS)
        if missing:
            raise LookupError(f"the document has operations without a handler: {missing}")
        endpoints = {
            template: _PathEndpoint(self, operations)
            for template, operations in self.document.paths.items()
        }
        routes = [Route(template, endpoint=e, methods=None) for template, e in endpoints.items()]
        # The document's paths are found here, past Starlette's middleware and router, which
        # took a fifth of the mock's own time on a list request (bench/) and 14 of the 34
        # microseconds of a delete (in process): a path without parameters
        # ("/api/v1/snapshots/") by a dictionary look-up, the others by their Starlette route's
        # own matching, in the router's order. A path no route matches (a 404) goes through
        # Starlette, for its answer.
        self._exact_paths = {t: e for t, e in endpoints.items() if "{" not in t}
        self._templated_routes = tuple(
            (route, endpoints[route.path]) for route in routes if "{" in route.path
        )
        self.app = Starlette(
            routes=routes,
            exception_handlers={HTTPException: self._http_exception, Exception: self._crash},
            lifespan=self._lifespan,
        )
        self.app.router.redirect_slashes = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.config.access_log:
            await self._dispatch(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._dispatch(scope, receive, send_logged)
        finally:
            # Method, path and status only: a header (and so a token) is never logged.
            query = scope.get("query_string", b"")
            ACCESS_LOG.info(
                '"%s %s%s" %d %.1fms',
                scope["method"],
                scope["path"],
                "?" + query.decode("latin-1") if query else "",
                status,
                (time.perf_counter() - started) * 1000,
            )

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self._endpoint(scope) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
        else:
            await endpoint(scope, receive, send)

    def _endpoint(self, scope: Scope) -> _PathEndpoint | None:
        endpoint = self._exact_paths.get(scope["path"])
        if endpoint is not None:
            return endpoint
        for route, endpoint in self._templated_routes:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope.update(child_scope)  # the path's parameters, as Starlette's router does
                return endpoint
        return None

    # -- state --------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Create and seed the database if it is new, and learn the accounts' tokens."""
        self.store.prepare(self.seed)
        self._load_tokens()

    def reset(self) -> None:
        """Back to the seed data: every snapshot and restore since is forgotten (for tests)."""
        self.store.reset(self.seed)
        self._load_tokens()

    def _load_tokens(self) -> None:
        digests = self.store.accounts_by_digest()
        self._tokens = tuple((bytes.fromhex(d), account) for d, account in digests.items())

    def authenticate(self, authorization: bytes | None) -> int | None:
        """The account of a ``Bearer`` token, or None.

        The token's SHA-256 is compared with every account's in constant time, all of them,
        so the time taken says nothing about how much of a token was right.
        """
        if authorization is None:
            return None
        scheme, _, token = authorization.partition(b" ")
        if scheme.lower() != b"bearer" or not token.strip():
            return None
        digest = bytes.fromhex(token_digest(token.strip()))
        found = None
        for known, account_id in self._tokens:
            if hmac.compare_digest(digest, known):
                found = account_id
        return found

    @asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self.prepare()
        if self.owns_process:
            # What start-up loaded (the document, the seed) lives as long as the process: keep
            # it out of the garbage collector's rounds, which otherwise walk it again and again.
            gc.collect()
            gc.freeze()
        yield
        self.store.close()

    # -- answers ------------------------------------------------------------------------------

    async def _http_exception(self, request: Request, exc: Exception) -> Response:
        # Starlette's router raises 404 for a path no route matches; nothing else raises it.
        assert isinstance(exc, HTTPException), exc
        assert exc.status_code == 404, exc
        path = request.url.path
        error = ApiError(404, "not_found", f"There is no such path: {path} (paths end in '/').")
        return self.error_response(error)

    async def _crash(self, _request: Request, exc: Exception) -> Response:
        return self.crash_response(exc)

    def crash_response(self, exc: Exception) -> Response:
        # A bug in the mock (the request was fine, or it would have been refused): still JSON.
        LOG.error("the mock failed", exc_info=exc)
        body = {"mock_error": "the mock failed", "detail": repr(exc)}
        return JsonResponse(500, orjson.dumps(body))

    def error_response(self, error: ApiError, operation: Operation | None = None) -> Response:
        body = error.body()
        if self.config.validate_responses:
            self._check_answer(error.status, body, operation)
        return JsonResponse(error.status, orjson.dumps(body), error.headers)

    def reply_response(self, reply: Reply, operation: Operation) -> Response:
        if self.config.validate_responses:
            self._check_answer(reply.status, reply.body, operation)
        content = None if reply.body is None else orjson.dumps(reply.body)
        return JsonResponse(reply.status, content, reply.headers)

    def _check_answer(self, status: int, body: Any, operation: Operation | None) -> None:
        if operation is None:
            # 404 for an unknown path and 405 belong to no operation: the shared error schema.
            problems = self.document.error_schema.problems(body)
        else:
            documented = operation.responses.get(status)
            if documented is None:
                raise ResponseMismatch(f"{operation.operation_id} does not document {status}")
            if documented.schema is None:
                problems = [] if body is None else [Problem("body", "no body is documented")]
            else:
                problems = documented.schema.problems(body)
        if problems:
            where = operation.operation_id if operation else "error"
            raise ResponseMismatch(f"{where} {status}: {problems}")


class _PathEndpoint:
    """The ASGI endpoint of one path of the document: dispatches on the method."""

    def __init__(self, mock: SnapshotsMock, operations: Mapping[str, Operation]) -> None:
        self.mock = mock
        self.operations = dict(operations)
        self.handlers: dict[str, Handler] = {
            method: HANDLERS[op.operation_id] for method, op in operations.items()
        }
        self.allow = ", ".join(sorted(operations))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = self.operations.get(scope["method"])
        try:
            response = await self._respond(operation, scope, receive)
        except ResponseMismatch as mismatch:
            LOG.error("the mock's answer breaks the document: %s", mismatch)
            body = {"mock_error": "the mock's answer breaks the document", "detail": str(mismatch)}
            response = JsonResponse(500, orjson.dumps(body))
        except Exception as exc:
            # Here, not in Starlette's error middleware, which a path of the document does not pass.
            response = self.mock.crash_response(exc)
        await response(scope, receive, send)

    async def _respond(
        self, operation: Operation | None, scope: Scope, receive: Receive
    ) -> Response:
        mock = self.mock
        if operation is None:
            message = f"{scope['method']} is not allowed here; allowed: {self.allow}."
            error = ApiError(405, "method_not_allowed", message, headers={"Allow": self.allow})
            return mock.error_response(error)
        headers = _Headers(scope)
        account_id = mock.authenticate(headers.get(b"authorization"))
        if account_id is None and mock.config.faults.skip_auth:
            account_id = mock.seed.accounts[0].id  # FAULT: skip_auth (see config.Faults)
        try:
            if account_id is None:
                raise UNAUTHORIZED
            params = _parameters(operation, scope)
            body = await _read_body(
                operation,
                headers,
                receive,
                mock.config.max_body_bytes,
                accept_invalid_name=mock.config.faults.accept_invalid_name,
            )
            call = Call(account_id, params, body, mock.clock.now(), mock.store, mock.config)
            reply = self.handlers[operation.method](call)
        except ApiError as error:
            return mock.error_response(error, operation)
        return mock.reply_response(reply, operation)


class _Headers:
    def __init__(self, scope: Scope) -> None:
        self.raw: list[tuple[bytes, bytes]] = scope["headers"]

    def get(self, name: bytes) -> bytes | None:
        for key, value in self.raw:
            if key == name:
                return value
        return None


def _parameters(operation: Operation, scope: Scope) -> dict[str, Any]:
    path_params: dict[str, str] = scope.get("path_params", {})
    query: dict[str, list[str]] = {}
    if operation.parameters and scope["query_string"]:
        query = _query(scope["query_string"].decode("latin-1"))
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for parameter in operation.parameters:
        if parameter.location == "path":
            texts = [path_params[parameter.name]]
        else:
            texts = query.get(parameter.name, [])
        if not texts:
            if parameter.required:
                problems.append(Problem(parameter.name, "is required"))
            continue
        if len(texts) > 1:
            problems.append(Problem(parameter.name, "is given more than once"))
            continue
        value, found = parameter.parse(texts[0])
        problems.extend(found)
        values[parameter.name] = value
    if problems:
        raise invalid_parameters(problems)
    return values


def _query(text: str) -> dict[str, list[str]]:
    if "%" in text or "+" in text:
        # errors="replace": a percent-encoded byte that is not UTF-8 becomes U+FFFD, which no
        # parameter's schema accepts, so it is a 400 that names the parameter.
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="replace")
    # Nothing to decode (the usual "server_id=12345"): the same result, a good deal faster.
    found: dict[str, list[str]] = {}
    for part in text.split("&"):
        if part:
            name, _, value = part.partition("=")
            found.setdefault(name, []).append(value)
    return found


def _media_type(content_type: bytes | None) -> str:
    if content_type is None:
        return ""
    return content_type.split(b";", 1)[0].strip().lower().decode("latin-1")


async def _read_body(
    operation: Operation,
    headers: _Headers,
    receive: Receive,
    limit: int,
    *,
    accept_invalid_name: bool = False,
) -> Any:
    """The request's JSON body, checked against the document; None for an operation without.

    The body is read a message at a time and refused as soon as it passes `limit`, so a huge
    body is never held in memory. (Starlette's own body limit answers in plain text, and
    replaces even a 401 when the declared length is too big, hence this.)
    """
    if not operation.takes_body:
        return None  # a body sent to an operation without one is ignored, unread
    if _media_type(headers.get(b"content-type")) not in operation.body_media_types:
        message = "The request body must be application/json."
        raise ApiError(415, "unsupported_media_type", message)
    declared = headers.get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        event = await receive()
        if event["type"] != "http.request":
            # The client went away mid-body: refuse, so that half a body is never acted on.
            raise invalid_parameters([Problem("body", "the body ended early")])
        chunk: bytes = event.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        more = event.get("more_body", False)
    raw = b"".join(chunks)
    if not raw.strip():
        if operation.body_required:
            raise invalid_parameters([Problem("body", "a JSON body is required")])
        return None
    value = _parse_json(raw)
    if operation.body_schema is not None:
        problems = operation.body_schema.problems(value)
        if accept_invalid_name and isinstance(value, dict) and isinstance(value.get("name"), str):
            problems = [p for p in problems if p.field != "name"]  # FAULT: accept_invalid_name
        if problems:
            raise invalid_parameters(problems)
    return value


def _too_large(limit: int) -> ApiError:
    # Made when needed, not ahead of every body: 1 microsecond of a create's time.
    message = f"The request body is larger than {limit} bytes."
    return ApiError(413, "payload_too_large", message, headers={"Connection": "close"})


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is out of range")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the field {key!r} is given more than once")
            seen.add(key)
    return value


_DECODER = json.JSONDecoder(
    parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys
)


def _parse_json(raw: bytes) -> Any:
    # The stdlib parser, not orjson: it keeps integers of any size (so an out-of-range id gets
    # the schema's message, not "invalid JSON"); non-finite numbers and repeated keys are
    # refused here because JSON has no value for them.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problem = f"the body is not valid UTF-8 (byte {error.start})"
        raise invalid_parameters([Problem("body", problem)]) from None
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise invalid_parameters([Problem("body", "the JSON is nested too deeply")]) from None
    except ValueError as error:
        raise invalid_parameters(
            [Problem("body", f"the body is not valid JSON: {error}")]
        ) from None
    if "\\ud" in text.lower():
        # JSON lets an escaped surrogate ("\ud800") stand alone, but alone it is no character:
        # no text holds it (nor can the database store it), so it is refused as a bad value.
        problems = list(_lone_surrogates(value, []))
        if problems:
            raise invalid_parameters(problems)
    return value


def _lone_surrogates(value: Any, path: list[str]) -> Iterator[Problem]:
    if isinstance(value, str):
        if any("\ud800" <= char <= "\udfff" for char in value):
            yield Problem(".".join(path) or "body", "holds a lone surrogate (U+D800-U+DFFF)")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _lone_surrogates(key, path)
            yield from _lone_surrogates(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _lone_surrogates(item, [*path, str(index)])


def create_app(config: MockConfig | None = None, clock: Clock | None = None) -> SnapshotsMock:
    """The mock server for `config` (default: `MockConfig()`), on `clock` (default: system)."""
    return SnapshotsMock(config or MockConfig(), clock)


def app_from_environment() -> SnapshotsMock:
    """The application of one worker process, configured by its parent (see `cli`)."""
    config = MockConfig.from_environment()
    configure_logging(config.log_level)
    mock = SnapshotsMock(config)
    mock.owns_process = True
    return mock


def configure_logging(level: str) -> None:
    """Log to stderr, as cheaply as a line per request allows (the server's processes only)."""
    # The logging HOWTO's "Optimization": no caller lookup, thread or process names, none of
    # which the format shows. Halves the cost of the access line.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT, stream=sys.stderr, force=True)
