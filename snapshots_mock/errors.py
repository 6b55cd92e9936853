"""The one error body of the API, ``{"error": {"code", "message", "details"}}``, as an exception.

A handler raises `ApiError` anywhere inside a write transaction; the transaction is rolled back
and the error becomes the response, so a refused request changes nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from snapshots_mock.config import default_document
from snapshots_mock.document import Problem, document_facts


def error_status(code: str) -> int:
    """The status the document gives the error `code` (the ``ErrorCode`` schema's
    ``x-error-statuses``)."""
    return document_facts(default_document()).error_statuses[code]


class ApiError(Exception):
    """An error answer: its status, code (from the document's closed list) and message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Iterable[Problem] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        # Every error's status is the document's for its code: a status written beside a code
        # that disagrees with the document is the mock's bug, found where it is made.
        if status != error_status(code):
            raise ValueError(f"{code} is {error_status(code)} in the document, not {status}")
        self.status = status
        self.code = code
        self.message = message
        self.details = tuple(details)
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        details = [{"field": d.field, "message": d.message} for d in self.details]
        return {"error": {"code": self.code, "message": self.message, "details": details}}


def invalid_parameters(problems: Iterable[Problem]) -> ApiError:
    code = "invalid_parameters"
    return ApiError(error_status(code), code, "The request has invalid parameters.", problems)


UNAUTHORIZED = ApiError(
    error_status("unauthorized"), "unauthorized", "Invalid or missing authentication token."
)


def service_unavailable(retry_after: int) -> ApiError:
    """503: the database cannot be reached, or the worker has too many connections.

    The message is fixed: what went wrong (a driver's message names hosts and ports) goes to the
    log only.
    """
    message = "The service is unavailable for a moment; try again after Retry-After seconds."
    code = "service_unavailable"
    return ApiError(error_status(code), code, message, headers={"Retry-After": str(retry_after)})
