"""The mock's answers: the JSON response, and the check of each answer against the document."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response

from snapshots_mock.config import Faults
from snapshots_mock.document import ApiDocument, Operation, Problem
from snapshots_mock.errors import ApiError
from snapshots_mock.handlers import Reply

LOG = logging.getLogger("snapshots_mock")
JSON = "application/json"
_CONTENT_TYPE_JSON = (b"content-type", JSON.encode("latin-1"))
# Statuses whose answer has no body, so no Content-Length (Starlette's rule, kept).
_NO_BODY_STATUSES = frozenset((204, 304))


class ResponseMismatch(Exception):
    """The mock's own answer breaks the document: a bug in the mock, not in the request."""


class JsonResponse(Response):
    """A Starlette `Response` of a JSON body (or none), with its headers built directly.

    The headers are those Starlette makes, in its order (the given ones lowercased, then
    ``content-length``, then ``content-type``), without its general checks and conversions,
    which cost more than the rest of building the answer (docs/benchmarks.md). It sets what
    `Response.__call__` reads (``status_code``, ``raw_headers``, ``body``, ``background``) in
    the pinned Starlette; tests/mock/test_upstream_internals.py compares it with `Response`.
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


class Answers:
    """Builds the answers of one mock, checking each against the document when asked to."""

    def __init__(self, document: ApiDocument, validate: bool, faults: Faults | None = None) -> None:
        self.document = document
        self.validate = validate
        self.faults = faults or Faults()

    def crash(self, exc: BaseException) -> Response:
        # A bug in the mock (the request was fine, or it would have been refused): still JSON.
        LOG.error("the mock failed", exc_info=exc)
        body = {"mock_error": "the mock failed", "detail": repr(exc)}
        return JsonResponse(500, orjson.dumps(body))

    def mismatch(self, mismatch: ResponseMismatch) -> Response:
        LOG.error("the mock's answer breaks the document: %s", mismatch)
        body = {"mock_error": "the mock's answer breaks the document", "detail": str(mismatch)}
        return JsonResponse(500, orjson.dumps(body))

    def error(self, error: ApiError, operation: Operation | None = None) -> Response:
        body = error.body()
        if self.faults.details_on_other_errors and error.code != "invalid_parameters":
            # FAULT: details_on_other_errors
            body["error"]["details"] = [{"field": "request", "message": error.message}]
        if self.faults.framework_error_body and error.code in ("not_found", "method_not_allowed"):
            body = {"detail": error.message}  # FAULT: framework_error_body
        if self.validate:
            self._check(error.status, body, operation)
        return JsonResponse(error.status, orjson.dumps(body), error.headers)

    def reply(self, reply: Reply, operation: Operation) -> Response:
        if self.validate:
            self._check(reply.status, reply.body, operation)
        content = None if reply.body is None else orjson.dumps(reply.body)
        return JsonResponse(reply.status, content, reply.headers)

    def _check(self, status: int, body: Any, operation: Operation | None) -> None:
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
