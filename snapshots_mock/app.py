"""The ASGI application: the document's paths, the store, the tokens, and the test reset.

What happens to one request is in `dispatch`; its parts are read by `headers`, `parameters`
and `body`, answered through `responses`, and logged by `logs`.
"""

from __future__ import annotations

import gc
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from snapshots_mock.auth import Tokens
from snapshots_mock.clock import Clock, SystemClock
from snapshots_mock.config import MockConfig
from snapshots_mock.dispatch import PathEndpoint, Router
from snapshots_mock.document import ApiDocument, load_document
from snapshots_mock.errors import ApiError
from snapshots_mock.handlers import HANDLERS
from snapshots_mock.logs import AccessLog, configure_logging, query_parameters
from snapshots_mock.responses import Answers
from snapshots_mock.seed import Seed, load_seed
from snapshots_mock.store import Store
from snapshots_mock.workers import end_with_parent


class SnapshotsMock:
    """The mock server as an ASGI application, with its store, clock and test reset."""

    def __init__(self, config: MockConfig, clock: Clock | None = None) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.document: ApiDocument = load_document(config.openapi_path)
        self.seed: Seed = load_seed(config.seed_path)
        self.store = Store(config)
        self.tokens = Tokens()
        self.answers = Answers(self.document, config.validate_responses, config.faults)
        # True when the mock is the whole process (a worker of the command), not a guest in one.
        self.owns_process = False
        missing = {op.operation_id for op in self.document.operations} - set(HANDLERS)
        if missing:
            raise LookupError(f"the document has operations without a handler: {missing}")
        endpoints = {
            template: PathEndpoint(self, operations)
            for template, operations in self.document.paths.items()
        }
        routes = [Route(template, endpoint=e, methods=None) for template, e in endpoints.items()]
        self.router = Router(routes, endpoints)
        self.app = Starlette(
            routes=routes,
            exception_handlers={HTTPException: self._http_exception, Exception: self._crash},
            lifespan=self._lifespan,
        )
        # FAULT: redirect_without_slash (Starlette's default, a 307 to the path with its slash)
        self.app.router.redirect_slashes = config.faults.redirect_without_slash
        self._entry: ASGIApp = self._dispatch
        if config.access_log:
            shown = query_parameters(p for op in self.document.operations for p in op.parameters)
            self._entry = AccessLog(self._dispatch, shown)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._entry(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and b"%" in scope.get("raw_path", b""):
            scope["path"] = _path_keeping_encoded_slashes(scope["raw_path"])
        endpoint = self.router.endpoint(scope) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
        else:
            await endpoint(scope, receive, send)

    # -- state --------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Create and seed the database if it is new (with `fresh`, seed it again whatever it
        holds), and learn the accounts' tokens."""
        self.store.prepare(self.seed)
        if self.config.fresh:
            self.store.reset(self.seed)
        self.tokens.load(self.store)

    def reset(self) -> None:
        """Back to the seed data: every snapshot and restore since is forgotten (for tests)."""
        self.store.reset(self.seed)
        self.tokens.load(self.store)

    def authenticate(self, authorization: bytes | None) -> int | None:
        """The account of a ``Bearer`` token, or None (see `auth.Tokens`)."""
        return self.tokens.authenticate(authorization)

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

    # -- Starlette's answers (paths the document does not have) ----------------------------

    async def _http_exception(self, request: Request, exc: Exception) -> Response:
        # Starlette's router raises 404 for a path no route matches; nothing else raises it.
        assert isinstance(exc, HTTPException), exc
        assert exc.status_code == 404, exc
        path = request.url.path
        error = ApiError(404, "not_found", f"There is no such path: {path} (paths end in '/').")
        return self.answers.error(error)

    async def _crash(self, _request: Request, exc: Exception) -> Response:
        return self.answers.crash(exc)


def _path_keeping_encoded_slashes(raw_path: bytes) -> str:
    """The decoded path, but with an encoded slash (``%2F``) kept as ``%2F``.

    uvicorn decodes the whole path, so ``/snapshots/798%2Frestore/`` would be routed as the
    restore of 798; a ``%2F`` is part of a segment, not a separator, so here that path is a
    snapshot id of "798/restore", which is no integer: a 400.
    """
    segments = raw_path.decode("latin-1").split("/")
    return "/".join(urllib.parse.unquote(s).replace("/", "%2F") for s in segments)


def create_app(config: MockConfig | None = None, clock: Clock | None = None) -> SnapshotsMock:
    """The mock server for `config` (default: `MockConfig()`), on `clock` (default: system)."""
    return SnapshotsMock(config or MockConfig(), clock)


def app_from_environment() -> SnapshotsMock:
    """The application of one worker process, configured by its parent (see `cli`)."""
    end_with_parent()
    config = MockConfig.from_environment()
    configure_logging(config.log_level)
    mock = SnapshotsMock(config)
    mock.owns_process = True
    return mock
