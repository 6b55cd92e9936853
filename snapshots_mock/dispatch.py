"""From a request to its answer: the document's path, then the method's checks and handler.

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

Handlers call the database, so they run off the event loop, in the store's threads (one for
reads, one for writes: `store.Store.run`): a statement waiting for a locked SQLite file or a
slow PostgreSQL then holds up only the requests that wait for the same lane, never those that
need no database (a 401, a 404, a 400) nor, behind a locked write, the reads (issue 24). A
SQLite read alone is first tried on the loop, on a connection that never waits for a lock
(a read there takes less time than the hop to a thread); one that meets a lock goes to the
reads' thread.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from snapshots_mock import answer_faults
from snapshots_mock.body import read_body
from snapshots_mock.document import Operation
from snapshots_mock.errors import UNAUTHORIZED, ApiError, service_unavailable
from snapshots_mock.handlers import HANDLERS, Call, Handler
from snapshots_mock.headers import Headers
from snapshots_mock.parameters import parameters
from snapshots_mock.responses import ResponseMismatch
from snapshots_mock.store import DatabaseUnavailable

LOG = logging.getLogger("snapshots_mock")
# The methods the head_and_options_answered fault answers (config.Faults).
_PROBES = ("HEAD", "OPTIONS")

if TYPE_CHECKING:
    from snapshots_mock.app import SnapshotsMock


class PathEndpoint:
    """The ASGI endpoint of one path of the document: dispatches on the method."""

    def __init__(self, mock: SnapshotsMock, operations: Mapping[str, Operation]) -> None:
        self.mock = mock
        self.operations = dict(operations)
        self.handlers: dict[str, Handler] = answer_faults.wrap(
            {method: HANDLERS[op.operation_id] for method, op in operations.items()},
            mock.config.faults,
        )
        self.allow = ", ".join(sorted(operations))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        operation = self.operations.get(scope["method"])
        try:
            response = await self._respond(operation, scope, receive)
        except ResponseMismatch as mismatch:
            response = self.mock.answers.mismatch(mismatch)
        except DatabaseUnavailable as outage:
            # The driver's message (host, port, the server's own words) goes to the log only.
            LOG.warning("the database is unavailable: %r", outage.__cause__)
            error = service_unavailable(self.mock.config.retry_after_seconds)
            response = self.mock.answers.error(error, operation)
        except Exception as exc:
            # Here, not in Starlette's error middleware, which a path of the document does not pass.
            response = self.mock.answers.crash(exc)
        await response(scope, receive, send)

    async def _respond(
        self, operation: Operation | None, scope: Scope, receive: Receive
    ) -> Response:
        mock = self.mock
        answers = mock.answers
        faults = mock.config.faults
        if operation is None and faults.head_and_options_answered and scope["method"] in _PROBES:
            return Response(
                status_code=204, headers={"Allow": self.allow}
            )  # FAULT: head_and_options_answered
        if operation is None:
            message = f"{scope['method']} is not allowed here; allowed: {self.allow}."
            error = ApiError(405, "method_not_allowed", message, headers={"Allow": self.allow})
            return answers.error(error)
        headers = Headers(scope)
        # Two Authorization headers are no token: which one would count is anyone's guess.
        account_id = mock.tokens.authenticate(headers.only(b"authorization"))
        if account_id is None and faults.skip_auth:
            account_id = mock.seed.accounts[0].id  # FAULT: skip_auth (see config.Faults)
        try:
            if account_id is None:
                raise UNAUTHORIZED
            params = parameters(
                operation,
                scope,
                take_first_of_repeated=faults.repeated_query_parameter_taken,
                refuse_unknown=faults.unknown_query_parameter_refused,
                path_id_not_found=faults.bad_path_id_not_found,
            )
            body = await read_body(
                operation,
                headers,
                receive,
                mock.config.max_body_bytes,
                accept_invalid_name=faults.accept_invalid_name,
            )
            call = Call(account_id, params, body, mock.clock.now(), mock.store, mock.config)
            # GET is the one method whose handler only reads (HTTP's safe method).
            writes = operation.method != "GET"
            reply = await mock.store.run(self.handlers[operation.method], call, writes=writes)
        except ApiError as error:
            return answers.error(error, operation)
        return answers.reply(reply, operation)


class Router:
    """Finds the document's path of a request, past Starlette's middleware and router.

    Starlette's took a large share of the mock's own time per request (docs/benchmarks.md): a
    path without parameters ("/api/v1/snapshots/") is found by a dictionary look-up, the others
    by their Starlette route's own matching, in the router's order. A path no route matches (a
    404) goes through Starlette, for its answer.
    """

    def __init__(self, routes: list[Route], endpoints: Mapping[str, PathEndpoint]) -> None:
        self._exact_paths = {t: e for t, e in endpoints.items() if "{" not in t}
        self._templated_routes = tuple(
            (route, endpoints[route.path]) for route in routes if "{" in route.path
        )

    def endpoint(self, scope: Scope) -> PathEndpoint | None:
        endpoint = self._exact_paths.get(scope["path"])
        if endpoint is not None:
            return endpoint
        for route, endpoint in self._templated_routes:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope.update(child_scope)  # the path's parameters, as Starlette's router does
                return endpoint
        return None
